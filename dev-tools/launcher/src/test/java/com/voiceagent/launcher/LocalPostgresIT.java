package com.voiceagent.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPostgresIT {
  @TempDir Path home;

  @Test
  void dataWrittenBeforeARestartIsStillThereAfterIt() throws Exception {
    Path data = home.resolve("postgres-data");
    Path log = home.resolve("logs/postgres.log");

    try (LocalPostgres first = LocalPostgres.start(PortCheck.anyFreePort(), data, log);
         Connection c = DriverManager.getConnection(first.jdbcUrl(), LocalPostgres.USER, LocalPostgres.PASSWORD);
         Statement s = c.createStatement()) {
      s.execute("create table accepted_message (sid text primary key, body text)");
      s.execute("insert into accepted_message values ('SM1', 'שלום')");
    }

    try (LocalPostgres second = LocalPostgres.start(PortCheck.anyFreePort(), data, log);
         Connection c = DriverManager.getConnection(second.jdbcUrl(), LocalPostgres.USER, LocalPostgres.PASSWORD);
         Statement s = c.createStatement();
         ResultSet rows = s.executeQuery("select body from accepted_message where sid = 'SM1'")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("שלום");
    }
  }
}
