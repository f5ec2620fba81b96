package com.voiceagent.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One node of the local Kafka cluster: Kafka's own KRaft server (the real {@code kafka.Kafka} from the Maven
 * jars) as a child JVM, its configuration and its storage. Whether the storage must be formatted is decided
 * for the whole cluster by {@link KafkaCluster}: every node of a cluster needs the same cluster id.
 */
final class KafkaBroker {
  static final String LOG_CONFIG_RESOURCE = "kafka-log4j2.xml";
  static final List<String> BROKER_JVM_OPTIONS = List.of("-Xms128m", "-Xmx768m", "-XX:+UseG1GC");
  /** KafkaRaftServer's line once the node serves; a restarted node is ready then. */
  static final Pattern STARTED = Pattern.compile("Kafka Server started");
  /** Warnings a healthy cluster logs on every start or stop, or while a peer restarts; they would only alarm. */
  static final List<String> BENIGN_WARNINGS = List.of(
      "Performing controller activation",
      "Attempting to close NetworkClient that has already been closed",
      "Auto topic creation failed for __consumer_offsets with error 'TOPIC_ALREADY_EXISTS'");
  private static final String FORMAT_MARKER = "voice-formatted-for.properties";

  private final KafkaBrokerConfig config;
  private final Path configDirectory;
  private final Path logFile;
  private final String classpath;
  private final PrintStream console;

  /**
   * @param configDirectory where server.properties is written; the node runs in it
   * @param classpath the classpath holding kafka_2.13, kafka-tools, log4j2 (the launcher's own)
   */
  KafkaBroker(KafkaBrokerConfig config, Path configDirectory, Path logFile, String classpath, PrintStream console) {
    this.config = config;
    this.configDirectory = configDirectory;
    this.logFile = logFile;
    this.classpath = classpath;
    this.console = console;
  }

  KafkaBrokerConfig config() {
    return config;
  }

  /** The child's name: console prefix and log file. */
  String name() {
    return "kafka-" + config.nodeId();
  }

  Path logFile() {
    return logFile;
  }

  /** Starts the node (configuration written, storage formatted); readiness is {@link #STARTED} or a client's answer. */
  ChildProcess start(boolean afterCrash) {
    Path properties = writeConfiguration();
    return ChildProcess.start(name(), command("kafka.Kafka", List.of(properties.toString())), Map.of(),
        configDirectory, logFile, console, KafkaBroker::worthShowing, afterCrash);
  }

  Path writeConfiguration() {
    try {
      Files.createDirectories(configDirectory);
      Files.createDirectories(config.dataDirectory());
      Path properties = configDirectory.resolve("server.properties");
      Files.writeString(properties, config.render(), StandardCharsets.UTF_8);
      return properties;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the Kafka configuration in " + configDirectory, e);
    }
  }

  /**
   * What the storage must have been formatted for: a single node's controller port (as before, so its data
   * stays valid), a cluster's voters. The quorum's addresses are part of the metadata log.
   */
  String formatFingerprint() {
    return config.clusterSize() == 1 ? "controller.port=" + config.controllerPort() + "\n"
        : "controller.quorum.voters=" + config.quorumVoters() + "\n";
  }

  /** The cluster id the storage was formatted with for this configuration, or null when it must be formatted. */
  String formattedClusterId() {
    Path meta = config.dataDirectory().resolve("meta.properties");
    Path marker = config.dataDirectory().resolve(FORMAT_MARKER);
    try {
      if (!Files.exists(meta) || !Files.exists(marker) || !Files.readString(marker).equals(formatFingerprint())) {
        return null;
      }
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(meta)) {
        properties.load(reader);
      }
      return properties.getProperty("cluster.id");
    } catch (IOException e) {
      return null;
    }
  }

  boolean hasData() {
    return Files.exists(config.dataDirectory().resolve("meta.properties"));
  }

  /** Wipes the storage and formats it for the cluster id (a single node as its own standalone quorum). */
  void format(String clusterId, Duration timeout) {
    Path properties = writeConfiguration();
    List<String> args = config.clusterSize() == 1
        ? List.of("format", "--standalone", "-t", clusterId, "-c", properties.toString())
        : List.of("format", "-t", clusterId, "-c", properties.toString());
    try {
      deleteContents(config.dataDirectory());
      ChildProcess format = ChildProcess.start(name() + "-format", command("kafka.tools.StorageTool", args),
          Map.of(), configDirectory, logFile.resolveSibling(name() + "-format.log"), console, line -> false);
      Process done = format.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      format.stop(Duration.ofSeconds(1));
      if (done.exitValue() != 0) {
        throw new IllegalStateException("Formatting the Kafka storage of " + name() + " failed (exit " + done.exitValue()
            + "):\n  " + String.join("\n  ", format.lastLines(20)));
      }
      Files.writeString(config.dataDirectory().resolve(FORMAT_MARKER), formatFingerprint());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare the Kafka data directory " + config.dataDirectory(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while formatting the Kafka storage", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Formatting the Kafka storage did not finish within " + timeout, e);
    }
  }

  List<String> command(String mainClass, List<String> args) {
    List<String> jvm = new java.util.ArrayList<>(BROKER_JVM_OPTIONS);
    jvm.add("-Dlog4j2.configurationFile=" + LOG_CONFIG_RESOURCE);
    return JavaCommand.mainClass(jvm, classpath, mainClass, args);
  }

  /** The console gets the broker's warnings and errors; the full log is in its log file. */
  static boolean worthShowing(String line) {
    if (BENIGN_WARNINGS.stream().anyMatch(line::contains)) {
      return false;
    }
    return line.contains("] WARN ") || line.contains("] ERROR ") || line.contains("] FATAL ")
        || line.startsWith("Exception") || line.startsWith("Error");
  }

  private static void deleteContents(Path directory) throws IOException {
    Files.createDirectories(directory);
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (!path.equals(directory)) {
          Files.delete(path);
        }
      }
    }
  }
}
