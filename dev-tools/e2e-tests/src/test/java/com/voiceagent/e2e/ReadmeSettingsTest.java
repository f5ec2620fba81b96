package com.voiceagent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.edge.EdgeEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's settings tables against what the services really bind: Spring's configuration metadata
 * (META-INF/spring-configuration-metadata.json of every service and shared library, on this test's class path), every module's application.yml and the variables edge binds itself
 * (EdgeEnvironment). The "Local run" table is the launcher's own environment, not Spring settings, and is
 * left out.
 */
class ReadmeSettingsTest {
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
  private static final Pattern VARIABLE = Pattern.compile("[A-Z][A-Z0-9_]+");

  /** Settings named in the first column of each table (the ones the README promises exist). */
  static final Set<String> named = new TreeSet<>();
  /** Everything the tables mention in code quotes, in any column. */
  static final Set<String> mentioned = new TreeSet<>();
  static final Map<String, JsonNode> metadata = new LinkedHashMap<>();
  /** application.yml keys of every module, flattened, each with its value. */
  static final Map<String, String> yamlProperties = new LinkedHashMap<>();
  static final Set<String> boundVariables = new TreeSet<>();

  @BeforeAll
  static void read() throws IOException {
    Path root = repositoryRoot();
    readTables(Files.readString(root.resolve("README.md")));
    readMetadata();
    try (Stream<Path> files = Files.walk(root, 5)) {
      for (Path yml : files.filter(f -> f.toString().endsWith("src/main/resources/application.yml")).toList()) {
        readYaml(Files.readString(yml));
      }
    }
    boundVariables.addAll(EdgeEnvironment.VARIABLES.keySet());
  }

  @Test
  void everySettingTheReadmeNamesExists() {
    List<String> unknown = new ArrayList<>();
    for (String name : named) {
      boolean exists = name.startsWith("voice.")
          ? metadata.containsKey(name) || yamlProperties.containsKey(name)
          : boundVariables.contains(name);
      if (!exists) {
        unknown.add(name);
      }
    }
    assertThat(unknown).as("named in the README's settings tables but bound nowhere").isEmpty();
  }

  @Test
  void everyPublicSettingInTheMetadataIsDocumented() {
    Map<String, String> variableOf = new LinkedHashMap<>();
    yamlProperties.forEach((property, value) -> {
      Matcher placeholder = PLACEHOLDER.matcher(value);
      if (placeholder.find()) {
        variableOf.put(property, placeholder.group(1));
      }
    });
    EdgeEnvironment.VARIABLES.forEach((variable, property) -> variableOf.put(property, variable));
    List<String> undocumented = new ArrayList<>();
    for (String property : metadata.keySet()) {
      String variable = variableOf.get(property);
      if (!mentioned.contains(property) && (variable == null || !mentioned.contains(variable))) {
        undocumented.add(property + (variableOf.containsKey(property) ? " (" + variableOf.get(property) + ")" : ""));
      }
    }
    assertThat(undocumented).as("in the configuration metadata but in none of the README's settings tables").isEmpty();
  }

  @Test
  void theCheckSeesEveryModulesSettings() {
    // Without this, an empty metadata list would make the test above pass on nothing.
    assertThat(metadata.keySet()).anyMatch(p -> p.startsWith("voice.edge.")).anyMatch(p -> p.startsWith("voice.twilio."))
        .anyMatch(p -> p.startsWith("voice.gateway.")).anyMatch(p -> p.startsWith("voice.whatsapp."))
        .anyMatch(p -> p.startsWith("voice.platform.")).anyMatch(p -> p.startsWith("voice.stt."))
        .anyMatch(p -> p.startsWith("voice.dialog.")).anyMatch(p -> p.startsWith("voice.tts."));
    assertThat(named).contains("TWILIO_AUTH_TOKEN", "PUBLIC_HOST", "CORS_ALLOWED_ORIGINS", "TRUSTED_PROXIES", "STT_ENGINE");
  }

  private static void readTables(String readme) {
    String settings = readme.substring(readme.indexOf("## Settings"), readme.indexOf("\n## ", readme.indexOf("## Settings") + 1));
    boolean launcherTable = false;
    for (String line : settings.split("\n")) {
      if (line.startsWith("**")) {
        launcherTable = line.startsWith("**Local run");
        continue;
      }
      if (launcherTable || !line.startsWith("| `")) {
        continue;
      }
      String[] cells = line.split("(?<!\\\\)\\|");
      String previous = null;
      Matcher first = CODE.matcher(cells[1]);
      while (first.find()) {
        String name = first.group(1);
        if (name.startsWith("_") && previous != null) {
          name = previous.substring(0, previous.lastIndexOf('_')) + name; // `SPRING_DATASOURCE_URL` / `_USERNAME`
        }
        name = name.replaceAll("\\[n\\].*$", ""); // voice.edge.rate-limits[n].path/per-minute
        named.add(name);
        previous = name;
      }
      Matcher any = CODE.matcher(line);
      while (any.find()) {
        mentioned.add(any.group(1).replaceAll("\\[n\\].*$", ""));
      }
      mentioned.addAll(named);
    }
  }

  private static void readMetadata() throws IOException {
    JsonMapper json = JsonMapper.builder().build();
    for (URL url : Collections.list(ReadmeSettingsTest.class.getClassLoader().getResources(
        "META-INF/spring-configuration-metadata.json"))) {
      try (InputStream in = url.openStream()) {
        for (JsonNode property : json.readTree(in).path("properties")) {
          String name = property.path("name").asString();
          if (name.startsWith("voice.")) {
            metadata.put(name, property);
          }
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void readYaml(String text) {
    for (Object document : new Yaml().loadAll(text)) {
      if (document instanceof Map<?, ?> map) {
        flatten("", (Map<String, Object>) map);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void flatten(String prefix, Map<String, Object> map) {
    map.forEach((key, value) -> {
      String name = prefix.isEmpty() ? key : prefix + "." + key;
      if (value instanceof Map<?, ?> nested) {
        flatten(name, (Map<String, Object>) nested);
      } else {
        String text = String.valueOf(value);
        yamlProperties.put(name, text);
        Matcher placeholder = PLACEHOLDER.matcher(text);
        while (placeholder.find()) {
          boundVariables.add(placeholder.group(1));
        }
      }
    });
  }

  /** The checkout: the folder above the working directory holding README.md and ./voice. */
  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !(Files.exists(dir.resolve("README.md")) && Files.exists(dir.resolve("voice")))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("the repository root (README.md and ./voice) above " + Path.of("").toAbsolutePath()).isNotNull();
    return dir;
  }
}
