package com.voiceagent.edge.health;

import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;

/** Factories for the built-in checks (the implementations stay package-private). */
public final class ReadinessChecks {
  private ReadinessChecks() {}

  public static ReadinessCheck kafka(Map<String, Object> adminConfig, Duration timeout) {
    return new KafkaReadinessCheck(adminConfig, timeout);
  }

  public static ReadinessCheck dataSource(DataSource dataSource) {
    return new DataSourceReadinessCheck(dataSource);
  }
}
