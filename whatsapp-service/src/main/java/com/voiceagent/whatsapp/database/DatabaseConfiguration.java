package com.voiceagent.whatsapp.database;

import com.voiceagent.whatsapp.WhatsAppProperties;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The database when spring.datasource.url is not set: DATABASE_URL if given, otherwise a real PostgreSQL
 * started in-process (zonky embedded), so a developer runs the service with no setup. With
 * spring.datasource.url set (SPRING_DATASOURCE_URL, or a launcher's shared embedded server) Spring Boot's
 * own DataSource configuration applies and this class does nothing.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class DatabaseConfiguration {
  private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

  @Bean(destroyMethod = "close")
  HikariDataSource dataSource(WhatsAppProperties properties) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("whatsapp");
    // Same reasoning as in application.yml: fail fast so webhooks fall back to the Kafka archiver.
    config.setConnectionTimeout(2000);
    config.setValidationTimeout(1000);
    config.setInitializationFailTimeout(-1);
    if (!properties.databaseUrl().isBlank()) {
      DatabaseUrl url = DatabaseUrl.parse(properties.databaseUrl());
      log.info("database: {} (from DATABASE_URL)", url); // toString leaves out credentials
      config.setJdbcUrl(url.jdbcUrl());
      config.setUsername(url.username());
      config.setPassword(url.password());
      return new HikariDataSource(config);
    }
    EmbeddedPostgres postgres = startEmbedded();
    log.info("database: embedded PostgreSQL on port {} (no SPRING_DATASOURCE_URL or DATABASE_URL set; data is lost at exit)",
        postgres.getPort());
    config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
    config.setUsername("postgres");
    return new EmbeddedHikariDataSource(config, postgres);
  }

  private static EmbeddedPostgres startEmbedded() {
    try {
      return EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL; set SPRING_DATASOURCE_URL or DATABASE_URL to use a server", e);
    }
  }

  /** Stops the embedded server together with the pool, so nothing outlives the context. */
  static final class EmbeddedHikariDataSource extends HikariDataSource {
    private final EmbeddedPostgres postgres;

    EmbeddedHikariDataSource(HikariConfig config, EmbeddedPostgres postgres) {
      super(config);
      this.postgres = postgres;
    }

    @Override
    public void close() {
      super.close();
      try {
        postgres.close();
      } catch (IOException e) {
        log.warn("embedded PostgreSQL did not stop cleanly: {}", e.toString());
      }
    }
  }

}
