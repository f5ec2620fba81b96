package com.voiceagent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The images docker-compose.yml builds, built from the one Dockerfile with the build arguments compose gives
 * each service, and started with the environment compose gives it, next to apache/kafka and PostgreSQL on one
 * network: every service becomes ready (its stages consume), runs as a non-root user, and reports healthy
 * through the image's HEALTHCHECK wherever it can serve its HEALTH_URL (a service without a web server, whose
 * health is on a management port it cannot open yet, is only checked for readiness).
 *
 * <p>Needs a Docker engine; without one it is skipped, saying so. Without Docker, what
 * the images run is run as the same executable jars by {@link VoiceLoopEndToEndIT}, and what compose gives them
 * (variables, ports, health paths, build arguments) is checked by {@link ComposeFileTest}.
 */
@CoveredWithoutDockerBy({"VoiceLoopEndToEndIT", "ComposeFileTest"})
@Testcontainers(disabledWithoutDocker = true)
class ServiceImagesIT {
  static final Network NETWORK = Network.newNetwork();
  /** Inside the network the broker is kafka:19092 (compose's is kafka:9092, which the container keeps for itself). */
  static final String BROKER = "kafka:19092";
  /** A service in no consumer group logs no "every stage consuming": the console reads the topics without one. */
  static final Map<String, String> READY_LINES = Map.of("console", ".*Started ConsoleApplication.*");

  @Container
  static final KafkaContainer KAFKA = Containers.kafka().withNetwork(NETWORK).withListener(BROKER);
  @Container
  static final PostgreSQLContainer POSTGRES = Containers.postgres().withNetwork(NETWORK).withNetworkAliases("postgres");

  @Test
  void everyServiceImageStartsReadyAsANonRootUserAndReportsHealthy() throws Exception {
    List<GenericContainer<?>> started = new ArrayList<>();
    try {
      for (String name : ServiceSettings.SERVICES) {
        ImageFromDockerfile image = new ImageFromDockerfile("voice-agent-" + name + "-test", true)
            .withDockerfile(ComposeFileTest.root.resolve("Dockerfile"));
        ComposeFileTest.buildArgs(name).forEach(image::withBuildArg);
        Map<String, String> env = new LinkedHashMap<>(ComposeFileTest.environment(name));
        env.put("KAFKA_BOOTSTRAP_SERVERS", BROKER);
        GenericContainer<?> service = new GenericContainer<>(image).withNetwork(NETWORK).withNetworkAliases(name)
            .withEnv(env)
            .waitingFor(Wait.forLogMessage(READY_LINES.getOrDefault(name, ".*every stage consuming.*"), 1)
                .withStartupTimeout(Duration.ofMinutes(4)));
        service.start();
        started.add(service);

        assertThat(service.execInContainer("id", "-u").getStdout().trim()).as(name + " runs as").isNotEqualTo("0");
        ServiceSettings settings = ServiceSettings.ofExecutableJar(name);
        boolean servesItsHealthUrl = !"none".equals(settings.defaultOf("spring.main.web-application-type").orElse(""));
        if (servesItsHealthUrl) {
          await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).until(() ->
              "healthy".equals(service.getCurrentContainerInfo().getState().getHealth().getStatus()));
        }
      }
    } finally {
      started.forEach(GenericContainer::stop);
    }
  }
}
