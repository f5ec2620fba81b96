package com.voiceagent.whatsapp.outbox;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Tests that start and stop whole service instances ({@link OutboxInstances}) on one PostgreSQL of their
 * own, which outlives the instances, and one broker.
 */
@EmbeddedKafka(partitions = 1)
abstract class InstancesOnOneDatabase {
  static EmbeddedPostgres postgres;
  static JdbcClient jdbc;

  @BeforeAll
  static void startDatabase() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
    jdbc = JdbcClient.create(postgres.getPostgresDatabase());
  }

  @AfterAll
  static void stopDatabase() throws IOException {
    postgres.close();
  }
}
