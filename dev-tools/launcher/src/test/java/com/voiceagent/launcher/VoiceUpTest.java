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
        .contains("Kafka            localhost:9092   (KRaft, data .voice/kafka-data)")
        .contains("PostgreSQL       jdbc:postgresql://localhost:5433/postgres   (user postgres, data .voice/postgres-data)")
        .contains("Gateway          http://localhost:8080")
        .contains("ws://localhost:8080/ws/twilio-media   (Twilio: wss://abc.ngrok.app/ws/twilio-media)")
        .contains("https://abc.ngrok.app/webhook/incoming_call")
        .contains("WhatsApp API     http://localhost:8081")
        .contains("generated for this machine, in .voice/twilio-auth-token")
        .contains("Logs             .voice/logs/<name>.log")
        .doesNotContain("0123456789abcdef0123456789abcdef");
  }
}
