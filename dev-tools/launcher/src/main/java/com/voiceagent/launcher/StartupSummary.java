package com.voiceagent.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** The "where is everything" block printed once the whole system is ready. */
final class StartupSummary {
  private StartupSummary() {}

  static String render(LauncherSettings settings, LocalTwilioToken.Token token, String postgresJdbcUrl,
      Path postgresData, Duration startup) {
    Path cwd = settings.repoRoot();
    String publicHost = settings.publicHost();
    String tokenLine = switch (token.source()) {
      case ENVIRONMENT -> "from TWILIO_AUTH_TOKEN (signature validation on)";
      case GENERATED -> "generated for this machine, in " + relative(cwd, token.file()) + " (signature validation on)";
      case REUSED -> "local development token from " + relative(cwd, token.file()) + " (signature validation on)";
    };
    return String.join("\n",
        "",
        String.format(Locale.ROOT, "[voice] everything is up (%.1f s)", startup.toMillis() / 1000.0),
        "  Kafka            " + settings.kafkaBootstrapServers() + "   (KRaft, data " + relative(cwd, settings.home().resolve("kafka-data")) + ")",
        "  PostgreSQL       " + postgresJdbcUrl + "   (user postgres, data " + relative(cwd, postgresData) + ")",
        "  Gateway          http://localhost:" + settings.gatewayPort() + "   (health: /health)",
        "  Media stream     ws://localhost:" + settings.gatewayPort() + "/ws/twilio-media   (Twilio: wss://" + publicHost + "/ws/twilio-media)",
        "  Voice webhook    https://" + publicHost + "/webhook/incoming_call"
            + (publicHost.startsWith("localhost") ? "   (set PUBLIC_HOST to a tunnel's host to take real calls)"
                : "   (set it on your Twilio number)"),
        "  WhatsApp API     http://localhost:" + settings.whatsappPort(),
        "  Twilio token     " + tokenLine,
        "  Logs             " + relative(cwd, settings.logs()) + "/<name>.log",
        "  Try              ./voice call docs/samples/hebrew-question.wav",
        "  Stop             Ctrl-C",
        "");
  }

  private static String relative(Path base, Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
  }
}
