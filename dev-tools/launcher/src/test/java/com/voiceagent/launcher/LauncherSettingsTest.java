package com.voiceagent.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LauncherSettingsTest {
  private static final Path REPO = Path.of("/repo");

  @Test
  void aFreshCheckoutRunsOnTheDocumentedDefaults() {
    LauncherSettings s = LauncherSettings.fromEnvironment(Map.of(), REPO);

    assertThat(s.repoRoot()).isEqualTo(REPO);
    assertThat(s.home()).isEqualTo(REPO.resolve(".voice"));
    assertThat(s.kafkaBootstrapServers()).isEqualTo("localhost:9092");
    assertThat(s.kafkaControllerPort()).isEqualTo(9093);
    assertThat(s.postgresPort()).isEqualTo(5433);
    assertThat(s.postgresPortExplicit()).isFalse();
    assertThat(s.gatewayPort()).isEqualTo(8080);
    assertThat(s.whatsappPort()).isEqualTo(8081);
    assertThat(s.publicHost()).isEqualTo("localhost:8080");
    assertThat(s.twilioAuthToken()).isNull();
    assertThat(s.serviceJvmOptions()).containsExactly("-Xmx512m", "-XX:TieredStopAtLevel=1");
    assertThat(s.logs()).isEqualTo(REPO.resolve(".voice/logs"));
    assertThat(s.warmUp().calls()).isEqualTo(32);
    assertThat(s.scale()).isEqualTo(Scale.ONE_EACH);
    assertThat(s.brokers()).isEqualTo(1);
    assertThat(s.restart()).isTrue();
    assertThat(s.publicBaseUrl()).isEqualTo("https://localhost:8080");
    assertThat(s.aotCache()).isEqualTo(LauncherSettings.AotCacheMode.AUTO);
    assertThat(s.billedEngines()).isEmpty();
  }

  @Test
  void voiceAotCacheIsAutoOrOffAndNothingElse() {
    assertThat(LauncherSettings.fromEnvironment(Map.of("VOICE_AOT_CACHE", " off "), REPO).aotCache())
        .isEqualTo(LauncherSettings.AotCacheMode.OFF);
    assertThatThrownBy(() -> LauncherSettings.fromEnvironment(Map.of("VOICE_AOT_CACHE", "on"), REPO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("VOICE_AOT_CACHE must be auto or off, was 'on'");
  }

  @Test
  void theEnginesThatBillPerRequestAreNamedByTheirCredentials() {
    LauncherSettings s = LauncherSettings.fromEnvironment(
        Map.of("OPENAI_API_KEY", "sk-x", "GOOGLE_APPLICATION_CREDENTIALS", "/k.json", "GOOGLE_TTS_SA_JSON", " "), REPO);

    assertThat(s.billedEngines()).containsExactly("OPENAI_API_KEY", "GOOGLE_APPLICATION_CREDENTIALS");
  }

  @Test
  void environmentVariablesOverrideEveryDefault() {
    LauncherSettings s = LauncherSettings.fromEnvironment(Map.of(
        "KAFKA_PORT", "19092", "KAFKA_CONTROLLER_PORT", "19093", "PG_PORT", "15433", "GATEWAY_PORT", "18080",
        "WHATSAPP_PORT", "18081", "PUBLIC_HOST", "abc.ngrok.app", "TWILIO_AUTH_TOKEN", "secret",
        "VOICE_HOME", "/tmp/vh", "VOICE_JAVA_OPTS", "-Xmx1g  -XX:+UseZGC", "VOICE_STARTUP_TIMEOUT", "30"), REPO);

    assertThat(s.kafkaBootstrapServers()).isEqualTo("localhost:19092");
    assertThat(s.kafkaControllerPort()).isEqualTo(19093);
    assertThat(s.postgresPort()).isEqualTo(15433);
    assertThat(s.postgresPortExplicit()).isTrue();
    assertThat(s.postgresJdbcUrl()).isEqualTo("jdbc:postgresql://localhost:15433/postgres");
    assertThat(s.gatewayPort()).isEqualTo(18080);
    assertThat(s.whatsappPort()).isEqualTo(18081);
    assertThat(s.publicHost()).isEqualTo("abc.ngrok.app");
    assertThat(s.twilioAuthToken()).isEqualTo("secret");
    assertThat(s.home()).isEqualTo(Path.of("/tmp/vh"));
    assertThat(s.serviceJvmOptions()).isEqualTo(List.of("-Xmx1g", "-XX:+UseZGC"));
    assertThat(s.startupTimeout()).hasSeconds(30);
  }

  @Test
  void thePublicHostFollowsTheGatewayPortWhenNotSet() {
    assertThat(LauncherSettings.fromEnvironment(Map.of("GATEWAY_PORT", "9999"), REPO).publicHost())
        .isEqualTo("localhost:9999");
  }

  @Test
  void aPortThatIsNotANumberNamesTheVariable() {
    assertThatThrownBy(() -> LauncherSettings.fromEnvironment(Map.of("KAFKA_PORT", "kafka"), REPO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("KAFKA_PORT must be a port number, was 'kafka'");
    assertThatThrownBy(() -> LauncherSettings.fromEnvironment(Map.of("GATEWAY_PORT", "70000"), REPO))
        .hasMessage("GATEWAY_PORT must be a port between 1 and 65535, was 70000");
  }

  @Test
  void twoSettingsOnTheSamePortAreRejected() {
    assertThatThrownBy(() -> LauncherSettings.fromEnvironment(Map.of("WHATSAPP_PORT", "8080"), REPO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("WHATSAPP_PORT and GATEWAY_PORT are both 8080; give each its own port");
  }

  @Test
  void aPublicHostWithSchemeIsRejectedWithAnExample() {
    assertThatThrownBy(() -> LauncherSettings.fromEnvironment(Map.of("PUBLIC_HOST", "https://abc.ngrok.app"), REPO))
        .hasMessage("PUBLIC_HOST must be host[:port] without scheme or path (e.g. abc.ngrok.app), was 'https://abc.ngrok.app'");
  }

  @Test
  void aBlankTokenMeansGenerateOne() {
    assertThat(LauncherSettings.fromEnvironment(Map.of("TWILIO_AUTH_TOKEN", "  "), REPO).twilioAuthToken()).isNull();
  }

  @Test
  void aNonPositiveStartupTimeoutIsRejected() {
    assertThatThrownBy(() -> LauncherSettings.fromEnvironment(Map.of("VOICE_STARTUP_TIMEOUT", "0"), REPO))
        .hasMessage("VOICE_STARTUP_TIMEOUT must be a positive number of seconds, was 0");
  }

  @Test
  void noWarmUpCallsByDefaultWhenAnEngineThatBillsPerRequestIsConfigured() {
    LauncherSettings.WarmUpPlan plan = LauncherSettings.warmUpPlan(Map.of("OPENAI_API_KEY", "sk-test"));

    assertThat(plan.calls()).isZero();
    assertThat(plan.reason()).contains("OPENAI_API_KEY is set").contains("VOICE_WARM_UP_CALLS");
    assertThat(LauncherSettings.warmUpPlan(Map.of("GOOGLE_TTS_SA_JSON", "{}")).calls()).isZero();
  }

  @Test
  void voiceWarmUpCallsWinsOverTheDefaults() {
    assertThat(LauncherSettings.warmUpPlan(Map.of("OPENAI_API_KEY", "sk-test", "VOICE_WARM_UP_CALLS", "4")).calls())
        .isEqualTo(4);
    assertThat(LauncherSettings.warmUpPlan(Map.of("VOICE_WARM_UP_CALLS", "0")).calls()).isZero();
  }

  @Test
  void aWarmUpCountThatIsNotAWholeNumberOrIsNegativeIsRejected() {
    assertThatThrownBy(() -> LauncherSettings.warmUpPlan(Map.of("VOICE_WARM_UP_CALLS", "many")))
        .hasMessage("VOICE_WARM_UP_CALLS must be a whole number of calls, was 'many'");
    assertThatThrownBy(() -> LauncherSettings.warmUpPlan(Map.of("VOICE_WARM_UP_CALLS", "-1")))
        .hasMessage("VOICE_WARM_UP_CALLS must be 0 or more, was -1");
  }

  private static LauncherSettings withArguments(Map<String, String> env, String... args) {
    return LauncherSettings.from(env, UpCommandLine.parse(List.of(args)), REPO);
  }

  @Test
  void voiceScaleSetsTheInstancesAndScaleOnTheCommandLineWinsOverIt() {
    assertThat(withArguments(Map.of("VOICE_SCALE", "stt-service=2")).scale().of("stt-service")).isEqualTo(2);

    LauncherSettings s = withArguments(Map.of("VOICE_SCALE", "stt-service=2"), "--scale", "gateway=3");

    assertThat(s.scale().of("gateway")).isEqualTo(3);
    assertThat(s.scale().of("stt-service")).as("the whole value is replaced, not merged").isEqualTo(1);
  }

  @Test
  void aBadScaleNamesWhereItCameFrom() {
    assertThatThrownBy(() -> withArguments(Map.of("VOICE_SCALE", "stt=2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("VOICE_SCALE: unknown service 'stt'");
    assertThatThrownBy(() -> withArguments(Map.of(), "--scale", "gateway=0"))
        .hasMessage("--scale: the count of gateway must be between 1 and 10, was 0");
  }

  @Test
  void threeBrokersGiveThreeBootstrapServers() {
    LauncherSettings s = withArguments(Map.of("KAFKA_PORT", "19092", "KAFKA_CONTROLLER_PORT", "19093"), "--brokers", "3");

    assertThat(s.brokers()).isEqualTo(3);
    assertThat(s.kafkaBootstrapServers()).isEqualTo("localhost:19092,localhost:19094,localhost:19096");
    assertThat(withArguments(Map.of("VOICE_BROKERS", "3")).brokers()).isEqualTo(3);
  }

  @Test
  void brokerCountsOtherThanOneOrThreeAreRefused() {
    assertThatThrownBy(() -> withArguments(Map.of(), "--brokers", "2"))
        .hasMessage("--brokers must be 1 or 3 (a quorum of 2 stops when either dies), was 2");
    assertThatThrownBy(() -> withArguments(Map.of("VOICE_BROKERS", "three")))
        .hasMessage("VOICE_BROKERS must be 1 or 3, was 'three'");
  }

  @Test
  void restartsAreOnUnlessNoRestartOrVoiceRestartFalseSaySo() {
    assertThat(withArguments(Map.of(), "--no-restart").restart()).isFalse();
    assertThat(withArguments(Map.of("VOICE_RESTART", "false")).restart()).isFalse();
    assertThat(withArguments(Map.of("VOICE_RESTART", "true")).restart()).isTrue();
    assertThat(withArguments(Map.of("VOICE_RESTART", "true"), "--no-restart").restart()).isFalse();
    assertThatThrownBy(() -> withArguments(Map.of("VOICE_RESTART", "no")))
        .hasMessage("VOICE_RESTART must be true or false, was 'no'");
  }

  @Test
  void theInstancesPortsMustNotCollideWithAnotherSetting() {
    assertThatThrownBy(() -> withArguments(Map.of("WHATSAPP_PORT", "8084"), "--scale", "gateway=2"))
        .hasMessage("gateway-2 (GATEWAY_PORT+4) and WHATSAPP_PORT are both 8084; give each its own port");
  }

  @Test
  void aPublicBaseUrlWinsOverThePublicHostForWhatNginxForwards() {
    assertThat(withArguments(Map.of("PUBLIC_BASE_URL", "http://abc.example:8000/")).publicBaseUrl())
        .isEqualTo("http://abc.example:8000");
    assertThatThrownBy(() -> withArguments(Map.of("PUBLIC_BASE_URL", "abc.example")))
        .hasMessage("PUBLIC_BASE_URL must be scheme://host[:port] (e.g. https://abc.ngrok.app), was 'abc.example'");
  }
}
