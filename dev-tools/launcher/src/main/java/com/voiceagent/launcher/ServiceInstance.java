package com.voiceagent.launcher;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One instance of a service as the launcher starts it: its executable jar, the environment it gets on
 * top of the launcher's own (which is passed through), its HTTP port and how to tell it is ready.
 *
 * @param service the Maven module (gateway, stt-service, ...)
 * @param number 1 to the service's scale; with the service it makes the instance id
 * @param jar {@code <module>/target/<module>-0.1.0-SNAPSHOT-exec.jar}
 * @param environment variables set for this instance only
 * @param port its HTTP port; for a stage service (no public HTTP) its management port
 * @param healthUrl its readiness (/health/ready), probed after the ready line when present (must answer 200)
 */
record ServiceInstance(String service, int number, Path jar, Map<String, String> environment, Integer port, URI healthUrl) {

  static final String VERSION = "0.1.0-SNAPSHOT";
  /**
   * The platform's line once every Kafka consumer of the service is in its group (StageReadiness.READY_LINE):
   * a service that logged Spring Boot's "Started ..." may still be waiting for its partitions.
   */
  static final Pattern READY = Pattern.compile("every stage consuming");
  /** The console consumes in no group (it reads the topics as the analyst's commands do): Spring Boot's line, then its readiness. */
  static final Pattern CONSOLE_READY = Pattern.compile("Started ConsoleApplication");
  /** edge's local development mode (voice.edge.local-development). */
  static final String LOCAL_DEVELOPMENT = "VOICE_LOCAL_DEVELOPMENT";
  static final List<String> SERVICES = List.of("gateway", "stt-service", "dialog-service", "tts-service", "whatsapp-service",
      "console");
  /** Services that run once: the console keeps its live calls in memory, a second one would only double the reading. */
  static final List<String> SINGLE_INSTANCE = List.of("console");
  /** nginx runs on this machine and reaches the instances over loopback, IPv4 or IPv6. */
  static final String LOOPBACK = "127.0.0.1,::1";

  ServiceInstance {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(jar, "jar");
    environment = Map.copyOf(environment);
  }

  /**
   * {@code gateway-1}, {@code stt-service-2}: the same on every start of the same instance, so a restarted
   * gateway reads its own reply topic {@code voice.audio.<id>} again and a restarted consumer takes back its
   * static group membership instead of joining as a stranger. Also its log file's and console prefix's name.
   */
  String id() {
    return service + "-" + number;
  }

  /** The log line after which the instance is probed for readiness. */
  Pattern readyLine() {
    return service.equals("console") ? CONSOLE_READY : READY;
  }

  /** Ready once it printed its ready line and, when it has a health URL, that answers 200. */
  ReadyWhen readyWhen() {
    return healthUrl == null ? ReadyWhen.printed(readyLine()) : ReadyWhen.printedAndHealthy(readyLine(), healthUrl);
  }

  static Path execJar(Path repoRoot, String module) {
    return repoRoot.resolve(module).resolve("target").resolve(module + "-" + VERSION + "-exec.jar");
  }

  /**
   * Every instance of the services with its settings. The console gets the common ones only: its token
   * (CONSOLE_API_TOKEN) comes from the launcher's own environment, which every child inherits. Only the gateway
   * and whatsapp-service get the Twilio token (they validate Twilio's signatures) and the local development mode (the one mode in which a
   * developer may switch that validation off with TWILIO_SIGNATURE_VALIDATION=false; nothing but this launcher
   * sets it); only whatsapp-service gets the database. Instances behind nginx believe its forwarded headers.
   */
  static List<ServiceInstance> all(LauncherSettings settings, String twilioAuthToken, String postgresJdbcUrl) {
    PortLayout ports = settings.ports();
    Map<String, String> common = new LinkedHashMap<>();
    common.put("KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrapServers());
    common.put("PUBLIC_HOST", settings.publicHost());
    common.put("GATEWAY_PORT", Integer.toString(settings.gatewayPort()));
    common.put("WHATSAPP_PORT", Integer.toString(settings.whatsappPort()));
    if (settings.brokers() > 1) {
      // Topics a service creates are then replicated like the broker's own (voice.platform.replication-factor).
      common.put("VOICE_PLATFORM_REPLICATIONFACTOR", Integer.toString(KafkaBrokerConfig.replicationFactor(settings.brokers())));
    }

    Map<String, String> edge = new LinkedHashMap<>(common);
    edge.put("TWILIO_AUTH_TOKEN", twilioAuthToken);
    edge.put(LOCAL_DEVELOPMENT, "true");

    Map<String, String> whatsapp = new LinkedHashMap<>(edge);
    whatsapp.put("SPRING_DATASOURCE_URL", postgresJdbcUrl);
    whatsapp.put("SPRING_DATASOURCE_USERNAME", LocalPostgres.USER);
    whatsapp.put("SPRING_DATASOURCE_PASSWORD", LocalPostgres.PASSWORD);

    List<ServiceInstance> instances = new ArrayList<>();
    for (String service : SERVICES) {
      Map<String, String> base = switch (service) {
        case "gateway" -> edge;
        case "whatsapp-service" -> whatsapp;
        default -> common;
      };
      for (int n = 1; n <= settings.scale().of(service); n++) {
        Map<String, String> env = new LinkedHashMap<>(base);
        env.put("INSTANCE_ID", service + "-" + n);
        Integer port = ports.instancePort(service, n);
        URI health = null;
        if (port != null) {
          env.put("SERVER_PORT", Integer.toString(port));
          health = URI.create("http://localhost:" + port + "/health/ready");
        } else {
          // A stage service's only HTTP port: its metrics (and ./voice ps's PORT column). Ready by its log line.
          port = ports.managementPort(service, n);
          env.put("MANAGEMENT_SERVER_PORT", Integer.toString(port));
        }
        if (ports.behindLoadBalancer(service)) {
          env.put("TRUSTED_PROXIES", settings.trustedProxies() == null ? LOOPBACK : settings.trustedProxies() + "," + LOOPBACK);
        }
        instances.add(new ServiceInstance(service, n, execJar(settings.repoRoot(), service), env, port, health));
      }
    }
    return instances;
  }

  @Override
  public String toString() { // the environment holds secrets
    return "ServiceInstance[" + id() + ", " + jar + "]";
  }
}
