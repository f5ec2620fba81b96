package com.voiceagent.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VoiceUpTest {
  @Test
  void relativeClasspathEntriesBecomeAbsoluteBecauseTheBrokerRunsInItsOwnDirectory() {
    String cp = "launcher/target/classes" + File.pathSeparator + "/abs/lib/a.jar";

    String absolute = VoiceUp.absoluteClasspath(cp);

    assertThat(absolute.split(File.pathSeparator)).containsExactly(
        Path.of("launcher/target/classes").toAbsolutePath().toString(), "/abs/lib/a.jar");
  }

  @Test
  void theSummaryTellsWhereEverythingListensWithoutTheToken() {
    LauncherSettings settings = LauncherSettings.fromEnvironment(Map.of("PUBLIC_HOST", "abc.ngrok.app"), Path.of("/repo"));
    LocalTwilioToken.Token token = new LocalTwilioToken.Token("0123456789abcdef0123456789abcdef",
        LocalTwilioToken.Source.GENERATED, Path.of("/repo/.voice/twilio-auth-token"));

    String summary = StartupSummary.render(settings, token, "jdbc:postgresql://localhost:5433/postgres",
        Path.of("/repo/.voice/postgres-data"), Duration.ofMillis(41_200));

    assertThat(summary)
        .contains("everything is up (41.2 s)")
        .contains("Kafka            localhost:9092   (KRaft, one broker, data .voice/kafka-data)")
        .contains("PostgreSQL       jdbc:postgresql://localhost:5433/postgres   (user postgres, data .voice/postgres-data)")
        .contains("Gateway          http://localhost:8080")
        .contains("ws://localhost:8080/ws/twilio-media   (Twilio: wss://abc.ngrok.app/ws/twilio-media)")
        .contains("https://abc.ngrok.app/webhook/incoming_call")
        .contains("WhatsApp API     http://localhost:8081")
        .contains("generated for this machine, in .voice/twilio-auth-token")
        .contains("Logs             .voice/logs/<instance>.log")
        .contains("Instances        gateway=1,stt-service=1,dialog-service=1,tts-service=1,whatsapp-service=1")
        .contains("a dead instance starts again after 1 s")
        .doesNotContain("nginx")
        .doesNotContain("0123456789abcdef0123456789abcdef");
  }

  @Test
  void theSummaryOfAScaledRunNamesNginxAndTheInstancesBehindIt() {
    LauncherSettings settings = LauncherSettings.from(Map.of("KAFKA_PORT", "19092", "KAFKA_CONTROLLER_PORT", "19093"),
        UpCommandLine.parse(java.util.List.of("--scale", "gateway=2", "--brokers", "3", "--no-restart")), Path.of("/repo"));
    LocalTwilioToken.Token token = new LocalTwilioToken.Token("t", LocalTwilioToken.Source.ENVIRONMENT, null);

    String summary = StartupSummary.render(settings, token, "jdbc:postgresql://localhost:5433/postgres",
        Path.of("/repo/.voice/postgres-data"), Duration.ofSeconds(60));

    assertThat(summary)
        .contains("Kafka            localhost:19092,localhost:19094,localhost:19096   (KRaft, 3 brokers, data"
            + " .voice/kafka-cluster/node-N/data)")
        .contains("Gateway          http://localhost:8080   (ready: /health/ready)   (nginx in front of gateway-1 :8082,"
            + " gateway-2 :8084)")
        .contains("Restarts         off: a dead instance stays down");
  }
}
