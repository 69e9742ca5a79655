package dev.reflow.trace.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactionTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "postgresql://user:pw@host|postgresql://user:****@host",
      "postgresql://user:pw@host:5432/db?sslmode=require|postgresql://user:****@host:5432/db?sslmode=require",
      "postgres://reflow:s3cr3t@db.internal/reflow_traces|postgres://reflow:****@db.internal/reflow_traces",
      "jdbc:postgresql://user:pw@host/db|jdbc:postgresql://user:****@host/db",
      "jdbc:postgresql://host/db?user=u&password=pw|jdbc:postgresql://host/db?user=u&password=****",
      "jdbc:postgresql://host/db?password=pw&user=u|jdbc:postgresql://host/db?password=****&user=u",
      "jdbc:sqlserver://h;user=u;password=pw;db=x|jdbc:sqlserver://h;user=u;password=****;db=x",
      "mongodb://user:pw@h1,h2/db|mongodb://user:****@h1,h2/db",
      "mongodb://user:pw@h1:27017,h2:27017/db?replicaSet=rs0|mongodb://user:****@h1:27017,h2:27017/db?replicaSet=rs0",
      "mongodb+srv://tracer:m0ng0@cluster0.example.net/?retryWrites=true|mongodb+srv://tracer:****@cluster0.example.net/?retryWrites=true",
      "MONGODB://USER:PW@HOST|MONGODB://USER:****@HOST",
      "redis://:onlypw@cache:6379|redis://:****@cache:6379",
      "postgresql://user:p@ss@host/db|postgresql://user:****@host/db",
      "postgresql://user:pa/ss@host/db|postgresql://user:****@host/db",
      "postgresql://user:pa?ss#x@host/db|postgresql://user:****@host/db",
      "postgresql://me@corp.com:pw@host/db|postgresql://me@corp.com:****@host/db",
      "postgresql://user:pw@host/db?application_name=a@b|postgresql://user:****@host/db?application_name=a@b",
      "postgresql://u:%40pw@host|postgresql://u:****@host",
      "https://h/x?token=abc123&x=1|https://h/x?token=****&x=1",
      "https://h/x?api_key=abc123|https://h/x?api_key=****",
      "https://h/x?sslpassword=abc|https://h/x?sslpassword=****",
      "mongodb://h/db?authMechanism=MONGODB-AWS&authMechanismProperties=AWS_SESSION_TOKEN:tok|mongodb://h/db?authMechanism=MONGODB-AWS&authMechanismProperties=****",
  })
  @DisplayName("credentials in URLs are replaced, everything else kept")
  void redact_urlWithCredentials_masksSecretOnly(String input, String expected) {
    assertThat(Redaction.redact(input)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "postgresql://host:5432/db",
      "postgresql://user@host/db",
      "mongodb://h1,h2/db?replicaSet=rs0",
      "/var/lib/reflow/traces.db",
      ":memory:",
      "file:traces.db?mode=memory&cache=shared",
      "Unrecognized value for storage.backend: \"foo\"",
  })
  @DisplayName("text without credentials is unchanged")
  void redact_noCredentials_unchanged(String input) {
    assertThat(Redaction.redact(input)).isEqualTo(input);
  }

  @Test
  @DisplayName("several URLs in one message are each redacted")
  void redact_twoUrlsInMessage_bothMasked() {
    String message = "Could not connect to postgresql://a:one@h1/db (fallback mongodb://b:two@h2/db): refused";

    assertThat(Redaction.redact(message))
        .isEqualTo("Could not connect to postgresql://a:****@h1/db (fallback mongodb://b:****@h2/db): refused");
  }

  @Test
  @DisplayName("null stays null")
  void redact_null_null() {
    assertThat(Redaction.redact(null)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"storage.postgres.password", "storage.mongodb.PASSWORD", "storage.x.api_key",
      "storage.x.auth_token", "storage.x.client_secret", "storage.x.access_key", "storage.x.tls_key_passwd"})
  @DisplayName("secret keys are recognised by name")
  void isSecretKey_secretNames_true(String key) {
    assertThat(Redaction.isSecretKey(key)).isTrue();
    assertThat(Redaction.displayValue(key, "plain")).isEqualTo("****");
  }

  @ParameterizedTest
  @ValueSource(strings = {"storage.backend", "storage.postgres.connection_url", "storage.sqlite.database_path",
      "storage.postgres.max_connections", "storage.mongodb.collection_name"})
  @DisplayName("ordinary keys are shown, with URL credentials removed")
  void displayValue_ordinaryKey_redactedOnly(String key) {
    assertThat(Redaction.isSecretKey(key)).isFalse();
    assertThat(Redaction.displayValue(key, "postgresql://u:pw@h/db")).isEqualTo("postgresql://u:****@h/db");
  }

  @Test
  @DisplayName("a configured URL whose password holds spaces is shown without any of it")
  void displayValue_passwordWithSpaces_hiddenWhole() {
    assertThat(Redaction.displayValue("storage.postgres.connection_url", "postgresql://app:pass word S3cret@db:5432/x"))
        .isEqualTo("postgresql://app:****@db:5432/x");
    assertThat(Redaction.displayValue("storage.postgres.connection_url", "postgresql://u:pw@host/db?application_name=a@b"))
        .isEqualTo("postgresql://u:****@host/db?application_name=a@b");
  }

  @Test
  @DisplayName("secretsIn lists URL passwords, decoded too, and password parameters")
  void secretsIn_findsEverySecret() {
    assertThat(Redaction.secretsIn("postgresql://app:s%2Fcret@db/x")).contains("s%2Fcret", "s/cret");
    assertThat(Redaction.secretsIn("jdbc:postgresql://h/db?user=u&password=pw1")).contains("pw1");
    assertThat(Redaction.secretsIn("postgresql://app:pass word@db/x")).contains("pass word");
    assertThat(Redaction.secretsIn("sqlite.db")).isEmpty();
  }
}
