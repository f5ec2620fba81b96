package com.voiceagent.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The "where is everything" block printed once the whole system is ready. */
final class StartupSummary {
  private StartupSummary() {}

  static String render(LauncherSettings settings, LocalTwilioToken.Token token, String postgresJdbcUrl,
      Path postgresData, Duration startup) {
    Path cwd = settings.repoRoot();
    PortLayout ports = settings.ports();
    String publicHost = settings.publicHost();
    String tokenLine = switch (token.source()) {
      case ENVIRONMENT -> "from TWILIO_AUTH_TOKEN (signature validation on)";
      case GENERATED -> "generated for this machine, in " + relative(cwd, token.file()) + " (signature validation on)";
      case REUSED -> "local development token from " + relative(cwd, token.file()) + " (signature validation on)";
    };
    String kafkaData = settings.brokers() == 1 ? relative(cwd, settings.home().resolve("kafka-data"))
        : relative(cwd, settings.home().resolve("kafka-cluster")) + "/node-N/data";
    return String.join("\n",
        "",
        String.format(Locale.ROOT, "[voice] everything is up (%.1f s)", startup.toMillis() / 1000.0),
        "  Kafka            " + settings.kafkaBootstrapServers() + "   (KRaft, " + VoiceUp.brokersText(settings.brokers())
            + ", data " + kafkaData + ")",
        "  PostgreSQL       " + postgresJdbcUrl + "   (user postgres, data " + relative(cwd, postgresData) + ")",
        "  Gateway          http://localhost:" + settings.gatewayPort() + "   (ready: /health/ready)" + behind(ports, "gateway"),
        "  Media stream     ws://localhost:" + settings.gatewayPort() + "/ws/twilio-media   (Twilio: wss://" + publicHost
            + "/ws/twilio-media)",
        "  Voice webhook    https://" + publicHost + "/webhook/incoming_call"
            + (publicHost.startsWith("localhost") ? "   (set PUBLIC_HOST to a tunnel's host to take real calls)"
                : "   (set it on your Twilio number)"),
        "  WhatsApp API     http://localhost:" + settings.whatsappPort() + behind(ports, "whatsapp-service"),
        "  Console          http://localhost:" + settings.consolePort() + "   (log in with CONSOLE_API_TOKEN; unset: it"
            + " answers 503)",
        "  Instances        " + settings.scale() + "   (./voice ps lists every process)",
        "  Restarts         " + (settings.restart() ? "a dead instance starts again after 1 s, then 2, 4 ... 30 s"
            + " (--no-restart to turn off)" : "off: a dead instance stays down"),
        "  Twilio token     " + tokenLine,
        "  Logs             " + relative(cwd, settings.logs()) + "/<instance>.log   (e.g. gateway-1.log, kafka-1.log)",
        "  Try              ./voice call docs/samples/hebrew-question.wav",
        "  Stop             Ctrl-C",
        "");
  }

  /** {@code   (nginx in front of gateway-1 :8082, gateway-2 :8084)} when the service has several instances. */
  private static String behind(PortLayout ports, String service) {
    if (!ports.behindLoadBalancer(service)) {
      return "";
    }
    List<String> instances = IntStream.rangeClosed(1, ports.scale().of(service))
        .mapToObj(n -> service + "-" + n + " :" + ports.instancePort(service, n)).toList();
    return "   (nginx in front of " + instances.stream().collect(Collectors.joining(", ")) + ")";
  }

  private static String relative(Path base, Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
  }
}
