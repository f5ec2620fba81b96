package com.voiceagent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.voiceagent.edge.health.HealthController;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.web.bind.annotation.GetMapping;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml against the code it runs. No container starts here (these machines have no Docker
 * engine), so what compose would only find out at run time is checked from the services' own settings, read
 * from their executable jars ({@link ServiceSettings}): that every variable a service is given changes one of
 * its settings (a misspelt one would be ignored without a word), that its defaults are the service's, that its
 * health check asks the port and path the service answers on, that every image is built from a module of this
 * repository with the one Dockerfile, that Prometheus scrapes every service on its management port, and that
 * Grafana reads that Prometheus. Where a compose client is installed, it validates the file too.
 */
class ComposeFileTest {
  /** {@code ${VARIABLE}}, {@code ${VARIABLE:-default}}, {@code ${VARIABLE-default}} as compose interpolates them. */
  private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");
  private static final Pattern URL = Pattern.compile("http://([^:/]+):(\\d+)(/\\S*)?");

  static final Path root = ReadmeSettingsTest.repositoryRoot();
  static final String composeText = readFile("docker-compose.yml");
  static final Map<String, Object> compose = yaml(composeText);
  /** Compose service name -> the settings of the module it builds (only services built from this repository). */
  static final Map<String, ServiceSettings> built = new TreeMap<>();

  @BeforeAll
  static void read() {
    Map<String, ServiceSettings> modules = new LinkedHashMap<>();
    services().forEach((name, service) -> {
      Object module = map(map(service.get("build")).get("args")).get("MODULE");
      if (module != null) {
        built.put(name, modules.computeIfAbsent(String.valueOf(module), ServiceSettings::ofExecutableJar));
      }
    });
  }

  @Test
  void everyServiceIsBuiltFromOneOfTheModulesWithTheSharedDockerfile() {
    assertThat(built.values().stream().map(ServiceSettings::module).collect(Collectors.toSet()))
        .as("modules built by docker-compose.yml").containsExactlyInAnyOrderElementsOf(ServiceSettings.SERVICES);
    List<String> wrong = new ArrayList<>();
    services().forEach((name, service) -> {
      Map<String, Object> build = map(service.get("build"));
      if (build.isEmpty()) {
        return;
      }
      Path context = root.resolve(String.valueOf(build.getOrDefault("context", "."))).normalize();
      Path dockerfile = context.resolve(String.valueOf(build.getOrDefault("dockerfile", "Dockerfile")));
      String module = String.valueOf(map(build.get("args")).get("MODULE"));
      if (!Files.isDirectory(context) || !Files.isRegularFile(dockerfile)) {
        wrong.add(name + ": no " + dockerfile);
      } else if (!Files.isRegularFile(context.resolve(module).resolve("pom.xml"))) {
        wrong.add(name + ": MODULE " + module + " is no module in " + context);
      }
    });
    assertThat(wrong).as("build contexts and Dockerfiles").isEmpty();
    assertThat(built.keySet().stream().map(name -> root.resolve(String.valueOf(map(service(name).get("build"))
        .getOrDefault("dockerfile", "Dockerfile"))).normalize()).distinct()).as("one Dockerfile for every service").hasSize(1);
  }

  @Test
  void everyVariableAServiceIsGivenChangesOneOfItsSettings() throws IOException {
    Set<String> dockerfileVariables = dockerfileVariables();
    List<String> unbound = new ArrayList<>();
    built.forEach((name, settings) -> environment(name).keySet().stream()
        .filter(variable -> !settings.binds(variable) && !dockerfileVariables.contains(variable))
        .forEach(variable -> unbound.add(name + ": " + variable)));
    assertThat(unbound).as("variables in docker-compose.yml that the service (or the Dockerfile) does not read").isEmpty();
  }

