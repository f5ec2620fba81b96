package com.voiceagent.edge.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.voiceagent.edge.EdgeProperties;
import com.voiceagent.edge.testapp.EdgeTestApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.servlet.Filter;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/** Buckets shared through a real PostgreSQL (zonky embedded): two instances spend one budget. */
@SpringBootTest(classes = {EdgeTestApp.class, PostgresRateLimitTest.Database.class}, properties = {
    "spring.autoconfigure.exclude=org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
    "voice.edge.local-development=true",
    "voice.edge.signature-validation=false",
    "voice.edge.rate-limit-backend=postgresql",
    "voice.edge.api-tokens=" + PostgresRateLimitTest.CLIENT_A + "," + PostgresRateLimitTest.CLIENT_B,
    "voice.edge.rate-limits[0].path=/api/whatsapp/send",
    "voice.edge.rate-limits[0].per-minute=3"})
@AutoConfigureMockMvc
class PostgresRateLimitTest {
  static final String CLIENT_A = "postgres-client-a-0123456789";
  static final String CLIENT_B = "postgres-client-b-0123456789";
  static final EmbeddedPostgres POSTGRES = start();

  static EmbeddedPostgres start() {
    try {
      return EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stop() throws IOException {
    POSTGRES.close();
  }

  @TestConfiguration
  static class Database {
    @Bean
    DataSource dataSource() {
      return POSTGRES.getPostgresDatabase();
    }
  }

  @Autowired MockMvc mvc;
  @Autowired EdgeProperties properties;
  @Autowired DataSource dataSource;

  @Test
  void twoInstancesShareOneBudgetThroughPostgres() throws Exception {
    // This app is instance A; instance B is a second filter built on the same database.
    Filter instanceB = RateLimits.filter(properties, dataSource);
    mvc.perform(post("/api/whatsapp/send").header("Authorization", "Bearer " + CLIENT_A)).andExpect(status().isAccepted());
    assertThat(throughB(instanceB).getStatus()).isEqualTo(200);
    mvc.perform(post("/api/whatsapp/send").header("Authorization", "Bearer " + CLIENT_A)).andExpect(status().isAccepted());
    MockHttpServletResponse refusedByB = throughB(instanceB);
    assertThat(refusedByB.getStatus()).isEqualTo(429);
    assertThat(refusedByB.getHeader("Retry-After")).isNotBlank();
    mvc.perform(post("/api/whatsapp/send").header("Authorization", "Bearer " + CLIENT_A)).andExpect(status().isTooManyRequests());

    // Client B's budget is its own, in the same shared table.
    mvc.perform(post("/api/whatsapp/send").header("Authorization", "Bearer " + CLIENT_B)).andExpect(status().isAccepted());
    try (Connection connection = dataSource.getConnection();
         ResultSet rows = connection.createStatement().executeQuery("SELECT id FROM edge_rate_limit_bucket ORDER BY id")) {
      java.util.List<String> ids = new java.util.ArrayList<>();
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
      assertThat(ids).hasSize(2).allMatch(id -> id.startsWith("edge:/api/whatsapp/send:3:client-"));
    }
  }

  @Test
  void readinessIncludesTheDatabase() throws Exception {
    String body = mvc.perform(get("/health/ready")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    assertThat(body).contains("\"database\":\"UP\"");
  }

  @Test
  void thePostgresBackendWithoutADataSourceIsASettingsError() {
    EdgeProperties noDb = com.voiceagent.edge.TestSettings.edge("voice.edge.rate-limit-backend", "postgresql");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RateLimits.filter(noDb, null))
        .hasMessageContaining("voice.edge.rate-limit-backend=postgresql needs a DataSource");
  }

  /** Instance B's rate limit, for a request its own token filter authenticated as client A. */
  private static MockHttpServletResponse throughB(Filter instanceB) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/whatsapp/send");
    request.setAttribute(com.voiceagent.edge.api.ApiClient.ATTRIBUTE,
        new com.voiceagent.edge.api.ApiClients(java.util.List.of(CLIENT_A)).identify(CLIENT_A).orElseThrow());
    MockHttpServletResponse response = new MockHttpServletResponse();
    instanceB.doFilter(request, response, new MockFilterChain());
    return response;
  }
}
