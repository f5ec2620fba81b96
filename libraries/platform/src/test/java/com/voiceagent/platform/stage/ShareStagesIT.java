package com.voiceagent.platform.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.events.CancelReason;
import com.voiceagent.events.TurnCancelled;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * A shared stage (a Kafka share group) against a real broker whose bounds allow short locks and sessions,
 * as the local run's broker does: records reach the handler, and a slow one is not handed to another consumer
 * while its consumer works on it. (An instance dying mid-record: the e2e failover tests, with SIGKILL.)
 */
@SpringBootTest(classes = ShareStagesIT.App.class, properties = {
    "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
    "voice.platform.instance-id=share-stages-it",
    "voice.platform.share-lock-duration=2s",
    "voice.platform.share-consumers=2",
    "voice.platform.group-session-timeout=2s",
    "voice.platform.group-heartbeat-interval=500ms"})
@EmbeddedKafka(partitions = 1, brokerProperties = {
    "share.coordinator.state.topic.replication.factor=1",
    "share.coordinator.state.topic.min.isr=1",
    "group.share.min.record.lock.duration.ms=1000",
    "group.share.min.session.timeout.ms=1000",
    "group.share.min.heartbeat.interval.ms=500",
    "group.consumer.min.session.timeout.ms=1000",
    "group.consumer.min.heartbeat.interval.ms=500"})
class ShareStagesIT {
  /** How often each call's record reached the handler. */
  static final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
  static final List<String> handled = new java.util.concurrent.CopyOnWriteArrayList<>();

  @SpringBootApplication
  static class App {
    @Bean
    String shareStageDeclared(Stages stages) {
      stages.stage("test-shared").group("share-stages-it").delivery(Delivery.SHARED)
          .on(Topics.CONTROL, inbound -> {
            deliveries.computeIfAbsent(inbound.key(), k -> new AtomicInteger()).incrementAndGet();
            String how = inbound.value().getHeardText();
            if (how.equals("slow")) {
              Thread.sleep(1_500); // within the lock: the record is not handed to the other consumer meanwhile
            }
            handled.add(inbound.key());
          })
          .start();
      return "declared";
    }
  }

  @Autowired EventPublisher publisher;

  @Test
  void aRecordReachesTheSharedStage() {
    publisher.publish(Topics.CONTROL, cancel("CA-shared", ""));
    await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains("CA-shared"));
  }

  @Test
  void aSlowRecordIsHandedOutOnceWhileItsConsumerWorksOnIt() {
    publisher.publish(Topics.CONTROL, cancel("CA-slow", "slow"));
    await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains("CA-slow"));
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
        .until(() -> deliveries.get("CA-slow").get() == 1);
  }

  @Test
  void aSlowRecordDoesNotHoldBackTheRecordsBehindIt() {
    publisher.publish(Topics.CONTROL, cancel("CA-slow-first", "slow")).join();
    publisher.publish(Topics.CONTROL, cancel("CA-quick-after", "")).join();
    await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains("CA-slow-first"));
    assertThat(handled.indexOf("CA-quick-after")).as("handled while the slow one was").isBetween(0, handled.indexOf("CA-slow-first"));
  }

  private static TurnCancelled cancel(String callSid, String heard) {
    return TurnCancelled.newBuilder().setCallSid(callSid).setTurn(1).setProducer("test").setEventTime(Instant.now())
        .setReason(CancelReason.BARGE_IN).setHeardSegments(0).setHeardText(heard).build();
  }
}
