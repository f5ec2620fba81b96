package com.voiceagent.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.events.CallLifecycle;
import com.voiceagent.fixtures.PortForwarder;
import com.voiceagent.gateway.GatewayApplication;
import com.voiceagent.gateway.token.StreamTokens;
import com.voiceagent.schemas.Topics;
import com.voiceagent.twiliokit.media.MediaStreamClient;
import com.voiceagent.twiliokit.media.StreamIds;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole gateway while its broker is away: nothing listens on the Kafka port it is given, and the
 * producer keeps its default max.block.ms (60 s), longer than Twilio waits for a webhook (15 s). The broker
 * starts on that port in the last test. The tests run in order because the broker's absence, then its
 * return, is the one state they share: each states what it expects of it.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "voice.platform.instance-id=gw-broker-away",
    "voice.platform.warm-up-timeout=1s",
    "spring.kafka.admin.auto-create=false",
    "spring.kafka.listener.auto-startup=false",
    // The broker is away while the gateway runs; a gateway starting without one would stop (BrokerAtStartup).
    "voice.platform.broker-startup-timeout=0s",
    "voice.edge.local-development=true",
    "voice.edge.signature-validation=false",
    "voice.twilio.public-host=gateway.example.test",
    "voice.gateway.stream-token-secret=test-stream-token-secret-0123456789",
    "voice.gateway.webhooks.callback-buffer=" + BrokerAwayIT.CALLBACK_BUFFER,
    "voice.gateway.publish.max-queued-per-call=" + BrokerAwayIT.QUEUED_PER_CALL,
    // The call below speaks its utterances at once, faster than real time, to fill its publish queue.
    "voice.gateway.inbound.max-audio-ahead=1h",
    "voice.gateway.inbound.flood-limit-per-second=1000"})
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext // its broker is gone after the last test: no other class may get this application
class BrokerAwayIT {
  static final int CALLBACK_BUFFER = 5;
  static final int QUEUED_PER_CALL = 4;
  /** Twilio waits 15 s, the producer alone would block 60 s: an answer must come well before either. */
  static final Duration PROMPT = Duration.ofSeconds(5);
  static final int KAFKA_PORT = PortForwarder.freePort();
  static final String KEPT_CALL = "CA" + UUID.randomUUID().toString().replace("-", "");
  private static EmbeddedKafkaKraftBroker broker;
  private static PortForwarder forwarder;

  @LocalServerPort int port;
  @Autowired StreamTokens tokens;

  @DynamicPropertySource
  static void absentBroker(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> "localhost:" + KAFKA_PORT);
  }

  @AfterAll
  static void stopBroker() throws IOException {
    if (forwarder != null) {
      forwarder.close();
    }
    if (broker != null) {
      broker.destroy();
    }
  }

  @Test
  @Order(1)
  void whileTheBrokerIsAwayCallbacksAreAnsweredAtOnceAndThoseBeyondTheBufferWith503() throws Exception {
    HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health")).build(),
        HttpResponse.BodyHandlers.discarding()); // the web stack's first request is slow: not what is measured
    List<String> forms = List.of(
        "CallStatus=ringing&SequenceNumber=0", "CallStatus=in-progress&SequenceNumber=1",
        "CallStatus=completed&SequenceNumber=2&CallDuration=42");
    List<Timed> kept = new ArrayList<>();
    for (String form : forms) {
      kept.add(post("/webhook/call_status", "CallSid=" + KEPT_CALL + "&" + form));
    }
    kept.add(post("/webhook/handle_recording", "CallSid=" + KEPT_CALL + "&RecordingSid=RE" + "0".repeat(32)
        + "&RecordingUrl=https%3A%2F%2Fapi.twilio.com%2Frec&RecordingDuration=7"));
    kept.add(post("/webhook/stream_status", "CallSid=" + KEPT_CALL + "&StreamSid=MZ" + "0".repeat(32)
        + "&StreamEvent=stream-stopped"));

    Timed beyond = post("/webhook/stream_status", "CallSid=" + KEPT_CALL + "&StreamEvent=stream-error&StreamError=late");

    assertThat(kept).hasSize(CALLBACK_BUFFER).allSatisfy(answer -> {
      assertThat(answer.response().statusCode()).isEqualTo(204);
      assertThat(answer.took()).isLessThan(PROMPT);
    });
    assertThat(beyond.response().statusCode()).isEqualTo(503);
    assertThat(beyond.response().headers().firstValue("Retry-After")).contains("10");
    assertThat(beyond.took()).isLessThan(PROMPT);
  }

  @Test
  @Order(2)
  void aCallsEventsWaitingForTheBrokerAreBoundedAndTheCallGoesOn(CapturedOutput output) throws Exception {
    String callSid = "CA" + UUID.randomUUID().toString().replace("-", "");
    MediaStreamClient call = MediaStreamClient.connect(URI.create("ws://localhost:" + port + "/ws/twilio-media"),
        StreamIds.forCall(StreamIds.TEST_ACCOUNT, callSid)).connected().start(Map.of("token", tokens.issue(callSid, StreamIds.TEST_ACCOUNT, Instant.now())));
    // STREAM_STARTED waits for the broker; then one utterance per loud half-second, more than the queue holds.
    call.silence(400);
    for (int i = 0; i < QUEUED_PER_CALL + 2; i++) {
      call.media(GatewayTestBase.tone(500)).silence(800);
    }

    await().atMost(Duration.ofSeconds(20)).until(() -> output.getOut().lines().anyMatch(line -> line.contains(callSid)
        && line.contains("an event of this call was dropped: " + QUEUED_PER_CALL + " of its events already wait for Kafka")));
    assertThat(call.isOpen()).isTrue();
    call.close();
  }

  @Test
  @Order(3)
  void theCallbacksKeptWhileTheBrokerWasAwayArePublishedWhenItReturns() throws IOException {
    broker = new EmbeddedKafkaKraftBroker(1, 1);
    broker.afterPropertiesSet();
    broker.addTopics(Topics.CALL_LIFECYCLE.newTopic((short) 1));
    // The KRaft test broker takes a port of its own choosing: it is reached through the port the gateway was given.
    forwarder = PortForwarder.start(KAFKA_PORT, Integer.parseInt(broker.getBrokersAsString().replaceAll(".*:", "")));

    try (KafkaTap tap = new KafkaTap(broker.getBrokersAsString(), List.of(Topics.CALL_LIFECYCLE.name()))) {
      await().atMost(Duration.ofSeconds(90)).until(() -> tap.all(CallLifecycle.class,
          e -> e.getCallSid().equals(KEPT_CALL)).size() == CALLBACK_BUFFER);
      assertThat(tap.all(CallLifecycle.class, e -> e.getCallSid().equals(KEPT_CALL)))
          .extracting(e -> e.getAttributes().get("callback"))
          .containsExactlyInAnyOrder("call-status", "call-status", "call-status", "recording", "stream-status");
    }
  }

  record Timed(HttpResponse<String> response, Duration took) {}

  private Timed post(String path, String form) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    return new Timed(response, Duration.ofNanos(System.nanoTime() - start));
  }

}
