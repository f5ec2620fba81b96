package com.voiceagent.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ServiceInstanceTest {
  private static final String JDBC = "jdbc:postgresql://localhost:5433/postgres";

  private static Map<String, ServiceInstance> instances(Map<String, String> env, UpCommandLine commandLine) {
    LauncherSettings settings = LauncherSettings.from(env, commandLine, Path.of("/repo"));
    return ServiceInstance.all(settings, "tok", JDBC).stream()
        .collect(Collectors.toMap(ServiceInstance::id, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
  }

  private final Map<String, ServiceInstance> services = instances(
      Map.of("KAFKA_PORT", "19092", "PUBLIC_HOST", "abc.ngrok.app"), UpCommandLine.NONE);

  private static Map<String, ServiceInstance> scaled(String scale) {
    return instances(Map.of(), new UpCommandLine(scale, null, false, false));
  }

  @Test
  void byDefaultEachServiceRunsOnceFromItsExecJar() {
    assertThat(services).containsOnlyKeys("gateway-1", "stt-service-1", "dialog-service-1", "tts-service-1",
        "whatsapp-service-1", "console-1");
    assertThat(services.get("stt-service-1").jar())
        .isEqualTo(Path.of("/repo/stt-service/target/stt-service-0.1.0-SNAPSHOT-exec.jar"));
  }

  @Test
  void theConsoleListensOnConsolePortIsReadyByItsHealthAndRunsOnce() {
    ServiceInstance console = instances(Map.of("CONSOLE_PORT", "18090"), UpCommandLine.NONE).get("console-1");

    assertThat(console.port()).isEqualTo(18090);
    assertThat(console.environment()).containsEntry("SERVER_PORT", "18090").doesNotContainKey("TWILIO_AUTH_TOKEN");
    assertThat(console.healthUrl()).hasToString("http://localhost:18090/health/ready");
    assertThat(console.readyLine().matcher("Started ConsoleApplication in 3.1 seconds").find()).isTrue();
    assertThat(console.jar()).isEqualTo(Path.of("/repo/console/target/console-0.1.0-SNAPSHOT-exec.jar"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> scaled("console=2"))
        .hasMessage("--scale: console runs once, was 2");
  }

  @Test
  void everyServiceFindsTheLocalBrokerAndThePublicHost() {
    services.values().forEach(s -> assertThat(s.environment())
        .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "localhost:19092")
        .containsEntry("PUBLIC_HOST", "abc.ngrok.app")
        .doesNotContainKey("VOICE_PLATFORM_REPLICATIONFACTOR"));
  }

  @Test
  void eachInstanceGetsAStableIdNamedAfterItsServiceAndNumber() {
    Map<String, ServiceInstance> scaled = scaled("stt-service=3,dialog-service=2");

    assertThat(scaled.keySet()).containsExactly("gateway-1", "stt-service-1", "stt-service-2", "stt-service-3",
        "dialog-service-1", "dialog-service-2", "tts-service-1", "whatsapp-service-1", "console-1");
    scaled.forEach((id, instance) -> assertThat(instance.environment()).containsEntry("INSTANCE_ID", id));
    assertThat(scaled("stt-service=3").get("stt-service-2").environment().get("INSTANCE_ID"))
        .as("the same on every start").isEqualTo("stt-service-2");
  }

  @Test
  void aSingleGatewayListensOnGatewayPortItselfWithoutTrustingAProxy() {
    ServiceInstance gateway = services.get("gateway-1");

    assertThat(gateway.port()).isEqualTo(8080);
    assertThat(gateway.environment()).containsEntry("SERVER_PORT", "8080").doesNotContainKey("TRUSTED_PROXIES");
    assertThat(gateway.healthUrl()).hasToString("http://localhost:8080/health/ready");
  }

  @Test
  void severalGatewaysEachGetTheirOwnPortTwoApartAboveGatewayPortAndTrustNginxOnLoopback() {
    Map<String, ServiceInstance> scaled = scaled("gateway=2");

    assertThat(scaled.get("gateway-1").port()).isEqualTo(8082);
    assertThat(scaled.get("gateway-2").port()).isEqualTo(8084);
    assertThat(scaled.get("gateway-2").environment())
        .containsEntry("SERVER_PORT", "8084")
        .containsEntry("TRUSTED_PROXIES", "127.0.0.1,::1")
        .containsEntry("PUBLIC_HOST", "localhost:8080");
    assertThat(scaled.get("gateway-2").healthUrl()).hasToString("http://localhost:8084/health/ready");
    assertThat(scaled.get("whatsapp-service-1").port()).as("still alone on its own port").isEqualTo(8081);
    assertThat(scaled.get("whatsapp-service-1").environment()).doesNotContainKey("TRUSTED_PROXIES");
  }

  @Test
  void severalWhatsappServicesInterleaveWithTheGatewaysPorts() {
    Map<String, ServiceInstance> scaled = scaled("gateway=2,whatsapp-service=2");

    assertThat(List.of(scaled.get("whatsapp-service-1").port(), scaled.get("whatsapp-service-2").port()))
        .containsExactly(8083, 8085);
    assertThat(scaled.get("stt-service-1").environment()).doesNotContainKey("SERVER_PORT");
  }

  @Test
  void stageServicesGetAManagementPortEachWhichPsShows() {
    Map<String, ServiceInstance> scaled = scaled("stt-service=2");

    assertThat(scaled.get("stt-service-1").port()).isEqualTo(9100);
    assertThat(scaled.get("stt-service-2").port()).isEqualTo(9102);
    assertThat(scaled.get("stt-service-2").environment()).containsEntry("MANAGEMENT_SERVER_PORT", "9102")
        .doesNotContainKey("SERVER_PORT");
    assertThat(scaled.get("stt-service-2").healthUrl()).as("ready by its log line").isNull();
    assertThat(scaled.get("dialog-service-1").port()).isEqualTo(9120);
    assertThat(scaled.get("tts-service-1").port()).isEqualTo(9140);
    assertThat(scaled.get("gateway-1").environment()).doesNotContainKey("MANAGEMENT_SERVER_PORT");
  }

  @Test
  void proxiesTheUserTrustsStayTrustedNextToNginx() {
    Map<String, ServiceInstance> scaled = instances(Map.of("TRUSTED_PROXIES", "10.0.0.5"),
        new UpCommandLine("gateway=2", null, false, false));

    assertThat(scaled.get("gateway-1").environment()).containsEntry("TRUSTED_PROXIES", "10.0.0.5,127.0.0.1,::1");
  }

  @Test
  void withThreeBrokersServicesGetAllOfThemAndReplicateTheirTopicsThreeTimes() {
    Map<String, ServiceInstance> clustered = instances(Map.of("KAFKA_PORT", "19092", "KAFKA_CONTROLLER_PORT", "19093"),
        new UpCommandLine(null, "3", false, false));

    clustered.values().forEach(s -> assertThat(s.environment())
        .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "localhost:19092,localhost:19094,localhost:19096")
        .containsEntry("VOICE_PLATFORM_REPLICATIONFACTOR", "3"));
  }

  @Test
  void onlyTheTwilioFacingServicesGetTheAuthTokenAndLocalDevelopmentMode() {
    assertThat(services.get("gateway-1").environment()).containsEntry("TWILIO_AUTH_TOKEN", "tok")
        .containsEntry("VOICE_LOCAL_DEVELOPMENT", "true");
    assertThat(services.get("whatsapp-service-1").environment()).containsEntry("TWILIO_AUTH_TOKEN", "tok")
        .containsEntry("VOICE_LOCAL_DEVELOPMENT", "true");
    for (String id : List.of("stt-service-1", "dialog-service-1", "tts-service-1")) {
      assertThat(services.get(id).environment()).doesNotContainKeys("TWILIO_AUTH_TOKEN", "VOICE_LOCAL_DEVELOPMENT");
    }
  }

  @Test
  void whatsappServiceGetsTheEmbeddedDatabase() {
    assertThat(services.get("whatsapp-service-1").environment())
        .containsEntry("SPRING_DATASOURCE_URL", JDBC)
        .containsEntry("SPRING_DATASOURCE_USERNAME", "postgres")
        .containsEntry("SPRING_DATASOURCE_PASSWORD", "postgres")
        .containsEntry("SERVER_PORT", "8081");
    assertThat(services.get("gateway-1").environment()).doesNotContainKey("SPRING_DATASOURCE_URL");
  }

  @Test
  void aServiceIsReadyWhenThePlatformSaysEveryStageConsumesNotWhenSpringBootHasStarted() {
    assertThat(ServiceInstance.READY.matcher("12:00:01.123 INFO  [] [req=] c.v.platform.stage.StageReadiness - "
        + "every stage consuming (1 stage(s): [stt]): ready").find()).isTrue();
    assertThat(ServiceInstance.READY.matcher("12:00:01.123 INFO  [] [req=] c.v.gateway.GatewayApplication - "
        + "Started GatewayApplication in 4.213 seconds (process running for 5.1)").find()).isFalse();
  }

  @Test
  void theSecretsNeverShowInTheDescription() {
    assertThat(services.get("gateway-1").toString()).doesNotContain("tok");
  }
}
