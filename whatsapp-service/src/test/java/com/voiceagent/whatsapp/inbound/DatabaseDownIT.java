package com.voiceagent.whatsapp.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.events.WhatsAppInbound;
import com.voiceagent.schemas.Topics;
import com.voiceagent.whatsapp.support.WhatsAppIntegrationTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The database goes away: an inbound message is still accepted (it is in Kafka) and reaches the database
 * once it is back, through the service's own archiver. Uses a PostgreSQL the test owns (the launcher's
 * "shared server" mode, spring.datasource.url), so the test can stop and restart it on the same data.
 */
class DatabaseDownIT extends WhatsAppIntegrationTest {
  static Path dataDir;
  static int pgPort;
  static EmbeddedPostgres postgres;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) throws IOException {
    dataDir = Files.createTempDirectory("whatsapp-pg-");
    try (ServerSocket socket = new ServerSocket(0)) {
      pgPort = socket.getLocalPort();
    }
    postgres = start();
    registry.add("spring.datasource.url", () -> "jdbc:postgresql://localhost:" + pgPort + "/postgres");
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "");
  }

  static EmbeddedPostgres start() throws IOException {
    return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(pgPort).start();
  }

  @AfterAll
  static void stop() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
    // The data directory is the test's own: it leaves nothing behind in the temporary folder.
    try (var paths = Files.walk(dataDir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  int count(String sid) {
    return jdbc.sql("select count(*) from inbound_message where message_sid = ?").param(sid).query(Integer.class).single();
  }

  @Test
  void anInboundMessageIsAcceptedWhileTheDatabaseIsDownAndWrittenWhenItIsBack() throws Exception {
    String customer = newCustomer();
    String sid = newMessageSid();
    String statusSid = newMessageSid();
    postgres.close();
    postgres = null;

    HttpResponse<String> response = postSigned("/webhook/whatsapp/incoming", inboundForm(sid, customer, "still there?"));
    HttpResponse<String> status = postSigned("/webhook/whatsapp/status",
        Map.of("MessageSid", statusSid, "MessageStatus", "delivered", "To", customer, "From", OUR_NUMBER));
    HttpResponse<String> send = postJson("/api/whatsapp/send", "{\"to\":\"" + customer + "\",\"body\":\"hi\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("<Response/>");
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(send.statusCode()).as("nothing can be sent without the outbox").isEqualTo(503);
    assertThat(records(Topics.WHATSAPP_INBOUND.name()).stream().map(r -> (WhatsAppInbound) r.value())
        .filter(m -> m.getMessageSid().equals(sid))).hasSize(1);

    postgres = start();

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> count(sid) == 1);
    assertThat(jdbc.sql("select body from inbound_message where message_sid = ?").param(sid).query(String.class).single())
        .isEqualTo("still there?");
    // The status waits on its own retry: each record backs off up to 30 s while the database is away (Stages'
    // retryWhile), so it can land up to that long after the database is back, whenever the message landed.
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> "delivered".equals(
        jdbc.sql("select status from message_status where message_sid = ?").param(statusSid).query(String.class).single()));
  }
}
