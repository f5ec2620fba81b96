package com.voiceagent.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * The local Kafka cluster: one node, or three that form a KRaft quorum (each broker and controller). The
 * storage of every node is formatted together with one cluster id, once, and kept, so topics survive a
 * restart; if the quorum changed since (other ports, another size), it is wiped and formatted again.
 */
final class KafkaCluster {
  private final List<KafkaBroker> brokers;
  private final PrintStream console;

  KafkaCluster(List<KafkaBroker> brokers, PrintStream console) {
    if (brokers.isEmpty()) {
      throw new IllegalArgumentException("a Kafka cluster needs at least one broker");
    }
    this.brokers = List.copyOf(brokers);
    this.console = console;
  }

  /**
   * The cluster {@code ./voice up} runs. A single node keeps the layout it always had (.voice/kafka,
   * .voice/kafka-data); a cluster's nodes live in .voice/kafka-cluster/node-N, so switching between the two
   * never wipes the other's topics.
   */
  static KafkaCluster local(LauncherSettings settings, String classpath, PrintStream console) {
    PortLayout ports = settings.ports();
    Map<Integer, Integer> controllerPorts = new LinkedHashMap<>();
    for (int id = 1; id <= settings.brokers(); id++) {
      controllerPorts.put(id, ports.kafkaControllerPort(id));
    }
    List<KafkaBroker> brokers = new ArrayList<>();
    for (int id = 1; id <= settings.brokers(); id++) {
      Path configDirectory = settings.brokers() == 1 ? settings.home().resolve("kafka")
          : settings.home().resolve("kafka-cluster").resolve("node-" + id);
      Path data = settings.brokers() == 1 ? settings.home().resolve("kafka-data") : configDirectory.resolve("data");
      KafkaBrokerConfig config = new KafkaBrokerConfig(id, ports.kafkaClientPort(id), ports.kafkaControllerPort(id), data,
          controllerPorts);
      brokers.add(new KafkaBroker(config, configDirectory, settings.logs().resolve("kafka-" + id + ".log"), classpath,
          console));
    }
    return new KafkaCluster(brokers, console);
  }

  List<KafkaBroker> brokers() {
    return brokers;
  }

  String bootstrapServers() {
    return String.join(",", brokers.stream().map(b -> b.config().bootstrapServers()).toList());
  }

  /** Formats every node with one new cluster id unless all of them already share one for this quorum. */
  void formatIfNeeded(Duration timeout) {
    List<String> ids = brokers.stream().map(KafkaBroker::formattedClusterId).toList();
    if (ids.stream().allMatch(id -> id != null && id.equals(ids.getFirst()))) {
      return;
    }
    if (brokers.stream().anyMatch(KafkaBroker::hasData)) {
      console.println("[voice] the Kafka data was formatted for another quorum (other ports or number of brokers);"
          + " formatting it again (its topics are dropped)");
    }
    String clusterId = Uuid.randomUuid().toString();
    brokers.forEach(broker -> broker.format(clusterId, timeout));
  }

  /**
   * Ready means a client can really talk to the cluster and every node has joined it (describeCluster lists
   * them all): a topic with three replicas cannot be created before. The admin client retries the connection
   * itself, so this waits on the protocol, not on a guessed sleep.
   *
   * @param failure asked between attempts; a non-null answer (a node died) ends the wait with that exception
   */
  void awaitServing(Instant deadline, Supplier<RuntimeException> failure) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "100");
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
    try (Admin admin = Admin.create(props)) {
      int seen = 0;
      while (true) {
        RuntimeException failed = failure.get();
        if (failed != null) {
          throw failed;
        }
        long left = Duration.between(Instant.now(), deadline).toMillis();
        if (left <= 0) {
          throw new IllegalStateException("the Kafka cluster did not serve in time (" + seen + " of " + brokers.size()
              + " brokers had joined); see " + brokers.getFirst().logFile().getParent() + "/kafka-*.log");
        }
        try {
          int attempt = (int) Math.min(left, 2_000);
          seen = admin.describeCluster(new DescribeClusterOptions().timeoutMs(attempt)).nodes()
              .get(attempt + 500L, TimeUnit.MILLISECONDS).size();
          if (seen >= brokers.size()) {
            return;
          }
          Thread.sleep(200); // a node is still registering with the controller
        } catch (ExecutionException | TimeoutException e) {
          // Not serving yet: the next attempt waits on the client's own reconnect backoff.
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while waiting for the Kafka cluster", e);
        }
      }
    }
  }
}
