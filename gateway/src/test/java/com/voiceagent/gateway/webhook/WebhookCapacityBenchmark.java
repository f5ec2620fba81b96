package com.voiceagent.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.gateway.GatewayApplication;
import com.voiceagent.twiliokit.TwilioSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * How many signed Twilio webhooks per second one gateway answers on this machine: the figure the default
 * budgets (EdgeProperties.DEFAULT_RATE_LIMITS) are sized from. Not part of the suite (no Test/IT suffix);
 * run it with the command in docs/benchmarks.md. Budgets are lifted so only the gateway's own work counts.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
    "voice.platform.instance-id=gw-capacity",
    "voice.twilio.auth-token=" + WebhookCapacityBenchmark.TOKEN,
    "voice.gateway.stream-token-secret=capacity-benchmark-stream-secret",
    "voice.edge.rate-limits[0].path=/**",
    "voice.edge.rate-limits[0].per-minute=100000000",
    "logging.level.com.voiceagent=WARN"})
@EmbeddedKafka(partitions = 1)
class WebhookCapacityBenchmark {
  static final String TOKEN = "capacity-benchmark-auth-token";
  static final int CLIENTS = Integer.getInteger("clients", 16);
  static final int SECONDS = Integer.getInteger("seconds", 15);

  @LocalServerPort int port;

  @Test
  void signedWebhooksPerSecond() throws Exception {
    for (String path : List.of("/webhook/incoming_call", "/webhook/call_status")) {
      run(path, 3); // warm-up
      double perSecond = run(path, SECONDS);
      System.out.printf("CAPACITY %s: %.0f signed webhooks/s (%d clients, %d s)%n", path, perSecond, CLIENTS, SECONDS);
      assertThat(perSecond).isPositive();
    }
  }

  private double run(String path, int seconds) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        clients.add(pool.submit(() -> {
          while (System.nanoTime() < end) {
            String callSid = "CA" + UUID.randomUUID().toString().replace("-", "");
            Map<String, String> form = path.endsWith("incoming_call")
                ? Map.of("CallSid", callSid, "AccountSid", "AC0123456789abcdef0123456789abcdef", "From", "+972501234567",
                    "To", "+97231234567", "CallStatus", "ringing")
                : Map.of("CallSid", callSid, "CallStatus", "completed", "SequenceNumber", "1", "CallDuration", "30");
            String url = "http://localhost:" + port + path;
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", TwilioSigner.sign(TOKEN, url, form))
                .POST(HttpRequest.BodyPublishers.ofString(WebhookTestBase.encode(form))).build();
            try {
              int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
              (status < 300 ? answered : failed).incrementAndGet();
            } catch (Exception e) {
              failed.incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (Future<?> client : clients) {
        client.get();
      }
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    assertThat(failed.get()).isZero();
    return answered.get() / elapsed;
  }
}
