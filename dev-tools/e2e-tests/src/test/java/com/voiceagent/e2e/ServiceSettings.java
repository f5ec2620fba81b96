package com.voiceagent.e2e;

import com.voiceagent.edge.EdgeEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The settings a service really has, read the way Spring reads them: the configuration metadata of every jar
 * in its executable jar (its own properties, the shared libraries', Spring Boot's), its application.yml with
 * the environment variables its placeholders name, and edge's variables when edge is inside. Shared by the
 * checks of the README's settings tables (ReadmeSettingsTest) and of docker-compose.yml (ComposeFileTest).
 */
final class ServiceSettings {
  /** The five services and the analysts' web console, as their Maven modules are named. */
  static final List<String> SERVICES = List.of("gateway", "stt-service", "dialog-service", "tts-service", "whatsapp-service",
      "console");
  static final String METADATA = "META-INF/spring-configuration-metadata.json";
  /** {@code ${VARIABLE} or ${VARIABLE:default}} in application.yml. */
  static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

  /**
   * The OpenTelemetry variables this project documents, which Spring Boot's own
   * OpenTelemetryEnvironmentVariableEnvironmentPostProcessor maps onto its management properties (not relaxed
   * binding): variable -> the property it sets.
   */
  static final Map<String, String> OPENTELEMETRY_VARIABLES = Map.of(
      "OTEL_EXPORTER_OTLP_ENDPOINT", "management.opentelemetry.tracing.export.otlp.endpoint",
      "OTEL_TRACES_SAMPLER_ARG", "management.tracing.sampling.probability",
      "OTEL_SDK_DISABLED", "management.opentelemetry.enabled");

  /** Property name -> its metadata entry (type, defaultValue, description). */
  final Map<String, JsonNode> metadata = new LinkedHashMap<>();
  /** application.yml keys, flattened, each with its raw value. */
  final Map<String, String> yaml = new LinkedHashMap<>();
  /** Variables named by application.yml's placeholders, each with its default ("" when it has none). */
  final Map<String, String> placeholderDefaults = new LinkedHashMap<>();
  /** Variables bound by code rather than by relaxed binding (edge's EnvironmentPostProcessor). */
  final Map<String, String> boundVariables = new LinkedHashMap<>();
  /** {@link #OPENTELEMETRY_VARIABLES} when Spring Boot's OpenTelemetry support is inside. */
  final Map<String, String> openTelemetryVariables = new LinkedHashMap<>();
  private final String module;

  private ServiceSettings(String module) {
    this.module = module;
  }

  private static final Map<String, ServiceSettings> READ = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The settings inside a module's executable jar, {@code <module>/target/<module>-<version>-exec.jar}; read
   * once per test JVM.
   */
  static ServiceSettings ofExecutableJar(String module) {
    return READ.computeIfAbsent(module, ServiceSettings::read);
  }

