package com.voiceagent.edge.health;

import java.sql.Connection;
import java.time.Duration;
import javax.sql.DataSource;

/** The database hands out a connection that answers isValid within the timeout. */
final class DataSourceReadinessCheck implements ReadinessCheck {
  private final DataSource dataSource;

  DataSourceReadinessCheck(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public String name() {
    return "database";
  }

  @Override
  public void check(Duration timeout) throws Exception {
    try (Connection connection = dataSource.getConnection()) {
      if (!connection.isValid((int) Math.max(1, timeout.toSeconds()))) {
        throw new IllegalStateException("connection is not valid");
      }
    }
  }
}