  @Test
  void aVariableComposeDefaultsIsDefaultedAsTheServiceDefaultsIt() {
    List<String> differing = new ArrayList<>();
    built.forEach((name, settings) -> rawEnvironment(name).forEach((variable, raw) -> {
      Matcher interpolation = INTERPOLATION.matcher(raw);
      String serviceDefault = settings.placeholderDefaults.get(variable);
      if (interpolation.matches() && interpolation.group(1).equals(variable) && serviceDefault != null) {
        String composeDefault = interpolation.group(2) == null ? "" : interpolation.group(2);
        if (!composeDefault.equals(serviceDefault)) {
          differing.add(name + ": " + variable + " compose '" + composeDefault + "', service '" + serviceDefault + "'");
        }
      }
    }));
    assertThat(differing).as("a variable set but empty is not unset: compose must default it as the service does").isEmpty();
  }

  @Test
  void healthChecksAskThePortAndPathTheServiceAnswersOn() {
    List<String> wrong = new ArrayList<>();
    built.forEach((name, settings) -> {
      String healthUrl = String.valueOf(map(map(service(name).get("build")).get("args")).get("HEALTH_URL"));
      Matcher url = URL.matcher(healthUrl);
      if (!url.matches() || !url.group(1).equals("localhost")) {
        wrong.add(name + ": HEALTH_URL " + healthUrl + " is not http://localhost:<port>/<path>");
        return;
      }
      int port = Integer.parseInt(url.group(2));
      String path = url.group(3);
      Optional<Integer> httpPort = httpPort(name, settings);
      Optional<Integer> managementPort = managementPort(name);
      if (httpPort.isPresent() && port == httpPort.get()) {
        if (!readinessPathsOfTheEdge().contains(path)) {
          wrong.add(name + ": " + path + " is not served on its HTTP port " + port + " (edge serves " + readinessPathsOfTheEdge() + ")");
        } else if (settings.boundVariables.isEmpty()) {
          wrong.add(name + ": " + path + " is edge's, but edge is not in " + settings.module());
        }
      } else if (managementPort.isPresent() && port == managementPort.get()) {
        String health = settings.defaultOf("management.endpoints.web.base-path").orElse("/actuator") + "/health";
        boolean probes = "true".equals(environment(name).get("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED"));
        Set<String> served = probes ? Set.of(health, health + "/readiness", health + "/liveness") : Set.of(health);
        if (!served.contains(path)) {
          wrong.add(name + ": the actuator answers " + served + " on port " + port + ", not " + path);
        }
      } else {
        wrong.add(name + ": port " + port + " is neither its HTTP port " + httpPort.orElse(null)
            + " nor its management port " + managementPort.orElse(null));
      }
      Set<String> exposed = new TreeSet<>(strings(service(name).get("expose")));
      httpPort.filter(p -> !exposed.isEmpty() && !exposed.contains(p.toString()))
          .ifPresent(p -> wrong.add(name + ": its HTTP port " + p + " is not exposed " + exposed));
    });
    assertThat(wrong).isEmpty();
  }

  @Test
  void aServiceWithoutAWebServerAnswersOnlyOnItsManagementPort() {
    built.forEach((name, settings) -> {
      if ("none".equals(settings.defaultOf("spring.main.web-application-type").orElse(""))) {
        assertThat(httpPort(name, settings)).as(name + " runs no web server").isEmpty();
        assertThat(managementPort(name)).as(name + " needs MANAGEMENT_SERVER_PORT for its health and metrics").isPresent();
      }
    });
  }

