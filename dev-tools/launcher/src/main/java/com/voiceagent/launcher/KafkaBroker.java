package com.voiceagent.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * Kafka's own KRaft broker (the real {@code kafka.Kafka} server from the Maven jars) as a child JVM. The
 * storage is formatted once and kept, so topics survive a restart; if the controller port changed since
 * it was formatted, the data is wiped and formatted again (the quorum's address is part of the data).
 */
final class KafkaBroker implements AutoCloseable {
  static final String LOG_CONFIG_RESOURCE = "kafka-log4j2.xml";
  static final List<String> BROKER_JVM_OPTIONS = List.of("-Xms128m", "-Xmx768m", "-XX:+UseG1GC");
  /** Warnings a healthy single-node cluster logs on every start or stop; they would only alarm. */
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
  private ChildProcess process;

  /**
   * @param configDirectory where server.properties is written
   * @param classpath the classpath holding kafka_2.13, kafka-tools, log4j2 (the launcher's own)
   */
  KafkaBroker(KafkaBrokerConfig config, Path configDirectory, Path logFile, String classpath, PrintStream console) {
    this.config = config;
    this.configDirectory = configDirectory;
    this.logFile = logFile;
    this.classpath = classpath;
    this.console = console;
  }

  String bootstrapServers() {
    return config.bootstrapServers();
  }

  ChildProcess process() {
    return process;
  }

  /** Writes the configuration, formats the storage if needed, starts the broker and waits until it serves. */
  void start(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    Path properties = writeConfiguration();
    formatStorageIfNeeded(properties, timeout);
    process = ChildProcess.start("kafka", command("kafka.Kafka", List.of(properties.toString())), Map.of(),
        configDirectory, logFile, console, KafkaBroker::worthShowing);
    awaitServing(deadline);
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

  private void formatStorageIfNeeded(Path properties, Duration timeout) {
    Path marker = config.dataDirectory().resolve(FORMAT_MARKER);
    String fingerprint = "controller.port=" + config.controllerPort() + "\n";
    try {
      boolean formatted = Files.exists(config.dataDirectory().resolve("meta.properties"));
      if (formatted && Files.exists(marker) && Files.readString(marker).equals(fingerprint)) {
        return;
      }
      if (formatted) {
        console.println("[voice] Kafka data in " + config.dataDirectory()
            + " was formatted for another controller port; formatting it again (old topics are dropped)");
        deleteContents(config.dataDirectory());
      }
      String clusterId = Uuid.randomUuid().toString();
      ChildProcess format = ChildProcess.start("kafka-format",
          command("kafka.tools.StorageTool",
              List.of("format", "--standalone", "-t", clusterId, "-c", properties.toString())),
          Map.of(), configDirectory, logFile.resolveSibling("kafka-format.log"), console, line -> false);
      Process done = format.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      format.stop(Duration.ofSeconds(1));
      if (done.exitValue() != 0) {
        throw new IllegalStateException("Formatting the Kafka storage failed (exit " + done.exitValue() + "):\n  "
            + String.join("\n  ", format.lastLines(20)));
      }
      Files.writeString(marker, fingerprint);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare the Kafka data directory " + config.dataDirectory(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while formatting the Kafka storage", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Formatting the Kafka storage did not finish within " + timeout, e);
    }
  }

  /**
   * Ready means a client can really talk to it: describeCluster answers. The admin client retries the
   * connection itself, so this waits on the protocol, not on a guessed sleep.
   */
  private void awaitServing(Instant deadline) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "100");
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
    try (Admin admin = Admin.create(props)) {
      while (true) {
        if (!process.isAlive()) {
          throw new ChildFailedException(process, "the Kafka broker exited while starting");
        }
        long left = Duration.between(Instant.now(), deadline).toMillis();
        if (left <= 0) {
          throw new ChildFailedException(process, "the Kafka broker did not accept connections in time");
        }
        try {
          int attempt = (int) Math.min(left, 2_000);
          admin.describeCluster(new DescribeClusterOptions().timeoutMs(attempt)).clusterId()
              .get(attempt + 500L, TimeUnit.MILLISECONDS);
          return;
        } catch (ExecutionException | TimeoutException e) {
          // Not serving yet: the next attempt waits on the client's own reconnect backoff.
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
        }
      }
    }
  }

  List<String> command(String mainClass, List<String> args) {
    List<String> jvm = new java.util.ArrayList<>(BROKER_JVM_OPTIONS);
    jvm.add("-Dlog4j2.configurationFile=" + LOG_CONFIG_RESOURCE);
    return JavaCommand.mainClass(jvm, classpath, mainClass, args);
  }

  /** The console gets the broker's warnings and errors; the full log is in kafka.log. */
  static boolean worthShowing(String line) {
    if (BENIGN_WARNINGS.stream().anyMatch(line::contains)) {
      return false;
    }
    return line.contains("] WARN ") || line.contains("] ERROR ") || line.contains("] FATAL ")
        || line.startsWith("Exception") || line.startsWith("Error");
  }

  @Override
  public void close() {
    if (process != null) {
      process.stop(Duration.ofSeconds(30));
    }
  }

  private static void deleteContents(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (!path.equals(directory)) {
          Files.delete(path);
        }
      }
    }
  }
}
