package dev.reflow.trace.storage.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflow.trace.storage.StorageConfig;
import dev.reflow.trace.storage.StorageConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MongoSettingsTest {
  private static final StorageConfig BASE = StorageConfig.empty()
      .with("storage.backend", "mongodb")
      .with("storage.mongodb.connection_url", "mongodb://localhost:27017");

  @Test
  @DisplayName("Only connection_url is required; the rest default to Reflow's names and safe values")
  void from_minimalConfig_usesDefaults() {
    MongoSettings s = MongoSettings.from(BASE);
    assertThat(s.databaseName()).isEqualTo("reflow_tracing");
    assertThat(s.collectionName()).isEqualTo("traces");
    assertThat(s.ttl()).isNull();
    assertThat(s.compressionThreshold()).isEqualTo(-1);
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.transactions()).isTrue();
  }

  @Test
  @DisplayName("Every key is read")
  void from_everyKey_isRead() {
    MongoSettings s = MongoSettings.from(BASE
        .with("storage.mongodb.database_name", "tracing")
        .with("storage.mongodb.collection_name", "flow_traces")
        .with("storage.mongodb.ttl", "30d")
        .with("storage.mongodb.compression_threshold", "65536")
        .with("storage.mongodb.connect_timeout", "2s")
        .with("storage.mongodb.transactions", "false"));
    assertThat(s.databaseName()).isEqualTo("tracing");
    assertThat(s.collectionName()).isEqualTo("flow_traces");
    assertThat(s.ttl()).isEqualTo(Duration.ofDays(30));
    assertThat(s.compressionThreshold()).isEqualTo(65536);
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.transactions()).isFalse();
  }

  @Test
  @DisplayName("Passwords and authMechanismProperties never appear in toString or redactedUrl")
  void redactedUrl_hidesSecrets() {
    MongoSettings s = MongoSettings.from(BASE.with("storage.mongodb.connection_url",
        "mongodb://app:s3cr3t@db1,db2/?authMechanism=MONGODB-AWS&authMechanismProperties=AWS_SESSION_TOKEN:tok3n"));
    assertThat(s.redactedUrl()).contains("app:****@db1").doesNotContain("s3cr3t").doesNotContain("tok3n");
    assertThat(s.toString()).doesNotContain("s3cr3t").doesNotContain("tok3n");
  }

  @Test
  @DisplayName("Bad values fail naming the full key and the value")
  void from_badValues_failNamingKey() {
    assertThatThrownBy(() -> MongoSettings.from(BASE.with("storage.mongodb.ttl", "0s")))
        .isInstanceOf(StorageConfigurationException.class).hasMessageContaining("storage.mongodb.ttl=0s");
    assertThatThrownBy(() -> MongoSettings.from(BASE.with("storage.mongodb.compression_threshold", "-5")))
        .isInstanceOf(StorageConfigurationException.class).hasMessageContaining("storage.mongodb.compression_threshold=-5");
    assertThatThrownBy(() -> MongoSettings.from(BASE.with("storage.mongodb.collection_name", "a$b")))
        .isInstanceOf(StorageConfigurationException.class).hasMessageContaining("must not contain $");
    assertThatThrownBy(() -> MongoSettings.from(BASE.with("storage.mongodb.collection_name", "system.traces")))
        .isInstanceOf(StorageConfigurationException.class).hasMessageContaining("reserved");
    assertThatThrownBy(() -> MongoSettings.from(BASE.with("storage.mongodb.connect_timeout", "0s")))
        .isInstanceOf(StorageConfigurationException.class).hasMessageContaining("storage.mongodb.connect_timeout");
    assertThatThrownBy(() -> MongoSettings.from(BASE.with("storage.mongodb.connection_url", "mongodb://u:pw@")))
        .isInstanceOf(StorageConfigurationException.class)
        .hasMessageContaining("storage.mongodb.connection_url").hasMessageNotContaining(":pw@");
  }

  @Test
  @DisplayName("Built directly, the settings refuse a URL that is not a MongoDB connection string without showing its password")
  void constructor_badUrl_refusedWithoutSecret() {
    assertThatThrownBy(() -> new MongoSettings("postgresql://u:s3cr3t@db/x", "db", "traces", null, -1,
        Duration.ofSeconds(1), true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("s3cr3t");
    MongoSettings ok = new MongoSettings("mongodb://u:s3cr3t@db/", "db", "traces", null, -1, Duration.ofSeconds(1), true);
    assertThat(ok.connectionUrl()).isEqualTo("mongodb://u:s3cr3t@db/");
    assertThat(ok.redactedUrl()).isEqualTo("mongodb://u:****@db/");
  }

  @Test
  @DisplayName("The public settings expose no MongoDB driver type, so a driver upgrade cannot break callers")
  void publicSurface_hasNoDriverTypes() {
    for (var c : MongoSettings.class.getRecordComponents()) {
      assertThat(c.getType().getName()).as(c.getName()).doesNotStartWith("com.mongodb").doesNotStartWith("org.bson");
    }
    for (var m : MongoSettings.class.getMethods()) {
      assertThat(m.getReturnType().getName()).as(m.getName()).doesNotStartWith("com.mongodb").doesNotStartWith("org.bson");
      for (Class<?> p : m.getParameterTypes()) {
        assertThat(p.getName()).as(m.getName()).doesNotStartWith("com.mongodb").doesNotStartWith("org.bson");
      }
    }
  }
}