  private static ServiceSettings read(String module) {
    Path jar = ServiceProcess.execJar(module);
    ServiceSettings settings = new ServiceSettings(module);
    // As zip file systems: a nested jar's directory tells where its metadata is, without inflating the rest.
    try (FileSystem outer = FileSystems.newFileSystem(jar)) {
      settings.readIfPresent(outer.getPath(METADATA));
      settings.readIfPresent(outer.getPath("BOOT-INF/classes", METADATA));
      // application.yml, or the file named after the module (the console's spring.config.name: its tests run the
      // gateway in the same JVM, which must keep finding its own application.yml).
      for (String name : List.of("application.yml", module + ".yml")) {
        Path yml = outer.getPath("BOOT-INF/classes", name);
        if (Files.exists(yml)) {
          settings.readYaml(Files.readString(yml));
        }
      }
      try (Stream<Path> libs = Files.list(outer.getPath("BOOT-INF/lib"))) {
        for (Path lib : libs.filter(p -> p.getFileName().toString().endsWith(".jar")).toList()) {
          if (lib.getFileName().toString().startsWith("edge-")) {
            settings.boundVariables.putAll(EdgeEnvironment.VARIABLES);
          }
          if (lib.getFileName().toString().startsWith("spring-boot-opentelemetry-")) {
            settings.openTelemetryVariables.putAll(OPENTELEMETRY_VARIABLES);
          }
          try (FileSystem nested = FileSystems.newFileSystem(lib)) {
            settings.readIfPresent(nested.getPath(METADATA));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(jar + " (build the services first: mvn -DskipTests package)", e);
    }
    return settings;
  }

  private void readIfPresent(Path metadataFile) throws IOException {
    if (Files.exists(metadataFile)) {
      try (InputStream in = Files.newInputStream(metadataFile)) {
        readMetadata(in);
      }
    }
  }

  String module() {
    return module;
  }

  /**
   * Whether setting this environment variable changes a setting of the service: a placeholder of its
   * application.yml names it, edge binds it, or Spring's relaxed binding maps it onto a property in the
   * metadata (MANAGEMENT_SERVER_PORT -> management.server.port; VOICE_PLATFORM_REPLICATIONFACTOR ->
   * voice.platform.replication-factor; LOGGING_LEVEL_X -> an entry of the map logging.level).
   */
  boolean binds(String variable) {
    if (placeholderDefaults.containsKey(variable) || boundVariables.containsKey(variable)
        || openTelemetryVariables.containsKey(variable)) {
      return true;
    }
    Optional<ConfigurationPropertyName> name = propertyOfVariable(variable);
    return name.isPresent() && metadata.entrySet().stream().anyMatch(e -> {
      ConfigurationPropertyName property = ConfigurationPropertyName.of(e.getKey());
      String type = e.getValue().path("type").asString("");
      return property.equals(name.get())
          || (property.isAncestorOf(name.get()) && (type.startsWith("java.util.Map") || type.startsWith("java.util.List")));
    });
  }

  /** The property Spring binds this environment variable to, as its SystemEnvironmentPropertySource does. */
  static Optional<ConfigurationPropertyName> propertyOfVariable(String variable) {
    // Under the name of the real one: Spring maps VARIABLE_NAMES to properties only for a source of this name.
    SystemEnvironmentPropertySource source = new SystemEnvironmentPropertySource(
        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "x"));
    for (var adapted : ConfigurationPropertySources.from(source)) {
      if (adapted instanceof IterableConfigurationPropertySource iterable) {
        return iterable.stream().findFirst();
      }
    }
    return Optional.empty();
  }

  /**
   * A property's value when nothing overrides it: application.yml's (its placeholder's default), else the
   * metadata's default.
   */
  Optional<String> defaultOf(String property) {
    String value = yaml.get(property);
    if (value != null) {
      Matcher placeholder = PLACEHOLDER.matcher(value);
      return Optional.of(placeholder.matches() ? String.valueOf(placeholder.group(2)) : value);
    }
    JsonNode entry = metadata.get(property);
    return entry == null || entry.path("defaultValue").isMissingNode()
        ? Optional.empty() : Optional.of(entry.path("defaultValue").asString());
  }

  /** The variable application.yml reads for a property ({@code port: ${GATEWAY_PORT:8080}} -> GATEWAY_PORT). */
  Optional<String> variableOf(String property) {
    String value = yaml.get(property);
    Matcher placeholder = value == null ? null : PLACEHOLDER.matcher(value);
    return placeholder != null && placeholder.matches() ? Optional.of(placeholder.group(1)) : Optional.empty();
  }

  void readMetadata(InputStream in) {
    JsonNode root = JsonMapper.builder().build().readTree(in);
    for (JsonNode property : root.path("properties")) {
      metadata.putIfAbsent(property.path("name").asString(), property);
    }
  }

  @SuppressWarnings("unchecked")
  void readYaml(String text) {
    for (Object document : new Yaml().loadAll(text)) {
      if (document instanceof Map<?, ?> map) {
        flatten("", (Map<String, Object>) map);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void flatten(String prefix, Map<String, Object> map) {
    map.forEach((key, value) -> {
      String name = prefix.isEmpty() ? key : prefix + "." + key;
      if (value instanceof Map<?, ?> nested) {
        flatten(name, (Map<String, Object>) nested);
      } else {
        String text = value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
            : String.valueOf(value);
        yaml.put(name, text);
        Matcher placeholder = PLACEHOLDER.matcher(text);
        while (placeholder.find()) {
          placeholderDefaults.putIfAbsent(placeholder.group(1), placeholder.group(2) == null ? "" : placeholder.group(2));
        }
      }
    });
  }
}
