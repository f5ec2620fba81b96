package com.voiceagent.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaBrokerConfigTest {
  private final KafkaBrokerConfig config = new KafkaBrokerConfig(9092, 9093, Path.of("/data/kafka"));

  @Test
  void oneProcessIsBrokerAndControllerOfASingleNodeQuorum() {
    assertThat(config.properties())
        .containsEntry("process.roles", "broker,controller")
        .containsEntry("node.id", "1")
        .containsEntry("controller.quorum.bootstrap.servers", "localhost:9093")
        .containsEntry("controller.listener.names", "CONTROLLER")
        .containsEntry("listeners", "PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093")
        .containsEntry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT")
        .containsEntry("log.dirs", "/data/kafka");
  }

  @Test
  void internalTopicsHaveOneReplicaAndConsumersJoinWithoutDelay() {
    assertThat(config.properties())
        .containsEntry("offsets.topic.replication.factor", "1")
        .containsEntry("transaction.state.log.replication.factor", "1")
        .containsEntry("transaction.state.log.min.isr", "1")
        .containsEntry("share.coordinator.state.topic.replication.factor", "1")
        .containsEntry("group.initial.rebalance.delay.ms", "0")
        .containsEntry("auto.create.topics.enable", "true");
  }

  @Test
  void theRenderedFileIsReadableAsPropertiesWithTheSameValues() throws Exception {
    Properties parsed = new Properties();
    parsed.load(new StringReader(config.render()));

    assertThat(parsed).hasSize(config.properties().size());
    config.properties().forEach((key, value) -> assertThat(parsed.getProperty(key)).isEqualTo(value));
  }

  @Test
  void theControllerNeedsItsOwnPort() {
    assertThatThrownBy(() -> new KafkaBrokerConfig(9092, 9092, Path.of("/d")))
        .hasMessage("the client and controller ports must differ, both were 9092");
  }
}
