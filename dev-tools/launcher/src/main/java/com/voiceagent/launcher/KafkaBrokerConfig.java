package com.voiceagent.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The server.properties of the local single-node KRaft cluster: one process is both broker and
 * controller, every internal topic has one replica, and topics are created on first use so a service
 * that starts before another's topic exists still works.
 *
 * @param clientPort PLAINTEXT listener for producers and consumers
 * @param controllerPort CONTROLLER listener of the KRaft quorum
 * @param dataDirectory log.dirs (the broker's partitions and the metadata log)
 */
record KafkaBrokerConfig(int clientPort, int controllerPort, Path dataDirectory) {

  static final int NODE_ID = 1;

  KafkaBrokerConfig {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    if (clientPort == controllerPort) {
      throw new IllegalArgumentException("the client and controller ports must differ, both were " + clientPort);
    }
  }

  String bootstrapServers() {
    return "localhost:" + clientPort;
  }

  /** The properties in file order, so the written file reads like a hand-written one. */
  Map<String, String> properties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.bootstrap.servers", "localhost:" + controllerPort);
    p.put("listeners", "PLAINTEXT://localhost:" + clientPort + ",CONTROLLER://localhost:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://localhost:" + clientPort + ",CONTROLLER://localhost:" + controllerPort);
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dataDirectory.toAbsolutePath().toString());
    p.put("num.partitions", "1");
    p.put("auto.create.topics.enable", "true");
    // One broker: every internal topic must make do with a single replica.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "8");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    // Consumers join at once instead of waiting 3 s for more members that will never come.
    p.put("group.initial.rebalance.delay.ms", "0");
    return p;
  }

  String render() {
    StringBuilder text = new StringBuilder("# Written by ./voice up on every start; edits are overwritten.\n");
    properties().forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    return text.toString();
  }
}
