package com.voiceagent.simulator;

import com.voiceagent.twiliokit.media.StreamIds;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * How to place one simulated call. Each value comes from the command line, else the environment, else
 * {@code .voice/run.properties} (written by a running {@code ./voice up}), else a default that matches
 * {@code ./voice up}'s own defaults.
 *
 * @param wav the caller's audio
 * @param gateway host:port where the gateway listens (HTTP and WebSocket)
 * @param publicHost host[:port] Twilio would use; signed URLs are built on it
 * @param authToken Twilio auth token the gateway validates with
 * @param kafka bootstrap servers for the timeline, or null to call without one
 * @param turns answers to wait for
 * @param maxDuration give up (hang up) after this long
 * @param linger quiet time after the last answer before hanging up
 * @param out where the agent's audio is saved
 */
public record CallOptions(Path wav, String gateway, String publicHost, String authToken, String kafka, int turns,
    Duration maxDuration, Duration linger, Path out, String from, String to, String accountSid) {

  public static final String USAGE = """
      Usage: ./voice call FILE.wav [options]
        Plays FILE.wav into the gateway exactly as Twilio would, waits for the agent's answer(s),
        saves what the agent said and prints each turn's timeline.
      Options (each falls back to the environment, then .voice/run.properties of a running ./voice up):
        --gateway HOST:PORT     gateway address              (GATEWAY_PORT; default localhost:8080)
        --public-host HOST      host Twilio calls; signed URL (PUBLIC_HOST; default the gateway address)
        --auth-token TOKEN      Twilio auth token             (TWILIO_AUTH_TOKEN; else .voice/twilio-auth-token)
        --kafka SERVERS|none    where to read the timelines   (KAFKA_BOOTSTRAP_SERVERS; default localhost:9092)
        --turns N               answers to wait for           (default 1)
        --max-seconds S         hang up after S seconds at most (default 60)
        --linger-ms MS          quiet time after the last answer before hanging up (default 1500)
        --out FILE              the agent's audio as heard    (default agent-reply.wav)
        --from NUMBER           caller                        (default +972501234567)
        --to NUMBER             number called                 (default +97233720000)
        --account-sid SID       AccountSid                    (TWILIO_ACCOUNT_SID; default a random AC...)
        --voice-home DIR        the .voice directory          (VOICE_HOME; default ./.voice)
      Exit code: 0 when every awaited answer came and the gateway spoke the protocol correctly.
      """;

  public CallOptions {
    Objects.requireNonNull(wav, "wav");
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(publicHost, "publicHost");
    Objects.requireNonNull(authToken, "authToken");
    Objects.requireNonNull(maxDuration, "maxDuration");
    Objects.requireNonNull(linger, "linger");
    Objects.requireNonNull(out, "out");
    if (turns < 1) {
      throw new IllegalArgumentException("--turns must be at least 1, was " + turns);
    }
  }

  /** Parses the command line; {@code env} is the process environment. */
  public static CallOptions parse(String[] args, Map<String, String> env) {
    Map<String, String> flags = new LinkedHashMap<>();
    Path wav = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.startsWith("--")) {
        String name = arg.substring(2);
        String value;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        } else {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("--" + name + " needs a value");
          }
          value = args[++i];
        }
        if (!KNOWN.contains(name)) {
          throw new IllegalArgumentException("unknown option --" + name + "\n" + USAGE);
        }
        flags.put(name, value);
      } else if (wav == null) {
        wav = Path.of(arg);
      } else {
        throw new IllegalArgumentException("only one WAV file per call, got " + wav + " and " + arg);
      }
    }
    if (wav == null) {
      throw new IllegalArgumentException("which WAV file should the caller say?\n" + USAGE);
    }
    Path home = Path.of(first(flags.get("voice-home"), env.get("VOICE_HOME"), null, ".voice"));
    Properties run = readRunFile(home.resolve("run.properties"));

    String gatewayFromEnv = blank(env.get("GATEWAY_PORT")) ? null : "localhost:" + env.get("GATEWAY_PORT").trim();
    String gateway = first(flags.get("gateway"), gatewayFromEnv, run.getProperty("gateway"), "localhost:8080");
    String publicHost = first(flags.get("public-host"), env.get("PUBLIC_HOST"), run.getProperty("publicHost"), gateway);
    String kafka = first(flags.get("kafka"), env.get("KAFKA_BOOTSTRAP_SERVERS"), run.getProperty("kafka"), "localhost:9092");
    String token = first(flags.get("auth-token"), env.get("TWILIO_AUTH_TOKEN"), readToken(home.resolve("twilio-auth-token")), null);
    if (token == null) {
      throw new IllegalArgumentException("no Twilio auth token: start ./voice up first (it writes "
          + home.resolve("twilio-auth-token") + "), or set TWILIO_AUTH_TOKEN / --auth-token to the gateway's token");
    }
    return new CallOptions(
        wav, gateway, publicHost, token, kafka.equalsIgnoreCase("none") ? null : kafka,
        integer(flags, "turns", 1),
        Duration.ofSeconds(integer(flags, "max-seconds", 60)),
        Duration.ofMillis(integer(flags, "linger-ms", 1500)),
        Path.of(first(flags.get("out"), null, null, "agent-reply.wav")),
        first(flags.get("from"), null, null, "+972501234567"),
        first(flags.get("to"), null, null, "+97233720000"),
        first(flags.get("account-sid"), env.get("TWILIO_ACCOUNT_SID"), null, StreamIds.randomSid("AC")));
  }

  /** The same call, saving the agent's audio to {@code file}: concurrent calls must not share one. */
  public CallOptions withOut(Path file) {
    return new CallOptions(wav, gateway, publicHost, authToken, kafka, turns, maxDuration, linger, file, from, to,
        accountSid);
  }

  /** The same call, given at most {@code limit} before it hangs up. */
  public CallOptions withMaxDuration(Duration limit) {
    return new CallOptions(wav, gateway, publicHost, authToken, kafka, turns, limit, linger, out, from, to, accountSid);
  }

  private static final java.util.Set<String> KNOWN = java.util.Set.of("gateway", "public-host", "auth-token", "kafka",
      "turns", "max-seconds", "linger-ms", "out", "from", "to", "account-sid", "voice-home");

  private static int integer(Map<String, String> flags, String name, int fallback) {
    String value = flags.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n < 0) {
        throw new IllegalArgumentException("--" + name + " must not be negative, was " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a whole number, was '" + value + "'");
    }
  }

  private static String first(String a, String b, String c, String fallback) {
    for (String s : new String[] {a, b, c}) {
      if (!blank(s)) {
        return s.trim();
      }
    }
    return fallback;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static Properties readRunFile(Path file) {
    Properties p = new Properties();
    if (Files.isRegularFile(file)) {
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(in);
      } catch (IOException e) {
        // A hint only; the defaults still apply.
      }
    }
    return p;
  }

  private static String readToken(Path file) {
    try {
      return Files.isReadable(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : null;
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public String toString() { // the token is a secret
    return "CallOptions[wav=" + wav + ", gateway=" + gateway + ", publicHost=" + publicHost + ", kafka=" + kafka
        + ", turns=" + turns + ", maxDuration=" + maxDuration + ", out=" + out + "]";
  }
}
