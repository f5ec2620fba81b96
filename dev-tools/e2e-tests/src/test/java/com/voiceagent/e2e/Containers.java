package com.voiceagent.e2e;

import java.util.Map;
import java.util.stream.Collectors;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The broker and the database of docker-compose.yml as Testcontainers: the same images, and the broker with the
 * group settings compose gives it (the services' 3 s group sessions need its lower minimums).
 */
final class Containers {
  private Containers() {}

  static KafkaContainer kafka() {
    Map<String, String> groupSettings = ComposeFileTest.environment("kafka").entrySet().stream()
        .filter(e -> e.getKey().startsWith("KAFKA_GROUP_") || e.getKey().startsWith("KAFKA_SHARE_"))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    return new KafkaContainer(DockerImageName.parse(image("kafka"))).withEnv(groupSettings);
  }

  static PostgreSQLContainer postgres() {
    Map<String, String> env = ComposeFileTest.environment("postgres");
    return new PostgreSQLContainer(DockerImageName.parse(image("postgres")).asCompatibleSubstituteFor("postgres"))
        .withDatabaseName(env.get("POSTGRES_DB")).withUsername(env.get("POSTGRES_USER")).withPassword(env.get("POSTGRES_PASSWORD"));
  }

  private static String image(String service) {
    return String.valueOf(ComposeFileTest.service(service).get("image"));
  }
}
