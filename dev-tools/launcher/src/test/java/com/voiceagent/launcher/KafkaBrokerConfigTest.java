package com.voiceagent.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import org.apache.kafka.coordinator.group.GroupCoordinatorConfig;
import org.apache.kafka.coordinator.group.modern.share.ShareGroupConfig;
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

  private static KafkaBrokerConfig nodeOfThree(int id) {
    return new KafkaBrokerConfig(id, 19090 + 2 * id, 19091 + 2 * id, Path.of("/data/node-" + id),
        Map.of(1, 19093, 2, 19095, 3, 19097));
  }

  @Test
  void eachNodeOfAThreeNodeClusterHasItsIdPortsAndTheSameQuorumOfVoters() {
    KafkaBrokerConfig second = nodeOfThree(2);

    assertThat(second.properties())
        .containsEntry("node.id", "2")
        .containsEntry("process.roles", "broker,controller")
        .containsEntry("controller.quorum.voters", "1@localhost:19093,2@localhost:19095,3@localhost:19097")
        .containsEntry("listeners", "PLAINTEXT://localhost:19094,CONTROLLER://localhost:19095")
        .containsEntry("log.dirs", "/data/node-2")
        .doesNotContainKey("controller.quorum.bootstrap.servers");
    assertThat(nodeOfThree(3).quorumVoters()).isEqualTo(second.quorumVoters());
  }

  @Test
  void aClusterOfThreeReplicatesEverythingThreeTimesAndNeedsTwoReplicasForAWrite() {
    assertThat(nodeOfThree(1).properties())
        .containsEntry("default.replication.factor", "3")
        .containsEntry("min.insync.replicas", "2")
        .containsEntry("offsets.topic.replication.factor", "3")
        .containsEntry("transaction.state.log.replication.factor", "3")
        .containsEntry("transaction.state.log.min.isr", "2")
        .containsEntry("share.coordinator.state.topic.replication.factor", "3")
        .containsEntry("share.coordinator.state.topic.min.isr", "2")
        .containsEntry("broker.session.timeout.ms", "4000");
    assertThat(config.properties()).containsEntry("min.insync.replicas", "1").doesNotContainKey("broker.session.timeout.ms");
  }

  @Test
  void groupsMayUseSessionsOfAFewSecondsAndRecordLocksOfAboutTwo() {
    assertThat(config.properties())
        .containsEntry("group.min.session.timeout.ms", "2000")
        .containsEntry("group.consumer.min.session.timeout.ms", "2000")
        .containsEntry("group.consumer.session.timeout.ms", "6000")
        .containsEntry("group.consumer.min.heartbeat.interval.ms", "500")
        .containsEntry("group.consumer.heartbeat.interval.ms", "1000")
        .containsEntry("group.share.min.session.timeout.ms", "2000")
        .containsEntry("group.share.session.timeout.ms", "6000")
        .containsEntry("group.share.min.heartbeat.interval.ms", "500")
        .containsEntry("group.share.heartbeat.interval.ms", "1000")
        .containsEntry("group.share.min.record.lock.duration.ms", "1000")
        .doesNotContainKey("group.share.record.lock.duration.ms");
  }

  /** Kafka's own checks, as the broker runs them at startup: a value out of bounds would stop the broker. */
  @Test
  void theBrokerAcceptsTheConfigurationOfASingleNodeAndOfAClusterNode() {
    KafkaConfig single = new KafkaConfig(config.properties());
    new KafkaConfig(nodeOfThree(2).properties());

    GroupCoordinatorConfig groups = single.groupCoordinatorConfig();
    ShareGroupConfig share = single.shareGroupConfig();

    assertThat(groups.consumerGroupMinSessionTimeoutMs()).isEqualTo(2000);
    assertThat(groups.consumerGroupSessionTimeoutMs()).isEqualTo(6000);
    assertThat(groups.shareGroupMinHeartbeatIntervalMs()).isEqualTo(500);
    assertThat(groups.classicGroupMinSessionTimeoutMs()).isEqualTo(2000);
    assertThat(share.shareGroupMinRecordLockDurationMs()).isEqualTo(1000);
  }
}
