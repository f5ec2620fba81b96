package com.voiceagent.whatsapp.outbox;

import static com.voiceagent.whatsapp.support.TwilioAccount.TWILIO;

import com.voiceagent.whatsapp.WhatsAppApplication;
import com.voiceagent.whatsapp.support.TwilioAccount;
import com.voiceagent.whatsapp.support.WhatsAppIntegrationTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;

/**
 * Whole whatsapp-service instances on one shared database, started and stopped by the outbox crash tests
 * to play a process that dies and the one that takes over after it.
 */
final class OutboxInstances {
  private OutboxInstances() {}

  /** Starts an instance; {@code timing} adds or overrides settings (e.g. outbox backoff) for one test class. */
  static ConfigurableApplicationContext start(String name, EmbeddedPostgres postgres, Map<String, String> timing) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("server.port", "0");
    properties.put("spring.kafka.bootstrap-servers", EmbeddedKafkaCondition.getBroker().getBrokersAsString());
    properties.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
    properties.put("spring.datasource.username", "postgres");
    properties.put("voice.platform.instance-id", name);
    properties.put("voice.twilio.auth-token", TwilioAccount.AUTH_TOKEN);
    properties.put("voice.edge.api-tokens", WhatsAppIntegrationTest.API_TOKEN);
    properties.put("voice.twilio.public-host", WhatsAppIntegrationTest.PUBLIC_HOST);
    properties.put("voice.whatsapp.whatsapp-number", "+14155238886");
    properties.put("voice.twilio.account-sid", TwilioAccount.ACCOUNT_SID);
    properties.put("voice.twilio.api-base-url", TWILIO.baseUrl());
    properties.put("voice.whatsapp.twilio.retry-wait", "20ms");
    properties.put("voice.whatsapp.outbox.relay-interval", "200ms");
    // Short timeouts, so the lease can be short: a row left "sending" by a stopped instance is taken over within seconds.
    properties.put("voice.whatsapp.twilio.retry-attempts", "1");
    properties.put("voice.whatsapp.twilio.connect-timeout", "250ms");
    properties.put("voice.whatsapp.twilio.read-timeout", "750ms");
    properties.put("voice.whatsapp.outbox.lease", "8s");
    properties.putAll(timing);
    // As command-line arguments: they win over application.yml, as environment variables would in production.
    String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    return new SpringApplicationBuilder(WhatsAppApplication.class).run(args);
  }

  /** POST /api/whatsapp/send on an instance, authenticated. */
  static HttpResponse<String> send(ConfigurableApplicationContext instance, String to, String body) throws Exception {
    int port = Integer.parseInt(instance.getEnvironment().getProperty("local.server.port"));
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/api/whatsapp/send"))
        .header("Authorization", "Bearer " + WhatsAppIntegrationTest.API_TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"" + to + "\",\"body\":\"" + body + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String customer() {
    return "whatsapp:+9725" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
  }

  /** The customer wrote a minute ago, so free-form text is allowed. */
  static void customerWrote(JdbcClient jdbc, String customer) {
    jdbc.sql("insert into inbound_message (message_sid, from_address, to_address, params, received_at) values (?, ?, ?, '{}'::jsonb, ?)")
        .params("SM" + Math.abs(customer.hashCode()) + System.nanoTime(), customer, WhatsAppIntegrationTest.OUR_NUMBER,
            Timestamp.from(Instant.now().minusSeconds(60)))
        .update();
  }
}
