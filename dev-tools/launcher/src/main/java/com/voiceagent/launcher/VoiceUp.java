package com.voiceagent.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code ./voice up}: the whole system on one machine with nothing but a JDK and espeak-ng -- a real
 * Kafka broker, a real PostgreSQL and the five services, each service and the broker a child JVM whose
 * output is prefixed with its name. Ctrl-C stops everything in order.
 */
public final class VoiceUp {
  static final String RUN_FILE = "run.properties";

  private final LauncherSettings settings;
  private final PrintStream console;
  private final RunningSystem system;
  private volatile CompletableFuture<LocalPostgres> postgresStarting;
  private volatile ChildProcess warmUpCalls;

  VoiceUp(LauncherSettings settings, PrintStream console) {
    this.settings = settings;
    this.console = console;
    this.system = new RunningSystem(console);
  }

  public static void main(String[] args) {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println("Usage: ./voice up   (settings by environment: KAFKA_PORT, PG_PORT, GATEWAY_PORT, "
          + "WHATSAPP_PORT, PUBLIC_HOST, TWILIO_AUTH_TOKEN, VOICE_HOME, VOICE_JAVA_OPTS, VOICE_STARTUP_TIMEOUT)");
      return;
    }
    LauncherSettings settings;
    try {
      settings = LauncherSettings.fromEnvironment(System.getenv(), Path.of("").toAbsolutePath());
    } catch (IllegalArgumentException e) {
      System.err.println("[voice] " + e.getMessage());
      System.exit(2);
      return;
    }
    // Before any library initialises log4j: the launcher's own log goes next to the services' logs.
    System.setProperty("voice.logs", settings.logs().toString());
    // Initialise logging on this thread, before PostgreSQL and the admin client race to do it on theirs.
    org.slf4j.LoggerFactory.getLogger(VoiceUp.class);
    int exit = new VoiceUp(settings, System.out).run();
    System.exit(exit);
  }

  /** Starts everything, waits until a child ends or the JVM is asked to stop; returns the exit code. */
  int run() {
    Instant started = Instant.now();
    Thread hook = Thread.ofPlatform().unstarted(this::stop);
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      checkJarsExist();
      Files.createDirectories(settings.logs());
      LauncherSettings effective = checkPorts();
      LocalTwilioToken.Token token = LocalTwilioToken.resolve(effective.twilioAuthToken(), effective.home());

      console.println("[voice] starting PostgreSQL on port " + effective.postgresPort() + " and Kafka on "
          + effective.kafkaBootstrapServers() + " ...");
      // PostgreSQL starts while the broker formats and starts: both take a few seconds.
      postgresStarting = CompletableFuture.supplyAsync(() -> {
        LocalPostgres db = LocalPostgres.start(effective.postgresPort(), effective.home().resolve("postgres-data"),
            effective.logs().resolve("postgres.log"));
        if (!system.setPostgres(db)) {
          db.close(); // Ctrl-C came while it was starting
        }
        return db;
      });
      startBroker(effective);
      LocalPostgres database = postgresStarting.join();
      console.println("[voice] Kafka and PostgreSQL are up; starting the services ...");

      startServices(ServiceSpec.all(effective, token.value(), database.jdbcUrl()));
      writeRunFile(effective);
      if (!system.closing()) {
        WarmUp.run(effective, token.value(), console, child -> warmUpCalls = child);
      }
      console.println(StartupSummary.render(effective, token, database.jdbcUrl(), database.dataDirectory(),
          Duration.between(started, Instant.now())));
      return awaitAnyChildExit();
    } catch (ChildFailedException e) {
      if (system.closing()) {
        return 130;
      }
      console.println("[voice] " + e.getMessage() + "; last lines of " + e.child().name() + " (full log: "
          + settings.logs().resolve(e.child().name() + ".log") + "):");
      e.child().lastLines(25).forEach(line -> console.println("    " + line));
      stop();
      return 1;
    } catch (RuntimeException | IOException e) {
      if (system.closing()) {
        return 130;
      }
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      console.println("[voice] cannot start: " + cause.getMessage());
      stop();
      return 1;
    }
  }

  private void stop() {
    ChildProcess warmUp = warmUpCalls;
    if (warmUp != null && warmUp.isAlive()) {
      warmUp.stop(Duration.ofSeconds(5));
    }
    CompletableFuture<LocalPostgres> starting = postgresStarting;
    if (starting != null) {
      try { // so that it is registered and stopped, never left running
        starting.get(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // It failed to start (reported by run()) or hangs; nothing more to stop here.
      }
    }
    system.close();
    try {
      Files.deleteIfExists(settings.home().resolve(RUN_FILE));
    } catch (IOException e) {
      // Only a hint for the simulator; a leftover file points at ports that no longer answer.
    }
  }

  private void checkJarsExist() {
    List<String> missing = new ArrayList<>();
    for (String module : ServiceSpec.MODULES) {
      Path jar = ServiceSpec.execJar(settings.repoRoot(), module);
      if (!Files.isRegularFile(jar)) {
        missing.add(settings.repoRoot().relativize(jar).toString());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("missing " + String.join(", ", missing)
          + " -- build first: ./voice up builds automatically, or run mvn -B -DskipTests install");
    }
  }

  /** Fails on a busy port with the name of the setting to change; a busy default PG port falls back to a free one. */
  private LauncherSettings checkPorts() {
    LauncherSettings effective = settings;
    if (!PortCheck.isFree(settings.postgresPort())) {
      if (settings.postgresPortExplicit()) {
        throw new IllegalStateException("PG_PORT " + settings.postgresPort() + " is in use; choose another PG_PORT");
      }
      int free = PortCheck.anyFreePort();
      console.println("[voice] port " + settings.postgresPort() + " is in use; PostgreSQL takes port " + free
          + " instead (set PG_PORT to choose)");
      effective = settings.withPostgresPort(free);
    }
    Map<String, Integer> fixed = new java.util.LinkedHashMap<>();
    fixed.put("KAFKA_PORT", settings.kafkaPort());
    fixed.put("KAFKA_CONTROLLER_PORT", settings.kafkaControllerPort());
    fixed.put("GATEWAY_PORT", settings.gatewayPort());
    fixed.put("WHATSAPP_PORT", settings.whatsappPort());
    List<String> busy = fixed.entrySet().stream().filter(e -> !PortCheck.isFree(e.getValue()))
        .map(e -> e.getKey() + "=" + e.getValue()).toList();
    if (!busy.isEmpty()) {
      throw new IllegalStateException("port in use: " + String.join(", ", busy)
          + " -- is another ./voice up still running? Stop it, or set those variables to free ports");
    }
    return effective;
  }

  private void startBroker(LauncherSettings effective) {
    KafkaBrokerConfig config = new KafkaBrokerConfig(effective.kafkaPort(), effective.kafkaControllerPort(),
        effective.home().resolve("kafka-data"));
    KafkaBroker broker = new KafkaBroker(config, effective.home().resolve("kafka"), effective.logs().resolve("kafka.log"),
        absoluteClasspath(System.getProperty("java.class.path")), console);
    if (!system.setBroker(broker)) {
      throw new IllegalStateException("stopping");
    }
    broker.start(effective.startupTimeout());
  }

  /** The broker runs in .voice/kafka, so relative classpath entries must be made absolute first. */
  static String absoluteClasspath(String classpath) {
    return java.util.Arrays.stream(classpath.split(java.io.File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
  }

  private void startServices(List<ServiceSpec> specs) {
    List<CompletableFuture<Void>> ready = new ArrayList<>();
    for (ServiceSpec spec : specs) {
      ChildProcess child = ChildProcess.start(spec.name(), JavaCommand.jar(settings.serviceJvmOptions(), spec.jar()),
          spec.environment(), settings.repoRoot(), settings.logs().resolve(spec.name() + ".log"), console, line -> true);
      if (!system.add(child)) {
        throw new IllegalStateException("stopping");
      }
      ready.add(CompletableFuture.runAsync(() -> awaitReady(spec, child)));
    }
    try {
      // Fail on the first service that fails, not after the slowest one is up.
      CompletableFuture<Void> all = CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new));
      CompletableFuture<Object> firstFailure = new CompletableFuture<>();
      ready.forEach(f -> f.exceptionally(t -> {
        firstFailure.completeExceptionally(t);
        return null;
      }));
      CompletableFuture.anyOf(all, firstFailure).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private void awaitReady(ServiceSpec spec, ChildProcess child) {
    Instant deadline = Instant.now().plus(settings.startupTimeout());
    CompletableFuture<String> startedLine = child.lineMatching(ServiceSpec.STARTED);
    try {
      CompletableFuture.anyOf(startedLine, child.onExit())
          .get(settings.startupTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new ChildFailedException(child, spec.name() + " did not start within " + settings.startupTimeout().toSeconds()
          + " s (VOICE_STARTUP_TIMEOUT)");
    } catch (ExecutionException e) {
      throw new ChildFailedException(child, spec.name() + " exited while starting");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChildFailedException(child, "interrupted while waiting for " + spec.name());
    }
    if (!startedLine.isDone() || startedLine.isCompletedExceptionally()) {
      throw new ChildFailedException(child, spec.name() + " exited while starting (exit "
          + (child.isAlive() ? "?" : child.onExit().join().exitValue()) + ")");
    }
    if (spec.healthUrl() != null) {
      probeHealth(spec, child, deadline);
    }
    if (!system.closing()) {
      console.println("[voice] " + spec.name() + " is ready");
    }
  }

  /** The startup line means the context is up; the gateway must also answer its health check with 200. */
  private void probeHealth(ServiceSpec spec, ChildProcess child, Instant deadline) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(spec.healthUrl()).timeout(Duration.ofSeconds(5)).GET().build();
    String last = "no answer";
    while (Instant.now().isBefore(deadline) && child.isAlive()) {
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() == 200) {
          return;
        }
        last = "HTTP " + response.statusCode();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      // Started but not serving yet (or degraded): ask again shortly, this is a startup probe, not the hot path.
      CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(250, TimeUnit.MILLISECONDS)).join();
    }
    throw new ChildFailedException(child, spec.name() + " started but " + spec.healthUrl() + " did not answer 200 (" + last + ")");
  }

  /** Blocks until a child ends; an unexpected end stops everything with a non-zero exit. */
  private int awaitAnyChildExit() {
    List<ChildProcess> children = system.children();
    CompletableFuture.anyOf(children.stream().map(ChildProcess::onExit).toArray(CompletableFuture[]::new)).join();
    if (system.closing()) {
      return 0;
    }
    for (ChildProcess child : children) {
      if (!child.isAlive() && !child.stopRequested()) {
        console.println("[voice] " + child.name() + " exited unexpectedly (exit " + child.onExit().join().exitValue()
            + "); its last lines:");
        child.lastLines(25).forEach(line -> console.println("    " + line));
      }
    }
    stop();
    return 1;
  }

  /** Tells the call simulator where this run listens (it reads the file when given no options). */
  private void writeRunFile(LauncherSettings effective) {
    String text = "# Written by ./voice up while it runs; read by ./voice call.\n"
        + "gateway=localhost:" + effective.gatewayPort() + "\n"
        + "publicHost=" + effective.publicHost() + "\n"
        + "kafka=" + effective.kafkaBootstrapServers() + "\n"
        + "whatsapp=localhost:" + effective.whatsappPort() + "\n";
    try {
      Files.writeString(effective.home().resolve(RUN_FILE), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + effective.home().resolve(RUN_FILE), e);
    }
  }
}
