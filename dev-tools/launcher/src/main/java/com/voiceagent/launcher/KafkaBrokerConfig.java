package com.voiceagent.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The server.properties of one node of the local KRaft cluster: every process is both broker and
 * controller. A single node keeps one replica of everything; in a cluster of three every partition has three
 * replicas and a write needs two, so the cluster keeps serving, and loses nothing, when one node dies.
 * Topics are created on first use so a service that starts before another's topic exists still works.
 *
 * @param nodeId this node's id (1 for a single node)
 * @param clientPort PLAINTEXT listener for producers and consumers
 * @param controllerPort CONTROLLER listener of the KRaft quorum
 * @param dataDirectory log.dirs (the broker's partitions and the metadata log)
 * @param controllerPorts every node's controller port by node id, this node's included
 */
record KafkaBrokerConfig(int nodeId, int clientPort, int controllerPort, Path dataDirectory,
    Map<Integer, Integer> controllerPorts) {

  /**
   * Broker settings for quick failover on one machine, each documented in docs/running.md with the
   * production default a platform team configures instead. The minimums only allow a group (set per group
   * by the services) to detect a dead member within a few seconds and to give a dead consumer's records to
   * another after about two; the defaults apply to groups that set nothing.
   */
  static final Map<String, String> FAST_FAILOVER = fastFailover();

  /** A single node, its own quorum. */
  KafkaBrokerConfig(int clientPort, int controllerPort, Path dataDirectory) {
    this(1, clientPort, controllerPort, dataDirectory, Map.of(1, controllerPort));
  }

  KafkaBrokerConfig {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    controllerPorts = Map.copyOf(controllerPorts);
    if (clientPort == controllerPort) {
      throw new IllegalArgumentException("the client and controller ports must differ, both were " + clientPort);
    }
    if (!Integer.valueOf(controllerPort).equals(controllerPorts.get(nodeId))) {
      throw new IllegalArgumentException("node " + nodeId + " must be in the quorum " + controllerPorts
          + " with its controller port " + controllerPort);
    }
  }

  int clusterSize() {
    return controllerPorts.size();
  }

  static int replicationFactor(int clusterSize) {
    return Math.min(3, clusterSize);
  }

  /** Two of three replicas must have a write: one node may die without losing an acknowledged record. */
  static int minInSyncReplicas(int clusterSize) {
    return clusterSize >= 3 ? 2 : 1;
  }

  String bootstrapServers() {
    return "localhost:" + clientPort;
  }

  /** {@code 1@localhost:9093,2@localhost:9095,...}: the static quorum of a cluster. */
  String quorumVoters() {
    return controllerPorts.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "@localhost:" + e.getValue()).collect(Collectors.joining(","));
  }

  /** The properties in file order, so the written file reads like a hand-written one. */
  Map<String, String> properties() {
    int replicas = replicationFactor(clusterSize());
    String minIsr = Integer.toString(minInSyncReplicas(clusterSize()));
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(nodeId));
    if (clusterSize() == 1) {
      // A single node formats itself as a standalone dynamic quorum (kept as before: existing data stays valid).
      p.put("controller.quorum.bootstrap.servers", "localhost:" + controllerPort);
    } else {
      // A fixed quorum: every node is formatted with the same voters and cluster id, no membership changes.
      p.put("controller.quorum.voters", quorumVoters());
    }
    p.put("listeners", "PLAINTEXT://localhost:" + clientPort + ",CONTROLLER://localhost:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://localhost:" + clientPort + ",CONTROLLER://localhost:" + controllerPort);
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dataDirectory.toAbsolutePath().toString());
    p.put("num.partitions", "1");
    p.put("auto.create.topics.enable", "true");
    p.put("offsets.topic.replication.factor", Integer.toString(replicas));
    p.put("offsets.topic.num.partitions", "8");
    p.put("transaction.state.log.replication.factor", Integer.toString(replicas));
    p.put("transaction.state.log.min.isr", minIsr);
    p.put("share.coordinator.state.topic.replication.factor", Integer.toString(replicas));
    p.put("share.coordinator.state.topic.min.isr", minIsr);
    p.put("default.replication.factor", Integer.toString(replicas));
    p.put("min.insync.replicas", minIsr);
    // Consumers join at once instead of waiting 3 s for more members that will never come.
    p.put("group.initial.rebalance.delay.ms", "0");
    p.putAll(FAST_FAILOVER);
    if (clusterSize() > 1) {
      // A killed node sends nothing: the controller notices only when its heartbeats stop. Fence it (and move
      // its partitions' leadership) after 4 s instead of 9 s; a live node heartbeats every second.
      p.put("broker.heartbeat.interval.ms", "1000");
      p.put("broker.session.timeout.ms", "4000");
    }
    return p;
  }

  private static Map<String, String> fastFailover() {
    Map<String, String> p = new LinkedHashMap<>();
    // Classic groups (the clients' own session.timeout.ms): allow a few seconds instead of at least 6.
    p.put("group.min.session.timeout.ms", "2000");
    // Consumer groups (KIP-848) and share groups (KIP-932): the broker decides the session and heartbeat.
    // Minimums low enough for a 2-3 s session; defaults of 6 s / 1 s for groups that set nothing (45 s / 5 s
    // otherwise): a machine busy with a dozen JVMs can stall a healthy member for a second or two.
    p.put("group.consumer.min.session.timeout.ms", "2000");
    p.put("group.consumer.session.timeout.ms", "6000");
    p.put("group.consumer.min.heartbeat.interval.ms", "500");
    p.put("group.consumer.heartbeat.interval.ms", "1000");
    p.put("group.share.min.session.timeout.ms", "2000");
    p.put("group.share.session.timeout.ms", "6000");
    p.put("group.share.min.heartbeat.interval.ms", "500");
    p.put("group.share.heartbeat.interval.ms", "1000");
    // Only the minimum: how long a record stays locked must outlast the slowest handling of it, which each
    // stage knows (share.record.lock.duration.ms per group); Kafka accepts nothing below 1 s.
    p.put("group.share.min.record.lock.duration.ms", "1000");
    return p;
  }

  String render() {
    StringBuilder text = new StringBuilder("# Written by ./voice up on every start; edits are overwritten.\n");
    properties().forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    return text.toString();
  }
}
