package com.voiceagent.analyst;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** DuckDB through its JDBC driver: an in-memory database, in UTC, for one command. */
final class DuckDb {
  private DuckDb() {}

  static Connection inMemory() throws SQLException {
    Connection db = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement settings = db.createStatement()) {
      settings.execute("SET TimeZone = 'UTC'");
    } catch (SQLException e) {
      db.close();
      throw e;
    }
    return db;
  }
}