  @Test
  void prometheusScrapesEveryInstanceOfEveryServiceOnItsManagementPort() throws IOException {
    Map<String, Object> prometheus = yaml(Files.readString(root.resolve("ops/prometheus/prometheus.yml")));
    Map<String, Integer> scraped = new TreeMap<>();
    List<String> wrong = new ArrayList<>();
    for (Object job : list(prometheus.get("scrape_configs"))) {
      Map<String, Object> config = map(job);
      if (!"/actuator/prometheus".equals(config.get("metrics_path"))) {
        wrong.add(config.get("job_name") + ": metrics_path " + config.get("metrics_path"));
      }
      for (Object discovery : list(config.get("dns_sd_configs"))) {
        for (String name : strings(map(discovery).get("names"))) {
          scraped.put(name, Integer.valueOf(String.valueOf(map(discovery).get("port"))));
        }
      }
      for (Object staticConfig : list(config.get("static_configs"))) {
        for (String target : strings(map(staticConfig).get("targets"))) {
          scraped.put(target.substring(0, target.indexOf(':')), Integer.valueOf(target.substring(target.indexOf(':') + 1)));
        }
      }
    }
    assertThat(scraped.keySet()).as("services Prometheus scrapes").containsExactlyInAnyOrderElementsOf(built.keySet());
    scraped.forEach((name, port) -> {
      if (!managementPort(name).equals(Optional.of(port))) {
        wrong.add(name + ": scraped on " + port + ", its MANAGEMENT_SERVER_PORT is " + managementPort(name).orElse(null));
      }
    });
    assertThat(wrong).isEmpty();
    // The rules it loads come from the folder compose mounts: ops/prometheus (alerts.yml).
    assertThat(strings(prometheus.get("rule_files")))
        .allSatisfy(file -> assertThat(hostPathOf("prometheus", Path.of(file).getParent().toString()))
            .as(file).contains("./ops/prometheus"));
    assertThat(strings(map(service("prometheus")).get("command")))
        .contains("--config.file=/etc/prometheus/prometheus.yml");
    assertThat(hostPathOf("prometheus", "/etc/prometheus")).contains("./ops/prometheus");
  }

  @Test
  void grafanaReadsThePrometheusAndJaegerOfThisFileAndItsDashboardsFolder() throws IOException {
    Path provisioning = root.resolve("ops/grafana/provisioning");
    assertThat(hostPathOf("grafana", "/etc/grafana/provisioning")).contains("./ops/grafana/provisioning");
    Map<String, String> urls = new TreeMap<>();
    try (Stream<Path> files = Files.list(provisioning.resolve("datasources"))) {
      for (Path file : files.toList()) {
        for (Object source : list(yaml(Files.readString(file)).get("datasources"))) {
          urls.put(String.valueOf(map(source).get("type")), String.valueOf(map(source).get("url")));
        }
      }
    }
    assertThat(urls).containsOnlyKeys("prometheus", "jaeger");
    assertThat(urls.get("prometheus")).isEqualTo("http://prometheus:" + containerPort("prometheus", "PROMETHEUS_PORT"));
    assertThat(urls.get("jaeger")).isEqualTo("http://jaeger:" + containerPort("jaeger", "JAEGER_UI_PORT"));

    List<String> dashboardPaths = new ArrayList<>();
    try (Stream<Path> files = Files.list(provisioning.resolve("dashboards"))) {
      for (Path file : files.toList()) {
        for (Object provider : list(yaml(Files.readString(file)).get("providers"))) {
          dashboardPaths.add(String.valueOf(map(map(provider).get("options")).get("path")));
        }
      }
    }
    assertThat(dashboardPaths).isNotEmpty()
        .allSatisfy(path -> assertThat(hostPathOf("grafana", path)).as(path).contains("./ops/grafana/dashboards"));
  }

  @Test
  void theCollectorSendsTracesToJaeger() throws IOException {
    assertThat(hostPathOf("otel-collector", "/etc/otelcol/collector.yml")).contains("./ops/otel/collector.yml");
    Map<String, Object> collector = yaml(Files.readString(root.resolve("ops/otel/collector.yml")));
    Map<String, Object> traces = map(map(map(collector.get("service")).get("pipelines")).get("traces"));
    assertThat(strings(traces.get("receivers"))).contains("otlp");
    for (String exporter : strings(traces.get("exporters"))) {
      assertThat(String.valueOf(map(map(collector.get("exporters")).get(exporter)).get("endpoint")))
          .isEqualTo("jaeger:4317");
    }
    assertThat(strings(service("jaeger").get("expose"))).contains("4317");
  }

  @Test
  void everyBindMountOfTheObservabilityServicesComesFromTheOpsFolder() {
    List<String> outside = new ArrayList<>();
    for (String name : List.of("nginx", "prometheus", "grafana", "otel-collector")) {
      for (String volume : strings(service(name).get("volumes"))) {
        String source = volume.substring(0, volume.indexOf(':'));
        if (source.startsWith(".") && !source.startsWith("./ops/")) {
          outside.add(name + ": " + volume);
        }
      }
    }
    assertThat(outside).isEmpty();
  }

