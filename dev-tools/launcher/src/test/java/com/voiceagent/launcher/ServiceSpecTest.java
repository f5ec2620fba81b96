package com.voiceagent.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ServiceSpecTest {
  private final LauncherSettings settings = LauncherSettings.fromEnvironment(
      Map.of("KAFKA_PORT", "19092", "PUBLIC_HOST", "abc.ngrok.app"), Path.of("/repo"));
  private final Map<String, ServiceSpec> services = ServiceSpec.all(settings, "tok", "jdbc:postgresql://localhost:5433/postgres")
      .stream().collect(Collectors.toMap(ServiceSpec::name, Function.identity()));

  @Test
  void theFiveServicesRunFromTheirExecJars() {
    assertThat(services).containsOnlyKeys("gateway", "stt-service", "dialog-service", "tts-service", "whatsapp-service");
    assertThat(services.get("stt-service").jar())
        .isEqualTo(Path.of("/repo/stt-service/target/stt-service-0.1.0-SNAPSHOT-exec.jar"));
  }

  @Test
  void everyServiceFindsTheLocalBrokerAndThePublicHost() {
    services.values().forEach(s -> assertThat(s.environment())
        .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "localhost:19092")
        .containsEntry("PUBLIC_HOST", "abc.ngrok.app"));
  }

  @Test
  void onlyTheTwilioFacingServicesGetTheAuthToken() {
    assertThat(services.get("gateway").environment()).containsEntry("TWILIO_AUTH_TOKEN", "tok");
    assertThat(services.get("whatsapp-service").environment()).containsEntry("TWILIO_AUTH_TOKEN", "tok");
    assertThat(services.get("stt-service").environment()).doesNotContainKey("TWILIO_AUTH_TOKEN");
    assertThat(services.get("dialog-service").environment()).doesNotContainKey("TWILIO_AUTH_TOKEN");
    assertThat(services.get("tts-service").environment()).doesNotContainKey("TWILIO_AUTH_TOKEN");
  }

  @Test
  void onlyTheTwilioFacingServicesRunInLocalDevelopmentMode() {
    assertThat(services.get("gateway").environment()).containsEntry("VOICE_LOCAL_DEVELOPMENT", "true");
    assertThat(services.get("whatsapp-service").environment()).containsEntry("VOICE_LOCAL_DEVELOPMENT", "true");
    assertThat(services.get("stt-service").environment()).doesNotContainKey("VOICE_LOCAL_DEVELOPMENT");
  }

  @Test
  void whatsappServiceGetsTheEmbeddedDatabase() {
    assertThat(services.get("whatsapp-service").environment())
        .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://localhost:5433/postgres")
        .containsEntry("SPRING_DATASOURCE_USERNAME", "postgres")
        .containsEntry("SPRING_DATASOURCE_PASSWORD", "postgres")
        .containsEntry("SERVER_PORT", "8081");
    assertThat(services.get("gateway").environment()).doesNotContainKey("SPRING_DATASOURCE_URL");
  }

  @Test
  void theGatewayIsReadyWhenItsHealthCheckAnswers() {
    assertThat(services.get("gateway").healthUrl()).hasToString("http://localhost:8080/health");
    assertThat(services.get("gateway").environment()).containsEntry("SERVER_PORT", "8080");
  }

  @Test
  void theStartupLineOfSpringBootMarksAServiceStarted() {
    assertThat(ServiceSpec.STARTED.matcher(
        "12:00:01.123 INFO  [] [req=] c.v.gateway.GatewayApplication - Started GatewayApplication in 4.213 seconds (process running for 5.1)")
        .find()).isTrue();
    assertThat(ServiceSpec.STARTED.matcher("Starting GatewayApplication using Java 25").find()).isFalse();
  }

  @Test
  void theSecretsNeverShowInTheDescription() {
    assertThat(services.get("gateway").toString()).doesNotContain("tok");
  }
}
