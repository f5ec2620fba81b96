package com.voiceagent.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One service running as its own JVM from its executable jar, exactly as deployed, with its output in
 * e2e-tests/target/e2e-logs/<name>.log.
 */
final class ServiceProcess implements AutoCloseable {
  private static final Pattern STARTED = Pattern.compile("Started \\w+Application in");
  /** Logged once every stage of the service has joined its group and been given its partitions. */
  private static final Pattern CONSUMING = Pattern.compile("every stage consuming");
  /** Functional tests: the quick-starting client compiler only, small stacks and heaps. */
  static final List<String> TEST_JVM = List.of("-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx384m");
  /**
   * Benchmarks: the JVM as `./voice up` runs a service (LauncherSettings.DEFAULT_SERVICE_JVM_OPTIONS: the
   * client compiler only, which measured faster on this 2-core machine than the full tiered JIT), so figures
   * are what a local deployment sees.
   */
  static final List<String> PRODUCTION_JVM = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1");

  private final String name;
  private final Process process;
  private final Path log;

  private ServiceProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** The repository this test runs in (voice.repo.root, else two folders up from e2e-tests). */
  static Path repoRoot() {
    return Path.of(System.getProperty("voice.repo.root", "../..")).toAbsolutePath().normalize();
  }

  /** The module's executable jar, as the reactor built it; fails naming it when it is not built. */
  static Path execJar(String module) {
    Path root = repoRoot();
    String version = System.getProperty("voice.project.version", "0.1.0-SNAPSHOT");
    Path jar = root.resolve(module).resolve("target").resolve(module + "-" + version + "-exec.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build the services first (mvn -DskipTests package)");
    }
    return jar;
  }

  static ServiceProcess start(String name, String module, Map<String, String> env, List<String> jvmOptions) throws IOException {
    Path jar = execJar(module);
    Path logs = Path.of("target", "e2e-logs");
    Files.createDirectories(logs);
    Path log = logs.resolve(name + ".log");
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(java);
    // The test run's temporary folder (CI gives every run its own), not the machine's /tmp.
    command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return new ServiceProcess(name, builder.start(), log);
  }

  void awaitStarted(Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
      }
      if (Files.exists(log)) {
        String output = Files.readString(log);
        if (STARTED.matcher(output).find() && CONSUMING.matcher(output).find()) {
          return;
        }
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(name + " did not start within " + timeout + ":\n" + tail());
  }

  String name() {
    return name;
  }

  /** SIGKILL: the process gets no chance to say goodbye (no SIGTERM drain, no group leave, no commit). */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** CPU time the process has used so far, all its threads (as the operating system counts it). */
  Duration cpuTime() {
    return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  String output() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