  @Test
  void servicesStartAfterWhatTheyNeedIsHealthy() throws IOException {
    boolean imageHasHealthCheck = Files.readString(root.resolve("Dockerfile")).contains("\nHEALTHCHECK ");
    List<String> wrong = new ArrayList<>();
    services().forEach((name, service) -> map(service.get("depends_on")).forEach((dependency, condition) -> {
      if (!services().containsKey(dependency)) {
        wrong.add(name + " depends on " + dependency + ", which is no service");
      } else if ("service_healthy".equals(map(condition).get("condition"))
          && !services().get(dependency).containsKey("healthcheck") && !(built.containsKey(dependency) && imageHasHealthCheck)) {
        wrong.add(name + " waits for " + dependency + " to be healthy, which has no health check");
      }
    }));
    assertThat(wrong).isEmpty();
    built.keySet().forEach(name -> assertThat(map(map(service(name).get("depends_on")).get("kafka")).get("condition"))
        .as(name + " starts once Kafka is healthy").isEqualTo("service_healthy"));
    built.entrySet().stream().filter(e -> e.getValue().metadata.containsKey("spring.datasource.url"))
        .filter(e -> environment(e.getKey()).containsKey("SPRING_DATASOURCE_URL"))
        .forEach(e -> assertThat(map(map(service(e.getKey()).get("depends_on")).get("postgres")).get("condition"))
            .as(e.getKey() + " starts once PostgreSQL is healthy").isEqualTo("service_healthy"));
  }

  @Test
  void theServicesScale() {
    // `docker compose up --scale stt-service=3`: no fixed container name, no host port to collide on.
    built.keySet().forEach(name -> {
      assertThat(service(name)).as(name).doesNotContainKeys("container_name", "ports");
      assertThat(environment(name)).as(name + ": instances need ids of their own").doesNotContainKey("INSTANCE_ID");
    });
  }

