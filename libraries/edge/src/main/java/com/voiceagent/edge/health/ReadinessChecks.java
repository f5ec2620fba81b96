package com.voiceagent.edge.health;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
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

  /** A state the service knows without asking anyone (its consumers joined, it is not draining). */
  public static ReadinessCheck state(String name, BooleanSupplier ready, String whyNot) {
    return new ReadinessCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void check(Duration timeout) throws NotReady {
        if (!ready.getAsBoolean()) {
          throw new NotReady(whyNot);
        }
      }
    };
  }
}
