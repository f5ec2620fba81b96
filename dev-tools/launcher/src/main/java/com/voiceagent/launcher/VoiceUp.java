package com.voiceagent.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code ./voice up}: the whole system on one machine with nothing but a JDK and espeak-ng -- a real
 * Kafka cluster, a real PostgreSQL and the five services, as many instances of each as asked, with nginx in
 * front of several gateways. Each instance, broker and nginx is a child process whose output is prefixed
 * with its name; one that dies is started again. Ctrl-C stops everything in order.
 */
public final class VoiceUp {
  static final String RUN_FILE = "run.properties";

  private final LauncherSettings settings;
  private final PrintStream console;
  private final ProcessTable table;
  private final RunningSystem system;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().daemon().name("restart-timer").factory());
  /** Completes with the reason when a death stops the system, or when it is asked to stop. */
  private static final String STOP_REQUESTED = "stopping";
  private final CompletableFuture<String> ended = new CompletableFuture<>();
  private volatile CompletableFuture<LocalPostgres> postgresStarting;
  private volatile ChildProcess warmUpCalls;
  private final AotCache aotCache;
  private volatile AotPlan aotPlan;
  private volatile AotTraining training;

  VoiceUp(LauncherSettings settings, PrintStream console) {
    this.settings = settings;
    this.console = console;
    this.table = new ProcessTable(settings.home(), ProcessHandle.current());
    this.system = new RunningSystem(console, table);
    this.aotCache = new AotCache(settings.home());
  }

  public static void main(String[] args) {
    LauncherSettings settings;
    try {
      UpCommandLine commandLine = UpCommandLine.parse(Arrays.asList(args));
      if (commandLine.help()) {
        System.out.println(UpCommandLine.USAGE);
        return;
      }
      settings = LauncherSettings.from(System.getenv(), commandLine, Path.of("").toAbsolutePath());
    } catch (UsageException e) {
      System.err.println("[voice] " + e.getMessage());
      System.err.println(UpCommandLine.USAGE);
      System.exit(2);
      return;
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

  /** Starts everything, then waits until a death stops the system or the JVM is asked to stop; returns the exit code. */
  int run() {
    Instant started = Instant.now();
    Thread hook = Thread.ofPlatform().unstarted(this::stop);
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      checkJarsExist();
      Optional<Nginx> nginx = nginxIfNeeded();
      Files.createDirectories(settings.logs());
      LauncherSettings effective = checkPorts();
      LocalTwilioToken.Token token = LocalTwilioToken.resolve(effective.twilioAuthToken(), effective.home());

      console.println("[voice] starting PostgreSQL on port " + effective.postgresPort() + " and Kafka ("
          + brokersText(effective.brokers()) + ") on " + effective.kafkaBootstrapServers() + " ...");
      // PostgreSQL starts while the brokers format and start: both take a few seconds.
      postgresStarting = CompletableFuture.supplyAsync(() -> startPostgres(effective), task -> Thread.ofVirtual().start(task));
      startKafka(effective);
      LocalPostgres database = postgresStarting.join();
      console.println("[voice] Kafka and PostgreSQL are up; starting the services (" + effective.scale() + ") ...");

      prepareAotCaches(effective, token.value(), database.jdbcUrl());
      if (system.closing()) {
        return 130;
      }
      startServices(ServiceInstance.all(effective, token.value(), database.jdbcUrl()));
      if (nginx.isPresent()) {
        startNginx(nginx.get(), effective);
      }
      writeRunFile(effective);
      if (!system.closing()) {
        WarmUp.run(effective, token.value(), console, child -> warmUpCalls = child);
      }
      console.println(StartupSummary.render(effective, token, database.jdbcUrl(), database.dataDirectory(),
          Duration.between(started, Instant.now())));
      boolean askedToStop = ended.join().equals(STOP_REQUESTED);
      stop(); // when asked (Ctrl-C), returns once the shutdown hook's stop is done; else what died was said when it died
      return askedToStop ? 0 : 1;
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
    ended.complete(STOP_REQUESTED);
    AotTraining running = training;
    if (running != null) {
      running.abort();
    }
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
    timer.shutdownNow();
    try {
      Files.deleteIfExists(settings.home().resolve(RUN_FILE));
    } catch (IOException e) {
      // Only a hint for the simulator; a leftover file points at ports that no longer answer.
    }
  }

  /** A death that stops the system: the main thread reports it and stops everything. */
  private void stopEverything(String reason) {
    ended.complete(reason);
  }

  private void checkJarsExist() {
    List<String> missing = new ArrayList<>();
    for (String module : ServiceInstance.SERVICES) {
      Path jar = ServiceInstance.execJar(settings.repoRoot(), module);
      if (!Files.isRegularFile(jar)) {
        missing.add(settings.repoRoot().relativize(jar).toString());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("missing " + String.join(", ", missing)
          + " -- build first: ./voice up builds automatically, or run mvn -B -DskipTests install");
    }
  }

  /** nginx is needed in front of several gateways or whatsapp-services; said before anything starts. */
  private Optional<Nginx> nginxIfNeeded() {
    List<NginxConfig.Front> fronts = NginxConfig.frontsFor(settings.ports());
    if (fronts.isEmpty()) {
      return Optional.empty();
    }
    Path executable = Nginx.find(System.getenv("PATH")).orElseThrow(() -> new IllegalStateException(
        "several instances of " + fronts.stream().map(NginxConfig.Front::service).toList() + " need nginx in front of"
            + " them as their load balancer, and nginx is not installed. Install it with: " + Nginx.INSTALL));
    NginxConfig config = new NginxConfig(settings.home().resolve("nginx"), settings.logs(), settings.publicBaseUrl(), fronts);
    return Optional.of(new Nginx(executable, config, console));
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
    Map<String, Integer> ports = new LinkedHashMap<>(effective.ports().named());
    ports.remove("PG_PORT");
    List<String> busy = ports.entrySet().stream().filter(e -> !PortCheck.isFree(e.getValue()))
        .map(e -> e.getKey() + "=" + e.getValue()).toList();
    if (!busy.isEmpty()) {
      throw new IllegalStateException("port in use: " + String.join(", ", busy)
          + " -- is another ./voice up still running (./voice ps)? Stop it, or set those variables to free ports");
    }
    return effective;
  }

  private LocalPostgres startPostgres(LauncherSettings effective) {
    LocalPostgres db = LocalPostgres.start(effective.postgresPort(), effective.home().resolve("postgres-data"),
        effective.logs().resolve("postgres.log"));
    if (!system.setPostgres(db)) {
      db.close(); // Ctrl-C came while it was starting
      return db;
    }
    Optional<ProcessHandle> postmaster = db.postmaster();
    table.put(new ProcessTable.Row("postgres", "1", postmaster.map(ProcessHandle::pid).orElse(0L),
        Integer.toString(db.port()), ProcessTable.State.UP, postmaster.flatMap(h -> h.info().startInstant()).orElse(null)));
    postmaster.ifPresent(handle -> handle.onExit().thenRun(() -> {
      if (!system.closing()) {
        console.println("[voice] PostgreSQL (pid " + handle.pid() + ") died: whatsapp-service cannot keep messages without"
            + " it, so this is fatal; see " + effective.logs().resolve("postgres.log"));
        stopEverything("PostgreSQL died");
      }
    }));
    return db;
  }

  private void startKafka(LauncherSettings effective) {
    KafkaCluster cluster = KafkaCluster.local(effective, absoluteClasspath(System.getProperty("java.class.path")), console);
    cluster.formatIfNeeded(effective.startupTimeout());
    Instant deadline = Instant.now().plus(effective.startupTimeout());
    List<Supervisor> brokers = new ArrayList<>();
    for (KafkaBroker broker : cluster.brokers()) {
      Supervisor supervisor = brokerSupervisor(broker, effective);
      if (!system.addBroker(supervisor)) {
        throw new IllegalStateException("stopping");
      }
      brokers.add(supervisor);
    }
    // Together: the nodes of a cluster wait for each other's votes before any of them serves.
    awaitAll(brokers.stream().map(b -> (Runnable) b::startAndAwaitReady).toList());
    cluster.awaitServing(deadline, () -> ended.isDone() ? new IllegalStateException(ended.join()) : null);
  }

  private Supervisor brokerSupervisor(KafkaBroker broker, LauncherSettings effective) {
    int id = broker.config().nodeId();
    Supervisor.WhenItDies whenItDies = effective.brokers() == 1 ? Supervisor.WhenItDies.STOP_EVERYTHING
        : effective.restart() ? Supervisor.WhenItDies.RESTART : Supervisor.WhenItDies.STAY_DOWN;
    return new Supervisor(
        new Supervisor.Identity("kafka", Integer.toString(id), broker.name(), Integer.toString(broker.config().clientPort()),
            broker.logFile()),
        broker::start, ReadyWhen.printed(KafkaBroker.STARTED), whenItDies,
        "the only Kafka broker is gone and no service can work without it (--brokers 3 runs a cluster that survives this)",
        RestartBackoff.DEFAULT, effective.startupTimeout(), table, console, timer, this::stopEverything);
  }

  private void startServices(List<ServiceInstance> instances) {
    List<Runnable> starts = new ArrayList<>();
    for (ServiceInstance instance : instances) {
      Path log = settings.logs().resolve(instance.id() + ".log");
      Supervisor supervisor = new Supervisor(
          new Supervisor.Identity(instance.service(), instance.id(), instance.id(), ProcessTable.Row.port(instance.port()), log),
          afterCrash -> ChildProcess.start(instance.id(), serviceCommand(instance),
              instance.environment(), settings.repoRoot(), log, console, line -> true, afterCrash),
          instance.readyWhen(),
          settings.restart() ? Supervisor.WhenItDies.RESTART : Supervisor.WhenItDies.STAY_DOWN, null,
          RestartBackoff.DEFAULT, settings.startupTimeout(), table, console, timer, this::stopEverything);
      if (!system.addService(supervisor)) {
        throw new IllegalStateException("stopping");
      }
      starts.add(supervisor::startAndAwaitReady);
    }
    awaitAll(starts);
  }

  /** With a cache of its current build, the instance maps it; otherwise it runs from its executable jar as built. */
  private List<String> serviceCommand(ServiceInstance instance) {
    AotPlan plan = aotPlan;
    return plan != null && plan.use().contains(instance.service())
        ? aotCache.useCommand(settings.serviceJvmOptions(), instance.service(), instance.jar())
        : JavaCommand.jar(settings.serviceJvmOptions(), instance.jar());
  }

  /** Decides what this start does with the AOT caches, and runs the training first when that is the decision. */
  private void prepareAotCaches(LauncherSettings effective, String twilioAuthToken, String postgresJdbcUrl) {
    if (effective.aotCache() != LauncherSettings.AotCacheMode.OFF && AotCache.jdkSupportsIt(Runtime.version())) {
      for (String module : ServiceInstance.SERVICES) {
        aotCache.dropIfStale(module, ServiceInstance.execJar(settings.repoRoot(), module));
      }
    }
    AotPlan plan = AotPlan.decide(effective, Runtime.version(), ServiceInstance.SERVICES,
        module -> aotCache.isCurrent(module, ServiceInstance.execJar(settings.repoRoot(), module)));
    console.println("[voice] AOT caches: " + plan.reason());
    if (plan.train()) {
      AotTraining run = new AotTraining(effective, aotCache, console);
      training = run;
      List<String> made = run.run(twilioAuthToken, postgresJdbcUrl);
      training = null;
      plan = new AotPlan(false, java.util.Set.copyOf(made), plan.reason());
    }
    aotPlan = plan;
  }

  private void startNginx(Nginx nginx, LauncherSettings effective) {
    String ports = String.join(",", NginxConfig.frontsFor(effective.ports()).stream()
        .map(f -> Integer.toString(f.port())).toList());
    Supervisor supervisor = new Supervisor(
        new Supervisor.Identity("nginx", "1", "nginx", ports, nginx.errorLog()),
        nginx::start, nginx.readyWhen(),
        settings.restart() ? Supervisor.WhenItDies.RESTART : Supervisor.WhenItDies.STAY_DOWN, null,
        RestartBackoff.DEFAULT, Duration.ofSeconds(30), table, console, timer, this::stopEverything);
    if (!system.setNginx(supervisor)) {
      throw new IllegalStateException("stopping");
    }
    supervisor.startAndAwaitReady();
  }

  /**
   * Runs the starts together, each on a thread of its own (they block while a process starts), and fails
   * on the first that fails -- or on a death that stops the system -- not after the slowest one is up.
   */
  private void awaitAll(List<Runnable> starts) {
    var threads = Executors.newVirtualThreadPerTaskExecutor();
    List<CompletableFuture<Void>> ready = starts.stream().map(start -> CompletableFuture.runAsync(start, threads)).toList();
    CompletableFuture<Void> all = CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new));
    CompletableFuture<Object> firstFailure = new CompletableFuture<>();
    ready.forEach(f -> f.exceptionally(t -> {
      firstFailure.completeExceptionally(t);
      return null;
    }));
    ended.thenAccept(reason -> firstFailure.completeExceptionally(new IllegalStateException(reason)));
    try {
      CompletableFuture.anyOf(all, firstFailure).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    } finally {
      threads.shutdown();
    }
  }

  /** The broker runs in its own directory, so relative classpath entries must be made absolute first. */
  static String absoluteClasspath(String classpath) {
    return java.util.Arrays.stream(classpath.split(java.io.File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
  }

  static String brokersText(int brokers) {
    return brokers == 1 ? "one broker" : brokers + " brokers";
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
