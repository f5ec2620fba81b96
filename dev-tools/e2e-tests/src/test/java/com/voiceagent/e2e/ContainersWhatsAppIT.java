package com.voiceagent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.fixtures.TwilioRestFixture;
import com.voiceagent.twiliokit.TwilioSigner;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The WhatsApp path on the broker and the database docker-compose.yml runs (apache/kafka in a KafkaContainer,
 * PostgreSQL in a PostgreSQLContainer): a signed inbound message to whatsapp-service, the scripted dialog-service
 * answers through Kafka, the answer goes out through the outbox to the Twilio REST fixture and is recorded sent.
 *
 * <p>Needs a Docker engine; without one it is skipped, saying so. Everything it covers
 * runs without Docker in whatsapp-service's DialogServiceEndToEndIT (the same path on an embedded KRaft broker and
 * an embedded PostgreSQL); what it adds is the two images and both services as their executable jars.
 */
@CoveredWithoutDockerBy("whatsapp-service DialogServiceEndToEndIT")
@Testcontainers(disabledWithoutDocker = true)
class ContainersWhatsAppIT {
  static final String ACCOUNT_SID = "AC" + "0123456789abcdef".repeat(2);
  static final String AUTH_TOKEN = "containers-auth-token-0123456789";
  static final String OUR_NUMBER = "whatsapp:+14155238886";

  @Container
  static final KafkaContainer KAFKA = Containers.kafka();
  @Container
  static final PostgreSQLContainer POSTGRES = Containers.postgres();

  @Test
  void aCustomerMessageIsAnsweredByTheBrainThroughTwilioAndRecordedInPostgres() throws Exception {
    int port = freePort();
    try (TwilioRestFixture twilio = TwilioRestFixture.start(ACCOUNT_SID, AUTH_TOKEN);
        ServiceProcess whatsapp = ServiceProcess.start("whatsapp-tc", "whatsapp-service", Map.ofEntries(
            Map.entry("KAFKA_BOOTSTRAP_SERVERS", KAFKA.getBootstrapServers()),
            Map.entry("INSTANCE_ID", "whatsapp-tc"),
            Map.entry("WHATSAPP_PORT", String.valueOf(port)),
            Map.entry("PUBLIC_HOST", "localhost:" + port),
            Map.entry("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
            Map.entry("TWILIO_AUTH_TOKEN", AUTH_TOKEN),
            Map.entry("TWILIO_API_BASE_URL", twilio.baseUrl()),
            Map.entry("TWILIO_WHATSAPP_NUMBER", OUR_NUMBER),
            Map.entry("SPRING_DATASOURCE_URL", POSTGRES.getJdbcUrl()),
            Map.entry("SPRING_DATASOURCE_USERNAME", POSTGRES.getUsername()),
            Map.entry("SPRING_DATASOURCE_PASSWORD", POSTGRES.getPassword())), ServiceProcess.TEST_JVM);
        ServiceProcess dialog = ServiceProcess.start("dialog-tc", "dialog-service", Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", KAFKA.getBootstrapServers(), "INSTANCE_ID", "dialog-tc",
            "DIALOG_ENGINE", "scripted"), ServiceProcess.TEST_JVM)) {
      whatsapp.awaitStarted(Stack.START_TIMEOUT);
      dialog.awaitStarted(Stack.START_TIMEOUT);

      String customer = "whatsapp:+972501234567";
      String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
      Map<String, String> form = new LinkedHashMap<>();
      form.put("MessageSid", sid);
      form.put("SmsMessageSid", sid);
      form.put("AccountSid", ACCOUNT_SID);
      form.put("From", customer);
      form.put("To", OUR_NUMBER);
      form.put("Body", "שלום, מה שעות הפתיחה שלכם?");
      form.put("NumMedia", "0");
      form.put("WaId", customer.substring("whatsapp:+".length()));
      String path = "/webhook/whatsapp/incoming";
      HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
          .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
          .header("X-Twilio-Signature", TwilioSigner.sign(AUTH_TOKEN, "https://localhost:" + port + path, form))
          .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);

      await().atMost(Duration.ofSeconds(60)).until(() -> !twilio.messagesTo(customer).isEmpty());
      assertThat(twilio.messagesTo(customer).getFirst().get("Body")).matches("(?s).*[\\u05D0-\\u05EA].*");
      await().atMost(Duration.ofSeconds(10)).until(() -> sentRepliesTo(sid) == 1);
    }
  }

  private static int sentRepliesTo(String sid) throws Exception {
    try (Connection db = DriverManager.getConnection(POSTGRES.getJdbcUrl(), POSTGRES.getUsername(), POSTGRES.getPassword());
        PreparedStatement query = db.prepareStatement("select count(*) from outbound_message where in_reply_to = ? and state = 'sent'")) {
      query.setString(1, sid);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  private static String encode(Map<String, String> form) {
    return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
