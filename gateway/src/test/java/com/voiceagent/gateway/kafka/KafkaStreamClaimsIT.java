package com.voiceagent.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.gateway.token.CallLedger;
import com.voiceagent.gateway.token.StreamClaims;
import com.voiceagent.gateway.token.StreamEnd;
import com.voiceagent.gateway.token.StreamGrant;
import com.voiceagent.platform.kafka.AnyAvroSerializer;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.twiliokit.media.StreamIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/** Two gateways (two claim registries) on one real broker agree on who holds each call. */
@EmbeddedKafka(partitions = 3, topics = "voice.calls")
class KafkaStreamClaimsIT {
  private static final String ACCOUNT = StreamIds.TEST_ACCOUNT;
  private static final KafkaStreamClaims.Limits LIMITS = new KafkaStreamClaims.Limits(Duration.ofSeconds(5), 2,
      Duration.ofHours(1), Duration.ofHours(5));
  private final List<KafkaStreamClaims> started = new ArrayList<>();
  private final List<DefaultKafkaProducerFactory<?, ?>> producers = new ArrayList<>();

  private KafkaStreamClaims gateway(EmbeddedKafkaBroker broker, String id) {
    Map<String, Object> kafka = Map.of("bootstrap.servers", broker.getBrokersAsString());
    DefaultKafkaProducerFactory<String, org.apache.avro.specific.SpecificRecord> factory = new DefaultKafkaProducerFactory<>(kafka,
        new StringSerializer(), new AnyAvroSerializer());
    producers.add(factory);
    KafkaStreamClaims claims = new KafkaStreamClaims(new EventPublisher(new KafkaTemplate<>(factory), id), id, Clock.systemUTC(),
        LIMITS, kafka, Duration.ofSeconds(20));
    claims.start();
    started.add(claims);
    return claims;
  }

  @AfterEach
  void stop() {
    started.forEach(claims -> {
      claims.stop();
      claims.close();
    });
    producers.forEach(DefaultKafkaProducerFactory::destroy);
  }

  private static StreamGrant grant(String callSid, Instant issuedAt) {
    return new StreamGrant(callSid, ACCOUNT, issuedAt.truncatedTo(ChronoUnit.MILLIS));
  }

  @Test
  void ofTwoGatewaysClaimingOneCallAtOnceExactlyOneWinsAndBothKnowWhich(EmbeddedKafkaBroker broker) throws Exception {
    KafkaStreamClaims one = gateway(broker, "gw-1");
    KafkaStreamClaims two = gateway(broker, "gw-2");
    for (int round = 0; round < 10; round++) {
      String callSid = StreamIds.randomSid("CA");
      StreamGrant grant = grant(callSid, Instant.now());
      CountDownLatch go = new CountDownLatch(1);
      CompletableFuture<StreamClaims.Claimed> first = CompletableFuture.supplyAsync(() -> await(go, () -> one.claim(grant, "MZa")));
      CompletableFuture<StreamClaims.Claimed> second = CompletableFuture.supplyAsync(() -> await(go, () -> two.claim(grant, "MZb")));
      go.countDown();

      List<StreamClaims.Claimed> answers = List.of(first.get(), second.get());
      assertThat(answers).filteredOn(StreamClaims.Claimed.Granted.class::isInstance).hasSize(1);
      assertThat(answers).filteredOn(StreamClaims.Claimed.Refused.class::isInstance).hasSize(1);
      String winner = answers.get(0) instanceof StreamClaims.Claimed.Granted ? "gw-1" : "gw-2";
      assertThat(one.find(callSid)).get().extracting(CallLedger.Entry::holder).isEqualTo(winner);
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
          .until(() -> two.find(callSid).map(CallLedger.Entry::holder).orElse("").equals(winner));
    }
  }

  @Test
  void aCallResumedOnAnotherGatewayContinuesAfterItsLastTurnAndIsRefusedToReplays(EmbeddedKafkaBroker broker) throws Exception {
    KafkaStreamClaims one = gateway(broker, "gw-1");
    KafkaStreamClaims two = gateway(broker, "gw-2");
    String callSid = StreamIds.randomSid("CA");
    StreamGrant first = grant(callSid, Instant.now().minusSeconds(2));
    assertThat(one.claim(first, "MZ1")).isInstanceOf(StreamClaims.Claimed.Granted.class);
    one.turnPublished(first, "MZ1", 1);
    one.turnPublished(first, "MZ1", 2);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
        .until(() -> two.find(callSid).map(CallLedger.Entry::lastTurn).orElse(0) == 2);

    // gw-1 dies; Twilio follows the Redirect to gw-2, naming the token of the stream it followed.
    assertThat(two.resume(callSid, first.issuedAt().minusMillis(1))).as("a Redirect about an older stream")
        .isInstanceOf(StreamClaims.Resume.Refused.class);
    assertThat(two.resume(callSid, first.issuedAt())).isInstanceOf(StreamClaims.Resume.Allowed.class);
    StreamClaims.Claimed resumed = two.claim(grant(callSid, Instant.now()), "MZ2");

    assertThat(resumed).isEqualTo(new StreamClaims.Claimed.Granted(2, StreamEnd.LOST));
    assertThat(two.resume(callSid, first.issuedAt())).as("the same Redirect replayed once the new stream is up")
        .isInstanceOf(StreamClaims.Resume.Refused.class);
    assertThat(one.claim(grant(callSid, Instant.now().minusSeconds(1)), "MZ3")).as("a captured older token")
        .isInstanceOf(StreamClaims.Claimed.Refused.class);
  }

  @Test
  void aStreamStoppedOnPurposeOrACompletedCallIsNotResumed(EmbeddedKafkaBroker broker) {
    KafkaStreamClaims one = gateway(broker, "gw-1");
    String stopped = StreamIds.randomSid("CA");
    StreamGrant grant = grant(stopped, Instant.now());
    one.claim(grant, "MZ1");
    one.release(grant, "MZ1", StreamEnd.STOPPED, 3);
    assertThat(one.resume(stopped, grant.issuedAt())).isInstanceOf(StreamClaims.Resume.Refused.class);

    String completed = StreamIds.randomSid("CA");
    StreamGrant other = grant(completed, Instant.now());
    one.claim(other, "MZ2");
    one.callCompleted(completed);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
        .until(() -> one.find(completed).map(e -> e.state() == CallLedger.Entry.State.COMPLETED).orElse(false));
    assertThat(one.resume(completed, other.issuedAt())).isInstanceOf(StreamClaims.Resume.Refused.class);
  }

  @Test
  void aGatewayStartedLaterKnowsEveryCallAndRefusesASecondStreamForALiveOne(EmbeddedKafkaBroker broker) {
    KafkaStreamClaims one = gateway(broker, "gw-1");
    String callSid = StreamIds.randomSid("CA");
    StreamGrant grant = grant(callSid, Instant.now());
    assertThat(one.claim(grant, "MZ1")).isInstanceOf(StreamClaims.Claimed.Granted.class);

    KafkaStreamClaims late = gateway(broker, "gw-3");

    assertThat(late.find(callSid)).get().extracting(CallLedger.Entry::holder).isEqualTo("gw-1");
    assertThat(late.claim(grant(callSid, Instant.now().plusMillis(5)), "MZ9")).isInstanceOf(StreamClaims.Claimed.Refused.class);
  }

  private static <T> T await(CountDownLatch go, java.util.function.Supplier<T> work) {
    try {
      go.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return work.get();
  }
}
