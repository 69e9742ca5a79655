package dev.reflow.trace.storage.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PgConnectionUrlTest {

  @Test
  @DisplayName("A libpq URI becomes a JDBC URL without credentials; user and password are taken out")
  void parse_libpqUriWithCredentials_splitsThemOut() {
    PgConnectionUrl url = PgConnectionUrl.parse("postgresql://reflow:s3cr%40t@db.example:5433/traces?sslmode=require");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/traces?sslmode=require");
    assertThat(url.user()).contains("reflow");
    assertThat(url.password()).contains("s3cr@t");
    assertThat(url.toString()).doesNotContain("s3cr");
  }

  @Test
  @DisplayName("A JDBC URL keeps its parameters; user and password parameters are taken out")
  void parse_jdbcUrlWithParameters_takesOutCredentials() {
    PgConnectionUrl url = PgConnectionUrl.parse("jdbc:postgresql://h1:5432,h2:5433/db?user=u&ssl=true&password=p%26w");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h1:5432,h2:5433/db?ssl=true");
    assertThat(url.user()).contains("u");
    assertThat(url.password()).contains("p&w");
  }

  @Test
  @DisplayName("postgres:// and a URL without credentials or database are accepted")
  void parse_shortForms_accepted() {
    assertThat(PgConnectionUrl.parse("postgres://localhost").jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/");
    PgConnectionUrl url = PgConnectionUrl.parse("postgresql://only-user@[::1]:5432/db");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/db");
    assertThat(url.user()).contains("only-user");
    assertThat(url.password()).isEmpty();
  }

  @Test
  @DisplayName("Another scheme is rejected with a message naming the accepted forms")
  void parse_otherScheme_rejected() {
    assertThatThrownBy(() -> PgConnectionUrl.parse("mysql://u:pw@host/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("postgresql://")
        .hasMessageNotContaining("pw");
  }
}
