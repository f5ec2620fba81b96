package com.voiceagent.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KafkaBrokerTest {
  @Test
  void theConsoleShowsTheBrokersWarningsAndErrorsButNotItsInfoLines() {
    assertThat(KafkaBroker.worthShowing("[2026-11-23 01:47:48,306] INFO [KafkaRaftServer nodeId=1] Kafka Server started (kafka.server.KafkaRaftServer)")).isFalse();
    assertThat(KafkaBroker.worthShowing("[2026-11-23 01:47:48,306] WARN [LogLoader] disk almost full (kafka.log)")).isTrue();
    assertThat(KafkaBroker.worthShowing("[2026-11-23 01:47:48,306] ERROR Exiting Kafka due to fatal exception (kafka.Kafka$)")).isTrue();
    assertThat(KafkaBroker.worthShowing("Exception in thread \"main\" java.lang.NoClassDefFoundError: scala/Function1")).isTrue();
  }

  @Test
  void warningsEveryHealthySingleNodeClusterLogsStayInTheLogFile() {
    assertThat(KafkaBroker.worthShowing("[2026-11-23 01:47:48,306] WARN Auto topic creation failed for __consumer_offsets with error "
        + "'TOPIC_ALREADY_EXISTS': Topic '__consumer_offsets' already exists. (kafka.server.DefaultAutoTopicCreationManager)")).isFalse();
    assertThat(KafkaBroker.worthShowing("[2026-11-23 01:38:33,496] WARN [QuorumController id=1] Performing controller activation. "
        + "(org.apache.kafka.controller.QuorumController)")).isFalse();
  }
}
