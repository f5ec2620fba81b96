package com.voiceagent.whatsapp.support;

import static com.voiceagent.whatsapp.support.TwilioAccount.TWILIO;

import com.voiceagent.twiliokit.TwilioSigner;
import com.voiceagent.whatsapp.WhatsAppApplication;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service on a random port, with a real (embedded KRaft) Kafka broker, a real embedded
 * PostgreSQL (started by the service itself, as in local runs), edge's filters, and the Twilio REST
 * fixture. Subclasses share one cached context, so each test uses its own customer numbers.
 */
@SpringBootTest(classes = WhatsAppApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
    "voice.platform.instance-id=whatsapp-test",
    // Given under the variables' names, as an operator sets them: edge binds them for this service too.
    "TWILIO_AUTH_TOKEN=" + TwilioAccount.AUTH_TOKEN,
    "TWILIO_ACCOUNT_SID=" + TwilioAccount.ACCOUNT_SID,
    "PUBLIC_HOST=" + WhatsAppIntegrationTest.PUBLIC_HOST,
    "CORS_ALLOWED_ORIGINS=" + WhatsAppIntegrationTest.BROWSER_ORIGIN,
    "WHATSAPP_API_TOKEN=" + WhatsAppIntegrationTest.API_TOKEN + "," + WhatsAppIntegrationTest.BUDGET_CLIENT_A + ","
        + WhatsAppIntegrationTest.BUDGET_CLIENT_B,
    // The edge budgets are edge's to test; here they would only make tests flaky. The conversations view gets a
    // budget of 3 per minute and client, which ApiBudgetIT spends.
    "voice.edge.rate-limits[0].path=/api/whatsapp/conversations/**",
    "voice.edge.rate-limits[0].per-minute=3",
    "voice.edge.rate-limits[1].path=/**",
    "voice.edge.rate-limits[1].per-minute=100000",
    "voice.whatsapp.whatsapp-number=+14155238886",
    "voice.whatsapp.twilio.retry-wait=50ms",
    "voice.whatsapp.outbox.relay-interval=300ms",
    "voice.whatsapp.outbox.backoff=200ms"})
@EmbeddedKafka(partitions = 1)
public abstract class WhatsAppIntegrationTest {
  public static final String PUBLIC_HOST = "wa.example.com";
  public static final String API_TOKEN = "test-api-token-0123456789";
  /** API clients used only by ApiBudgetIT. */
  public static final String BUDGET_CLIENT_A = "budget-client-a-0123456789";
  public static final String BUDGET_CLIENT_B = "budget-client-b-0123456789";
  public static final String BROWSER_ORIGIN = "https://app.example.com";
  public static final String OUR_NUMBER = "whatsapp:+14155238886";
  protected static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @LocalServerPort protected int port;
  @Autowired protected JdbcClient jdbc;
  @Autowired protected EmbeddedKafkaBroker broker;

  @DynamicPropertySource
  static void twilioFixture(DynamicPropertyRegistry registry) {
    registry.add("voice.twilio.api-base-url", TWILIO::baseUrl);
  }

  @BeforeEach
  void resetFixture() {
    TWILIO.reset();
  }

  /** A customer number no other test uses: whatsapp:+9725XXXXXXXX. */
  protected static String newCustomer() {
    return "whatsapp:+9725" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
  }

  protected static String newMessageSid() {
    return "SM" + UUID.randomUUID().toString().replace("-", "");
  }

  /** A realistic inbound-message webhook form. */
  protected static Map<String, String> inboundForm(String sid, String from, String body) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("SmsMessageSid", sid);
    form.put("NumMedia", "0");
    form.put("ProfileName", "דנה");
    form.put("MessageType", "text");
    form.put("SmsSid", sid);
    form.put("WaId", from.substring("whatsapp:+".length()));
    form.put("SmsStatus", "received");
    form.put("Body", body);
    form.put("To", OUR_NUMBER);
    form.put("NumSegments", "1");
    form.put("ReferralNumMedia", "0");
    form.put("MessageSid", sid);
    form.put("AccountSid", TwilioAccount.ACCOUNT_SID);
    form.put("From", from);
    form.put("ApiVersion", "2010-04-01");
    return form;
  }

  protected HttpResponse<String> postSigned(String path, Map<String, String> form) {
    String signature = TwilioSigner.sign(TwilioAccount.AUTH_TOKEN, "https://" + PUBLIC_HOST + path, form);
    return postForm(path, form, signature);
  }

  protected HttpResponse<String> postForm(String path, Map<String, String> form, String signature) {
    return postBody(path, encode(form), signature);
  }

  /** POSTs a form body exactly as given (e.g. a captured body with something appended). */
  protected HttpResponse<String> postBody(String path, String body, String signature) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      request.header("X-Twilio-Signature", signature);
    }
    return send(request.build());
  }

  protected HttpResponse<String> postJson(String path, String json, String bearer, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    headers.forEach(request::header);
    return send(request.build());
  }

  protected HttpResponse<String> postJson(String path, String json) {
    return postJson(path, json, API_TOKEN, Map.of());
  }

  protected HttpResponse<String> get(String path, String bearer) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return send(request.build());
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  protected static String encode(Map<String, String> form) {
    StringBuilder body = new StringBuilder();
    form.forEach((key, value) -> {
      if (!body.isEmpty()) {
        body.append('&');
      }
      body.append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    });
    return body.toString();
  }

  /** Every record of a topic so far (reads from the beginning with a fresh group). */
  protected List<ConsumerRecord<String, SpecificRecord>> records(String topic) {
    return records(broker.getBrokersAsString(), topic);
  }

  /** Every record of a topic so far on the given brokers. */
  protected static List<ConsumerRecord<String, SpecificRecord>> records(String bootstrapServers, String topic) {
    List<ConsumerRecord<String, SpecificRecord>> all = new CopyOnWriteArrayList<>();
    try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(Map.of(
        "bootstrap.servers", bootstrapServers, "group.id", "test-" + UUID.randomUUID(),
        "auto.offset.reset", "earliest", "enable.auto.commit", "false"),
        new StringDeserializer(), new com.voiceagent.platform.kafka.CatalogueDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 3000;
      while (System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(all::add);
        if (!all.isEmpty() && consumer.assignment().stream().allMatch(tp -> consumer.position(tp) >= consumer.endOffsets(List.of(tp)).get(tp))) {
          break;
        }
      }
    }
    return all;
  }
}
