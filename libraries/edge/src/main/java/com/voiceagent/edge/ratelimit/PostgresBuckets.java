package com.voiceagent.edge.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Buckets in PostgreSQL (SELECT ... FOR UPDATE per consumption), so several instances share one budget.
 * The table is created when absent; its shape is the one Bucket4j's JDBC proxy expects.
 */
final class PostgresBuckets implements BucketSource {
  private final ProxyManager<String> proxyManager;
  private final String table;

  PostgresBuckets(DataSource dataSource, String table) {
    this.table = table;
    createTableIfAbsent(dataSource, table);
    this.proxyManager = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
        .primaryKeyMapper(PrimaryKeyMapper.STRING)
        .table(table)
        .build();
  }

  @Override
  public Bucket bucket(String key, BucketConfiguration configuration) {
    return proxyManager.builder().build(key, () -> configuration);
  }

  @Override
  public String describe() {
    return "postgresql (shared, table " + table + ")";
  }

  private static void createTableIfAbsent(DataSource dataSource, String table) {
    // table is validated as a plain identifier in EdgeProperties, so it is safe to splice in.
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS " + table
          + " (id VARCHAR(255) PRIMARY KEY, state BYTEA, expires_at BIGINT)");
    } catch (SQLException e) {
      throw new IllegalStateException("voice.edge.rate-limit-backend=postgresql: could not create table " + table
          + " for shared rate-limit buckets: " + e.getMessage(), e);
    }
  }
}
