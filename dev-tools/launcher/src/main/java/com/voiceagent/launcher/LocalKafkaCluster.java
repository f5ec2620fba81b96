package com.voiceagent.launcher;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The Kafka nodes of {@code ./voice up --brokers N}, each a process of its own, for tests outside the launcher
 * that kill one (the whole-system failover tests): the same configuration, formatting and readiness as the
 * launcher's, without the services around it. Not supervised: a killed node stays down until {@link #restart}.
 */
public final class LocalKafkaCluster implements AutoCloseable {
  private final KafkaCluster cluster;
  private final List<ChildProcess> nodes = new ArrayList<>();

  private LocalKafkaCluster(KafkaCluster cluster) {
    this.cluster = cluster;
  }

  /**
   * Formats and starts {@code size} nodes under {@code home} on free ports and waits until each has joined.
   *
   * @param classpath holds kafka_2.13, kafka-tools and log4j2 (the launcher's classes and target/lib)
   */
  public static LocalKafkaCluster start(Path home, int size, String classpath, Duration timeout) {
    int firstPort = freeBlock();
    // Only the Kafka ports matter here; the others are the block's remaining free ports so that settings validate.
    LauncherSettings settings = LauncherSettings.from(Map.of("VOICE_HOME", home.toString(),
            "KAFKA_PORT", Integer.toString(firstPort), "KAFKA_CONTROLLER_PORT", Integer.toString(firstPort + 1),
            "PG_PORT", Integer.toString(firstPort + 7), "GATEWAY_PORT", Integer.toString(firstPort + 8),
            "WHATSAPP_PORT", Integer.toString(firstPort + 9)),
        new UpCommandLine(null, Integer.toString(size), false, false), home);
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    LocalKafkaCluster local = new LocalKafkaCluster(KafkaCluster.local(settings, classpath, quiet));
    try {
      local.cluster.formatIfNeeded(timeout);
      local.cluster.brokers().forEach(broker -> local.nodes.add(broker.start(false)));
      local.cluster.awaitServing(Instant.now().plus(timeout), () -> null);
      return local;
    } catch (RuntimeException e) {
      local.close();
      throw e;
    }
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** Node ids are 1..size. */
  public long pid(int nodeId) {
    return node(nodeId).pid();
  }

  public boolean isAlive(int nodeId) {
    return node(nodeId).isAlive();
  }

  /** SIGKILL, as when a machine dies: no controlled shutdown; returns once the process is gone. */
  public void kill(int nodeId) throws Exception {
    ChildProcess node = node(nodeId);
    ProcessHandle.of(node.pid()).ifPresent(ProcessHandle::destroyForcibly);
    node.onExit().get(30, TimeUnit.SECONDS);
  }

  /** Starts a killed node again on its own storage, as the launcher's supervisor does. */
  public void restart(int nodeId) {
    nodes.set(nodeId - 1, cluster.brokers().get(nodeId - 1).start(true));
  }

  /** The node's log file (kept after the run for a failed test's diagnosis). */
  public Path logFile(int nodeId) {
    return cluster.brokers().get(nodeId - 1).logFile();
  }

  private ChildProcess node(int nodeId) {
    return nodes.get(nodeId - 1);
  }

  @Override
  public void close() {
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      nodes.forEach(node -> threads.execute(() -> node.stop(Duration.ofSeconds(30))));
    }
  }

  /** Ten consecutive free ports: three nodes' client and controller ports step by two from the first. */
  static int freeBlock() {
    Random random = new Random();
    for (int attempt = 0; attempt < 50; attempt++) {
      int first = 20_000 + random.nextInt(30_000);
      if (IntStream.range(first, first + 10).allMatch(PortCheck::isFree)) {
        return first;
      }
    }
    throw new IllegalStateException("no block of 10 free ports");
  }
}
