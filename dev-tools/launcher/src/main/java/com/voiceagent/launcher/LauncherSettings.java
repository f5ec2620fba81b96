package com.voiceagent.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@code ./voice up} can be told through environment variables, read and checked once at
 * startup so that a typo fails before any process starts, with a message that names the variable.
 *
 * @param repoRoot the checkout whose {@code <module>/target/*-exec.jar} files are started
 * @param home the {@code .voice} directory: data, logs, generated secrets
 * @param kafkaPort client listener of the local broker (KAFKA_PORT)
 * @param kafkaControllerPort KRaft controller listener (KAFKA_CONTROLLER_PORT)
 * @param postgresPort port of the embedded PostgreSQL (PG_PORT); {@code postgresPortExplicit} tells whether
 *     the user chose it (then a busy port is an error) or it is the default (then a free port is used instead)
 * @param gatewayPort HTTP + WebSocket port of the gateway (GATEWAY_PORT)
 * @param whatsappPort HTTP port of whatsapp-service (WHATSAPP_PORT)
 * @param consolePort HTTP port of the analysts' web console (CONSOLE_PORT)
 * @param publicHost host[:port] Twilio uses to reach the gateway (PUBLIC_HOST), part of every signed URL
 * @param twilioAuthToken TWILIO_AUTH_TOKEN if set; null means "generate a local development token"
 * @param serviceJvmOptions extra JVM options for each service (VOICE_JAVA_OPTS)
 * @param startupTimeout how long each child may take to become ready (VOICE_STARTUP_TIMEOUT, seconds)
 * @param warmUp how many warm-up calls to place once everything is up, and why that many (VOICE_WARM_UP_CALLS)
 * @param scale instances of each service (--scale, VOICE_SCALE)
 * @param brokers Kafka brokers, 1 or 3 (--brokers, VOICE_BROKERS)
 * @param restart whether an instance that dies is started again (false with --no-restart or VOICE_RESTART=false)
 * @param trustedProxies TRUSTED_PROXIES as the user set it, or null; nginx's address is added when it is in front
 * @param publicBaseUrl what Twilio calls and signs: PUBLIC_BASE_URL when set, else {@code https://PUBLIC_HOST}
 * @param aotCache whether the services run on JDK 25's AOT caches, trained when missing (VOICE_AOT_CACHE; {@link AotCache})
 * @param billedEngines the variables set among {@link #PAID_ENGINE_VARIABLES}: engines that bill per request
 */
record LauncherSettings(
    Path repoRoot, Path home, int kafkaPort, int kafkaControllerPort, int postgresPort,
    boolean postgresPortExplicit, int gatewayPort, int whatsappPort, int consolePort, String publicHost, String twilioAuthToken,
    List<String> serviceJvmOptions, Duration startupTimeout, WarmUpPlan warmUp, Scale scale, int brokers,
    boolean restart, String trustedProxies, String publicBaseUrl, AotCacheMode aotCache, List<String> billedEngines) {

  static final int DEFAULT_KAFKA_PORT = 9092;
  static final int DEFAULT_KAFKA_CONTROLLER_PORT = 9093;
  static final int DEFAULT_POSTGRES_PORT = 5433;
  static final int DEFAULT_GATEWAY_PORT = 8080;
  static final int DEFAULT_WHATSAPP_PORT = 8081;
  static final int DEFAULT_CONSOLE_PORT = 8090;
  /**
   * The client compiler only. On a machine of a few cores the optimizing compiler's threads compete with
   * the calls long after a start, while a turn's path is mostly I/O, not computation: on 2 cores the
   * client compiler alone gave lower latency both for the first calls and under load (docs/benchmarks.md).
   * Machines with cores to spare can set VOICE_JAVA_OPTS=-Xmx512m for the full tiered JIT.
   */
  static final String DEFAULT_SERVICE_JVM_OPTIONS = "-Xmx512m -XX:TieredStopAtLevel=1";
  static final int DEFAULT_STARTUP_TIMEOUT_SECONDS = 240;
  /**
   * Broker counts a local run supports: one, or a quorum of three that keeps serving when one dies. Two
   * would stop when either dies (a quorum of two needs both), and more does not fit a developer's machine.
   */
  static final List<Integer> BROKER_COUNTS = List.of(1, 3);
  /** Enough for the JIT to compile each turn's path (measured: docs/benchmarks.md, "first call"). */
  static final int DEFAULT_WARM_UP_CALLS = 32;
  /** Credentials of engines that bill per request: warm-up calls would spend the user's money. */
  static final List<String> PAID_ENGINE_VARIABLES = List.of("OPENAI_API_KEY", "GOOGLE_TTS_SA_JSON",
      "GOOGLE_APPLICATION_CREDENTIALS");

  /**
   * VOICE_AOT_CACHE. {@code auto}: each service maps its AOT cache when one was made for its current jar, and
   * when an engine that bills per request is configured (so no warm-up calls are placed) and a cache is missing,
   * a training run against local stand-ins of the engines makes them before the services start.
   * {@code off}: the services run from their executable jars as built, without a cache.
   */
  enum AotCacheMode {
    AUTO, OFF;

    static AotCacheMode parse(String value) {
      return switch (value.trim()) {
        case "auto" -> AUTO;
        case "off" -> OFF;
        default -> throw new IllegalArgumentException("VOICE_AOT_CACHE must be auto or off, was '" + value.trim() + "'");
      };
    }
  }

  /**
   * @param calls warm-up calls to place, 0 for none
   * @param reason why that many, printed at startup
   */
  record WarmUpPlan(int calls, String reason) {
    WarmUpPlan {
      Objects.requireNonNull(reason, "reason");
      if (calls < 0) {
        throw new IllegalArgumentException("VOICE_WARM_UP_CALLS must be 0 or more, was " + calls);
      }
    }
  }

  LauncherSettings {
    Objects.requireNonNull(repoRoot, "repoRoot");
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(publicHost, "publicHost");
    Objects.requireNonNull(warmUp, "warmUp");
    serviceJvmOptions = List.copyOf(serviceJvmOptions);
    Objects.requireNonNull(scale, "scale");
    if (!BROKER_COUNTS.contains(brokers)) {
      throw new IllegalArgumentException("the number of Kafka brokers must be 1 or 3 (a quorum of 2 stops when either"
          + " dies), was " + brokers);
    }
    // The fields are not assigned yet in a compact constructor: the layout is built from the parameters.
    new PortLayout(kafkaPort, kafkaControllerPort, brokers, postgresPort, gatewayPort, whatsappPort, consolePort, scale)
        .requireDistinctValidPorts();
    if (publicHost.isBlank() || publicHost.contains("/")) {
      throw new IllegalArgumentException(
          "PUBLIC_HOST must be host[:port] without scheme or path (e.g. abc.ngrok.app), was '" + publicHost + "'");
    }
    Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
    Objects.requireNonNull(aotCache, "aotCache");
    billedEngines = List.copyOf(billedEngines);
    if (!publicBaseUrl.matches("https?://[^/\\s]+")) {
      throw new IllegalArgumentException("PUBLIC_BASE_URL must be scheme://host[:port] (e.g. https://abc.ngrok.app), was '"
          + publicBaseUrl + "'");
    }
    if (twilioAuthToken != null && twilioAuthToken.isBlank()) {
      twilioAuthToken = null;
    }
  }

  /** Reads the settings from environment variables; the defaults make a fresh checkout work as is. */
  static LauncherSettings fromEnvironment(Map<String, String> env, Path workingDirectory) {
    return from(env, UpCommandLine.NONE, workingDirectory);
  }

  /** The command line wins over the environment; the defaults make a fresh checkout work as is. */
  static LauncherSettings from(Map<String, String> env, UpCommandLine commandLine, Path workingDirectory) {
    Path repoRoot = path(env, "VOICE_REPO", workingDirectory);
    Path home = path(env, "VOICE_HOME", repoRoot.resolve(".voice"));
    int gatewayPort = port(env, "GATEWAY_PORT", DEFAULT_GATEWAY_PORT);
    String publicHost = env.getOrDefault("PUBLIC_HOST", "").isBlank()
        ? "localhost:" + gatewayPort : env.get("PUBLIC_HOST").trim();
    String jvmOptions = env.getOrDefault("VOICE_JAVA_OPTS", DEFAULT_SERVICE_JVM_OPTIONS).trim();
    return new LauncherSettings(
        repoRoot, home,
        port(env, "KAFKA_PORT", DEFAULT_KAFKA_PORT),
        port(env, "KAFKA_CONTROLLER_PORT", DEFAULT_KAFKA_CONTROLLER_PORT),
        port(env, "PG_PORT", DEFAULT_POSTGRES_PORT),
        present(env, "PG_PORT"),
        gatewayPort,
        port(env, "WHATSAPP_PORT", DEFAULT_WHATSAPP_PORT),
        port(env, "CONSOLE_PORT", DEFAULT_CONSOLE_PORT),
        publicHost,
        env.get("TWILIO_AUTH_TOKEN"),
        jvmOptions.isEmpty() ? List.of() : List.of(jvmOptions.split("\\s+")),
        Duration.ofSeconds(positive(env, "VOICE_STARTUP_TIMEOUT", DEFAULT_STARTUP_TIMEOUT_SECONDS)),
        warmUpPlan(env),
        scale(env, commandLine),
        brokers(env, commandLine),
        !commandLine.noRestart() && bool(env, "VOICE_RESTART", true),
        present(env, "TRUSTED_PROXIES") ? env.get("TRUSTED_PROXIES").trim() : null,
        present(env, "PUBLIC_BASE_URL") ? env.get("PUBLIC_BASE_URL").trim().replaceAll("/+$", "") : "https://" + publicHost,
        present(env, "VOICE_AOT_CACHE") ? AotCacheMode.parse(env.get("VOICE_AOT_CACHE")) : AotCacheMode.AUTO,
        billedEngines(env));
  }

  private static Scale scale(Map<String, String> env, UpCommandLine commandLine) {
    if (commandLine.scale() != null) {
      return Scale.parse(commandLine.scale(), "--scale");
    }
    return present(env, "VOICE_SCALE") ? Scale.parse(env.get("VOICE_SCALE"), "VOICE_SCALE") : Scale.ONE_EACH;
  }

  private static int brokers(Map<String, String> env, UpCommandLine commandLine) {
    String source = commandLine.brokers() != null ? "--brokers" : "VOICE_BROKERS";
    String value = commandLine.brokers() != null ? commandLine.brokers().trim()
        : present(env, "VOICE_BROKERS") ? env.get("VOICE_BROKERS").trim() : "1";
    int brokers;
    try {
      brokers = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + " must be 1 or 3, was '" + value + "'");
    }
    if (!BROKER_COUNTS.contains(brokers)) {
      throw new IllegalArgumentException(source + " must be 1 or 3 (a quorum of 2 stops when either dies), was " + brokers);
    }
    return brokers;
  }

  private static boolean bool(Map<String, String> env, String name, boolean fallback) {
    if (!present(env, name)) {
      return fallback;
    }
    return switch (env.get(name).trim()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false, was '" + env.get(name).trim() + "'");
    };
  }

  PortLayout ports() {
    return new PortLayout(kafkaPort, kafkaControllerPort, brokers, postgresPort, gatewayPort, whatsappPort, consolePort, scale);
  }

  /** VOICE_WARM_UP_CALLS when set; else DEFAULT_WARM_UP_CALLS, or none when an engine that bills per request is configured. */
  static WarmUpPlan warmUpPlan(Map<String, String> env) {
    if (present(env, "VOICE_WARM_UP_CALLS")) {
      String value = env.get("VOICE_WARM_UP_CALLS").trim();
      try {
        return new WarmUpPlan(Integer.parseInt(value), "VOICE_WARM_UP_CALLS");
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("VOICE_WARM_UP_CALLS must be a whole number of calls, was '" + value + "'");
      }
    }
    List<String> paid = billedEngines(env);
    if (!paid.isEmpty()) {
      return new WarmUpPlan(0, String.join(", ", paid) + " is set: warm-up calls would be billed; set "
          + "VOICE_WARM_UP_CALLS to warm up anyway");
    }
    return new WarmUpPlan(DEFAULT_WARM_UP_CALLS, "default; VOICE_WARM_UP_CALLS=0 skips it");
  }

  private static List<String> billedEngines(Map<String, String> env) {
    return PAID_ENGINE_VARIABLES.stream().filter(name -> present(env, name)).toList();
  }

  /** Every broker's client address, comma-separated, as services and clients take it. */
  String kafkaBootstrapServers() {
    return String.join(",", ports().kafkaBootstrapServers());
  }

  String postgresJdbcUrl() {
    return "jdbc:postgresql://localhost:" + postgresPort + "/postgres";
  }

  LauncherSettings withPostgresPort(int port) {
    return new LauncherSettings(repoRoot, home, kafkaPort, kafkaControllerPort, port, postgresPortExplicit,
        gatewayPort, whatsappPort, consolePort, publicHost, twilioAuthToken, serviceJvmOptions, startupTimeout, warmUp, scale, brokers,
        restart, trustedProxies, publicBaseUrl, aotCache, billedEngines);
  }

  /** The same system with one instance of each service: what an AOT training run starts. */
  LauncherSettings withOneInstanceEach() {
    return new LauncherSettings(repoRoot, home, kafkaPort, kafkaControllerPort, postgresPort, postgresPortExplicit,
        gatewayPort, whatsappPort, consolePort, publicHost, twilioAuthToken, serviceJvmOptions, startupTimeout, warmUp,
        Scale.ONE_EACH, brokers, restart, trustedProxies, publicBaseUrl, aotCache, billedEngines);
  }

  Path logs() {
    return home.resolve("logs");
  }

  private static boolean present(Map<String, String> env, String name) {
    return env.get(name) != null && !env.get(name).isBlank();
  }

  private static Path path(Map<String, String> env, String name, Path fallback) {
    return present(env, name) ? Path.of(env.get(name).trim()).toAbsolutePath().normalize()
        : fallback.toAbsolutePath().normalize();
  }

  static int port(Map<String, String> env, String name, int fallback) {
    if (!present(env, name)) {
      return fallback;
    }
    String value = env.get(name).trim();
    try {
      int port = Integer.parseInt(value);
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException(name + " must be a port between 1 and 65535, was " + value);
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a port number, was '" + value + "'");
    }
  }

  private static int positive(Map<String, String> env, String name, int fallback) {
    if (!present(env, name)) {
      return fallback;
    }
    String value = env.get(name).trim();
    try {
      int n = Integer.parseInt(value);
      if (n < 1) {
        throw new IllegalArgumentException(name + " must be a positive number of seconds, was " + value);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number of seconds, was '" + value + "'");
    }
  }
}
