package com.voiceagent.launcher;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One service of the system as the launcher starts it: its executable jar, the environment it gets on
 * top of the launcher's own (which is passed through), and how to tell it is ready.
 *
 * @param name the Maven module, also the log prefix and log file name
 * @param jar {@code <module>/target/<module>-0.1.0-SNAPSHOT-exec.jar}
 * @param environment variables set for this service only
 * @param healthUrl probed after the startup line when present (must answer 200)
 */
record ServiceSpec(String name, Path jar, Map<String, String> environment, URI healthUrl) {

  static final String VERSION = "0.1.0-SNAPSHOT";
  /** Spring Boot's "Started GatewayApplication in 4.2 seconds (process running for 5.0)". */
  static final Pattern STARTED = Pattern.compile("Started \\S+ in [0-9.]+ seconds");
  /** edge's local development mode (voice.edge.local-development). */
  static final String LOCAL_DEVELOPMENT = "VOICE_LOCAL_DEVELOPMENT";
  static final List<String> MODULES = List.of("gateway", "stt-service", "dialog-service", "tts-service", "whatsapp-service");

  ServiceSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(jar, "jar");
    environment = Map.copyOf(environment);
  }

  static Path execJar(Path repoRoot, String module) {
    return repoRoot.resolve(module).resolve("target").resolve(module + "-" + VERSION + "-exec.jar");
  }

  /**
   * The five services with their settings. Only the gateway and whatsapp-service get the Twilio token
   * (they validate Twilio's signatures) and the local development mode (the one mode in which a developer
   * may switch that validation off with TWILIO_SIGNATURE_VALIDATION=false; nothing but this launcher sets
   * it); only whatsapp-service gets the database.
   */
  static List<ServiceSpec> all(LauncherSettings settings, String twilioAuthToken, String postgresJdbcUrl) {
    Map<String, String> common = new LinkedHashMap<>();
    common.put("KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrapServers());
    common.put("PUBLIC_HOST", settings.publicHost());
    common.put("GATEWAY_PORT", Integer.toString(settings.gatewayPort()));
    common.put("WHATSAPP_PORT", Integer.toString(settings.whatsappPort()));

    Map<String, String> gateway = new LinkedHashMap<>(common);
    gateway.put("SERVER_PORT", Integer.toString(settings.gatewayPort()));
    gateway.put("TWILIO_AUTH_TOKEN", twilioAuthToken);
    gateway.put(LOCAL_DEVELOPMENT, "true");

    Map<String, String> whatsapp = new LinkedHashMap<>(common);
    whatsapp.put("SERVER_PORT", Integer.toString(settings.whatsappPort()));
    whatsapp.put("TWILIO_AUTH_TOKEN", twilioAuthToken);
    whatsapp.put(LOCAL_DEVELOPMENT, "true");
    whatsapp.put("SPRING_DATASOURCE_URL", postgresJdbcUrl);
    whatsapp.put("SPRING_DATASOURCE_USERNAME", LocalPostgres.USER);
    whatsapp.put("SPRING_DATASOURCE_PASSWORD", LocalPostgres.PASSWORD);

    Path root = settings.repoRoot();
    return List.of(
        new ServiceSpec("gateway", execJar(root, "gateway"), gateway,
            URI.create("http://localhost:" + settings.gatewayPort() + "/health")),
        new ServiceSpec("stt-service", execJar(root, "stt-service"), common, null),
        new ServiceSpec("dialog-service", execJar(root, "dialog-service"), common, null),
        new ServiceSpec("tts-service", execJar(root, "tts-service"), common, null),
        new ServiceSpec("whatsapp-service", execJar(root, "whatsapp-service"), whatsapp, null));
  }

  @Override
  public String toString() { // the environment holds secrets
    return "ServiceSpec[" + name + ", " + jar + "]";
  }
}
