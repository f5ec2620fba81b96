package com.voiceagent.whatsapp.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

  @Test
  void aHostingStyleUrlBecomesJdbcWithCredentials() {
    DatabaseUrl url = DatabaseUrl.parse("postgres://wa:s%40cret@db.internal:5433/whatsapp?sslmode=require");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/whatsapp?sslmode=require");
    assertThat(url.username()).isEqualTo("wa");
    assertThat(url.password()).isEqualTo("s@cret");
    assertThat(url.toString()).doesNotContain("cret");
  }

  @Test
  void aJdbcUrlIsUsedAsIsAndAnythingElseIsRefused() {
    assertThat(DatabaseUrl.parse("jdbc:postgresql://h/db").jdbcUrl()).isEqualTo("jdbc:postgresql://h/db");
    assertThatThrownBy(() -> DatabaseUrl.parse("mysql://h/db")).hasMessageContaining("DATABASE_URL");
  }
}
