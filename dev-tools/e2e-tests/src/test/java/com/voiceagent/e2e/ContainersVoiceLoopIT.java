package com.voiceagent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.fixtures.LatencyModel;
import com.voiceagent.twiliokit.media.MediaStreamClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The voice loop on the broker docker-compose.yml runs: Apache Kafka's own image (apache/kafka, KRaft) in a
 * KafkaContainer; the gateway and the three stages as their executable jars; one call through them.
 *
 * <p>Needs a Docker engine; without one it is skipped, saying so. Everything it covers
 * runs without Docker in {@link VoiceLoopEndToEndIT} (the same services and call on an embedded KRaft broker);
 * what it adds is the broker image and its compose settings. Run it where Docker exists:
 * {@code mvn -pl dev-tools/e2e-tests verify -Dtest='Containers*IT,ServiceImagesIT'}.
 */
@CoveredWithoutDockerBy("VoiceLoopEndToEndIT")
@Testcontainers(disabledWithoutDocker = true)
class ContainersVoiceLoopIT {
  @Container
  static final KafkaContainer KAFKA = Containers.kafka();

  @Test
  void aCallersQuestionIsAnsweredThroughTheKafkaContainer() throws Exception {
    try (Stack stack = new Stack(LatencyModel.instant(), KAFKA.getBootstrapServers())
        .withGateway("gw-tc").withStages().awaitStarted();
        MediaStreamClient call = stack.dial("gw-tc", Stack.newCallSid())) {
      call.say(VoiceLoopEndToEndIT.question());
      await().atMost(Duration.ofSeconds(60)).until(() -> call.hasMark("t1-s0"));
      assertThat(call.events("media")).isNotEmpty();
      assertThat(call.protocolErrors()).isEmpty();
      assertThat(stack.openAi.transcriptionRequests()).isNotEmpty();
    }
  }
}