  @Test
  void theKafkaBrokerAllowsTheGroupTimingsTheServicesAskFor() {
    Map<String, String> kafka = environment("kafka");
    assertThat(String.valueOf(service("kafka").get("image"))).startsWith("apache/kafka:");
    assertThat(kafka.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller"); // KRaft
    // Services in consumer groups (the platform's settings); the console reads the topics in no group.
    built.values().stream().filter(settings -> settings.metadata.containsKey("voice.platform.group-session-timeout"))
        .forEach(settings -> {
          long session = duration(settings, "voice.platform.group-session-timeout");
          long heartbeat = duration(settings, "voice.platform.group-heartbeat-interval");
          assertThat(Long.parseLong(kafka.get("KAFKA_GROUP_CONSUMER_MIN_SESSION_TIMEOUT_MS"))).isLessThanOrEqualTo(session);
          assertThat(Long.parseLong(kafka.get("KAFKA_GROUP_SHARE_MIN_SESSION_TIMEOUT_MS"))).isLessThanOrEqualTo(session);
          assertThat(Long.parseLong(kafka.get("KAFKA_GROUP_CONSUMER_MIN_HEARTBEAT_INTERVAL_MS"))).isLessThanOrEqualTo(heartbeat);
          assertThat(Long.parseLong(kafka.get("KAFKA_GROUP_SHARE_MIN_HEARTBEAT_INTERVAL_MS"))).isLessThanOrEqualTo(heartbeat);
          assertThat(Long.parseLong(kafka.get("KAFKA_GROUP_SHARE_MIN_RECORD_LOCK_DURATION_MS")))
              .isLessThanOrEqualTo(duration(settings, "voice.platform.share-lock-duration"));
        });
    built.keySet().forEach(name -> assertThat(environment(name).get("KAFKA_BOOTSTRAP_SERVERS"))
        .isEqualTo("kafka:" + Stream.of(kafka.get("KAFKA_ADVERTISED_LISTENERS").split(","))
            .filter(l -> l.startsWith("PLAINTEXT://kafka:")).map(l -> l.substring(l.lastIndexOf(':') + 1)).findFirst().orElseThrow()));
  }

  @Test
  void theProfilesChooseOfflineOrCloudEngines() {
    Map<String, Map<String, String>> engines = Map.of(
        "offline", Map.of("STT_ENGINE", "auto|whisper-cpp|none", "DIALOG_ENGINE", "scripted", "TTS_ENGINE", "espeak"),
        "cloud", Map.of("STT_ENGINE", "openai", "DIALOG_ENGINE", "openai", "TTS_ENGINE", "google"));
    engines.forEach((profile, expected) -> {
      Map<String, String> chosen = new TreeMap<>();
      built.keySet().stream().filter(name -> strings(service(name).get("profiles")).contains(profile))
          .forEach(name -> environment(name).forEach((variable, value) -> {
            if (expected.containsKey(variable)) {
              chosen.put(variable, value);
              assertThat(value).as(profile + " " + name + " " + variable).matches(expected.get(variable));
              assertThat(engineNames(built.get(name), variable)).as(name + " knows " + variable + "=" + value).contains(value);
            }
          }));
      assertThat(chosen).as("engines of profile " + profile).containsOnlyKeys(expected.keySet());
    });
    // Every service runs in each profile: the gateway and whatsapp-service in all of them.
    Set<String> profiled = built.keySet().stream().filter(name -> service(name).containsKey("profiles")).collect(Collectors.toSet());
    for (String profile : engines.keySet()) {
      assertThat(built.entrySet().stream()
          .filter(e -> !profiled.contains(e.getKey()) || strings(service(e.getKey()).get("profiles")).contains(profile))
          .map(e -> e.getValue().module()).collect(Collectors.toSet())).as(profile).containsExactlyInAnyOrderElementsOf(ServiceSettings.SERVICES);
    }
  }

  @Test
  void nginxPassesWebSocketsAndTheForwardedHeadersToEveryPublicService() throws IOException {
    assertThat(hostPathOf("nginx", "/etc/nginx/templates")).contains("./ops/nginx/templates");
    String template = Files.readString(root.resolve("ops/nginx/templates/default.conf.template"));
    Matcher upstream = Pattern.compile("upstream (\\S+) \\{[^}]*server ([a-z-]+):(\\d+) resolve").matcher(template);
    Map<String, String> upstreams = new TreeMap<>();
    while (upstream.find()) {
      String name = upstream.group(2);
      assertThat(built).as("nginx balances " + name).containsKey(name);
      assertThat(httpPort(name, built.get(name))).as(name + "'s HTTP port").contains(Integer.valueOf(upstream.group(3)));
      upstreams.put(upstream.group(1), name);
    }
    assertThat(upstreams.values()).containsExactlyInAnyOrder("gateway", "whatsapp-service");
    for (String server : template.split("\nserver \\{")) {
      if (!server.contains("proxy_pass")) {
        continue;
      }
      assertThat(server).contains("proxy_http_version 1.1;", "proxy_set_header Upgrade $http_upgrade;",
          "proxy_set_header Connection $connection_upgrade;", "proxy_set_header X-Forwarded-Proto ${PUBLIC_SCHEME};",
          "proxy_set_header X-Forwarded-Host ${PUBLIC_HOST};");
    }
    assertThat(environment("nginx")).containsKeys("PUBLIC_SCHEME", "PUBLIC_HOST");
    assertThat(environment("gateway").get("TRUSTED_PROXIES")).isEqualTo(interpolate("${VOICE_SUBNET:-172.30.57.0/24}"))
        .isEqualTo(interpolate(String.valueOf(map(list(map(map(map(compose.get("networks")).get("default")).get("ipam"))
            .get("config")).getFirst()).get("subnet"))));
  }

  @Test
  void envExampleListsEveryVariableTheComposeFileReadsAndEverySettingOfTheServices() throws IOException {
    String example = Files.readString(root.resolve(".env.example"));
    Map<String, String> listed = new LinkedHashMap<>();
    StringBuilder comments = new StringBuilder();
    for (String line : example.split("\n")) {
      if (line.startsWith("#")) {
        comments.append(line).append('\n');
      } else if (line.contains("=")) {
        listed.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
    Map<String, String> read = new TreeMap<>();
    Matcher interpolation = INTERPOLATION.matcher(composeText);
    while (interpolation.find()) {
      read.merge(interpolation.group(1), interpolation.group(2) == null ? "" : interpolation.group(2), (a, b) -> a);
    }
    Set<String> composeOwn = Set.of("COMPOSE_PROFILES");
    Set<String> listedForCompose = listed.keySet().stream().filter(v -> !composeOwn.contains(v))
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(listedForCompose)
        .as(".env.example lists exactly what docker-compose.yml reads").isEqualTo(read.keySet());
    List<String> otherDefault = new ArrayList<>();
    read.forEach((variable, composeDefault) -> {
      if (!composeDefault.equals(listed.get(variable))) {
        otherDefault.add(variable + ": compose '" + composeDefault + "', .env.example '" + listed.get(variable) + "'");
      }
    });
    assertThat(otherDefault).as(".env.example shows the defaults compose applies").isEmpty();

    // Every variable the services read is either in .env.example or named there as left out on purpose.
    Set<String> missing = new TreeSet<>();
    for (ServiceSettings settings : built.values()) {
      Stream.concat(settings.placeholderDefaults.keySet().stream(), settings.boundVariables.keySet().stream())
          .filter(variable -> !listed.containsKey(variable) && !comments.toString().contains(variable))
          .forEach(missing::add);
    }
    assertThat(missing).as("variables the services read that .env.example neither lists nor explains").isEmpty();
  }

  @Test
  void dockerComposeAcceptsTheFile() throws Exception {
    List<String> client = Stream.of(List.of("docker", "compose"), List.of("docker-compose"))
        .filter(ComposeFileTest::runs).findFirst().orElse(null);
    assumeTrue(client != null, "no compose client here (neither `docker compose` nor `docker-compose` runs); "
        + "the checks above stand in for it");
    for (String profile : List.of("offline", "cloud")) {
      List<String> command = new ArrayList<>(client);
      command.addAll(List.of("--project-directory", root.toString(), "-f", root.resolve("docker-compose.yml").toString(),
          "--profile", profile, "config", "-q"));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    }
  }

  // ---------------------------------------------------------------------------------------------------

  /** The port the service's web server listens on: server.port as its application.yml and compose set it. */
  static Optional<Integer> httpPort(String name, ServiceSettings settings) {
    if ("none".equals(settings.defaultOf("spring.main.web-application-type").orElse(""))) {
      return Optional.empty();
    }
    Map<String, String> environment = environment(name);
    String port = settings.variableOf("server.port").map(environment::get)
        .or(() -> Optional.ofNullable(environment.get("SERVER_PORT")))
        .or(() -> settings.defaultOf("server.port")).orElse("8080");
    return Optional.of(Integer.valueOf(port));
  }

  static Optional<Integer> managementPort(String name) {
    return Optional.ofNullable(environment(name).get("MANAGEMENT_SERVER_PORT")).map(Integer::valueOf);
  }

  /** The GET paths of edge's health controller, which the gateway and whatsapp-service serve. */
  static Set<String> readinessPathsOfTheEdge() {
    return Arrays.stream(HealthController.class.getDeclaredMethods())
        .filter(method -> method.isAnnotationPresent(GetMapping.class))
        .flatMap(method -> Stream.of(method.getAnnotation(GetMapping.class).value())).collect(Collectors.toSet());
  }

  private static Set<String> engineNames(ServiceSettings settings, String variable) {
    String property = settings.yaml.entrySet().stream().filter(e -> e.getValue().startsWith("${" + variable + ":"))
        .map(Map.Entry::getKey).findFirst().orElseThrow();
    String type = settings.metadata.get(property).path("type").asString();
    try {
      Object[] constants = Class.forName(type).getEnumConstants(); // binary name: SttProperties$Engine
      if (constants == null) { // a String checked by a pattern (dialog): the names its description lists
        return Set.copyOf(Arrays.asList(settings.metadata.get(property).path("description").asString().split("[^a-z-]+")));
      }
      return Arrays.stream(constants).map(c -> ((Enum<?>) c).name().toLowerCase().replace('_', '-')).collect(Collectors.toSet());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(property + " has type " + type + ", which is not on this test's class path", e);
    }
  }

  private static long duration(ServiceSettings settings, String property) {
    return DurationStyle.detectAndParse(settings.defaultOf(property).orElseThrow(() -> new AssertionError(property))).toMillis();
  }

  /** The host side of the bind mount that puts something at {@code containerPath} in the service. */
  private static Optional<String> hostPathOf(String name, String containerPath) {
    for (String volume : strings(service(name).get("volumes"))) {
      String[] parts = volume.split(":");
      if (parts.length >= 2 && parts[1].equals(containerPath)) {
        return Optional.of(parts[0]);
      }
    }
    return Optional.empty();
  }

  /** The container side of the service's published port whose host side is {@code ${variable:-...}}. */
  private static int containerPort(String name, String variable) {
    return strings(service(name).get("ports")).stream().filter(p -> p.contains("${" + variable))
        .map(p -> Integer.parseInt(p.substring(p.lastIndexOf(':') + 1))).findFirst().orElseThrow();
  }

  private static boolean runs(List<String> command) {
    try {
      List<String> version = new ArrayList<>(command);
      version.add("version");
      Process process = new ProcessBuilder(version).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static Map<String, Map<String, Object>> services() {
    Map<String, Map<String, Object>> services = new LinkedHashMap<>();
    map(compose.get("services")).forEach((name, service) -> services.put(name, map(service)));
    return services;
  }

  static Map<String, Object> service(String name) {
    assertThat(services()).as("services of docker-compose.yml").containsKey(name);
    return services().get(name);
  }

  /** The service's environment as compose hands it over when nothing is set: interpolated with the defaults. */
  static Map<String, String> environment(String name) {
    Map<String, String> environment = new LinkedHashMap<>();
    rawEnvironment(name).forEach((variable, value) -> environment.put(variable, interpolate(value)));
    return environment;
  }

  static Map<String, String> rawEnvironment(String name) {
    Map<String, String> environment = new LinkedHashMap<>();
    Object declared = service(name).get("environment");
    if (declared instanceof List<?> list) {
      list.forEach(entry -> {
        String text = String.valueOf(entry);
        environment.put(text.contains("=") ? text.substring(0, text.indexOf('=')) : text,
            text.contains("=") ? text.substring(text.indexOf('=') + 1) : "");
      });
    } else {
      map(declared).forEach((variable, value) -> environment.put(variable, value == null ? "" : String.valueOf(value)));
    }
    return environment;
  }

  static String interpolate(String value) {
    Matcher interpolation = INTERPOLATION.matcher(value);
    StringBuilder result = new StringBuilder();
    while (interpolation.find()) {
      interpolation.appendReplacement(result, Matcher.quoteReplacement(interpolation.group(2) == null ? "" : interpolation.group(2)));
    }
    interpolation.appendTail(result);
    return result.toString().replace("$$", "$");
  }

  /**
   * Variables the image itself reads at run time ($VOICE_JAVA_OPTS in its entry point): the ENV of its last
   * stage. Compose may set them although no Spring setting has their name.
   */
  private static Set<String> dockerfileVariables() throws IOException {
    String dockerfile = Files.readString(root.resolve("Dockerfile"));
    String runtime = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
    Matcher env = Pattern.compile("\nENV ((?:[^\n]*\\\n)*[^\n]*)").matcher(runtime);
    Set<String> variables = new LinkedHashSet<>();
    while (env.find()) {
      Matcher name = Pattern.compile("([A-Z][A-Z0-9_]*)=").matcher(env.group(1));
      while (name.find()) {
        variables.add(name.group(1));
      }
    }
    return variables;
  }

  private static String readFile(String path) {
    try {
      return Files.readString(root.resolve(path));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The build arguments docker-compose.yml gives the service's image (MODULE, HEALTH_URL, APT_PACKAGES). */
  static Map<String, String> buildArgs(String name) {
    Map<String, String> args = new LinkedHashMap<>();
    map(map(service(name).get("build")).get("args")).forEach((key, value) -> args.put(key, String.valueOf(value)));
    return args;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> yaml(String text) {
    return (Map<String, Object>) new Yaml().load(text);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  static List<Object> list(Object value) {
    return value instanceof List<?> list ? List.copyOf(list) : List.of();
  }

  static List<String> strings(Object value) {
    return list(value).stream().map(String::valueOf).toList();
  }
}
