package com.voiceagent.analyst;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Which Kafka the commands read: {@code --kafka}, else {@code KAFKA_BOOTSTRAP_SERVERS}, else the broker of the
 * running {@code ./voice up} ({@code $VOICE_HOME/run.properties}), else {@code localhost:9092}: the same order
 * as {@code ./voice call}.
 */
final class Broker {
  static final String DEFAULT = "localhost:9092";

  private Broker() {}

  static String address(String flag, Map<String, String> env) {
    if (flag != null && !flag.isBlank()) {
      return flag.trim();
    }
    String fromEnv = env.get("KAFKA_BOOTSTRAP_SERVERS");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.trim();
    }
    String home = env.getOrDefault("VOICE_HOME", ".voice");
    Path run = Path.of(home, "run.properties");
    if (Files.isRegularFile(run)) {
      Properties p = new Properties();
      try (Reader in = Files.newBufferedReader(run, StandardCharsets.UTF_8)) {
        p.load(in);
        String kafka = p.getProperty("kafka");
        if (kafka != null && !kafka.isBlank()) {
          return kafka.trim();
        }
      } catch (IOException e) {
        // A hint only: the default still applies.
      }
    }
    return DEFAULT;
  }
}
