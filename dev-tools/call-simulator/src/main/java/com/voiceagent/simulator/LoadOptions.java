package com.voiceagent.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How to run {@code ./voice load}: how many callers, what each does, and where the system is. Where the
 * system is, who calls and how many turns each call has are {@link CallOptions} (the same flags, the same
 * fall-backs to the environment and {@code .voice/run.properties} as {@code ./voice call}).
 *
 * @param call where to call, as whom, with what recording, how many turns per call, and the most a call may last
 * @param calls callers placing calls at the same time
 * @param bargeInShare share of all turns (0 to 1) in which the caller speaks over the agent's answer
 * @param duration keep each caller placing calls, one after another, until this has passed; null: one call each
 * @param turnDeadline a turn with no agent audio this long after the caller's last word is lost
 * @param greetingWait how long a new call waits for the greeting before the caller's first turn
 * @param json print the report as JSON on stdout (progress goes to stderr)
 */
public record LoadOptions(CallOptions call, int calls, double bargeInShare, Duration duration, Duration turnDeadline,
    Duration greetingWait, boolean json) {

  public static final String USAGE = """
      Usage: ./voice load --calls N [--turns M] [--barge-in-share P] [--duration D] [--json] [FILE.wav] [options]
        Places N calls at the same time through the gateway address (the load balancer when ./voice up runs
        several gateways), each exactly as Twilio would: the signed webhook, the TwiML's stream, and when
        that stream drops, the TwiML's <Redirect> to a new stream. In each call the caller says FILE.wav
        (default: docs/samples/hebrew-question.wav) M times, waiting for each answer, and speaks over the
        agent's answer in a share P of the turns. Reports turn latency p50/p95/p99, barge-in latency, lost
        turns, fallbacks heard, reconnects and dropped calls.
      Options:
        --calls N                  concurrent calls (required, 1 to 1000)
        --turns M                  caller turns per call                                    (default 1)
        --barge-in-share P         share of turns spoken over the agent's answer, 0 to 1    (default 0);
                                   a call's first turn never barges in, so at most (M-1)/M
        --duration D               keep placing calls (N at a time) until D has passed: 90s, 5m, 1h
                                   (default: each caller places one call)
        --turn-deadline-seconds S  a turn with no answer S seconds after the caller's last word is lost (default 15)
        --greeting-seconds S       how long a call waits for the greeting before its first turn (default 10)
        --json                     the report as JSON on stdout (fields: docs/running.md); progress on stderr
        --max-seconds S            the most one call may last             (default 60 + 30 per turn)
        --gateway, --public-host, --auth-token, --kafka, --from, --to, --account-sid, --voice-home:
                                   as for ./voice call (./voice call --help)
      Exit code: 0 when every call started, no turn was lost, no call was dropped and the gateway spoke
      Twilio's protocol correctly; 1 otherwise; 2 for bad arguments.
      """;

  /** The recording every caller says unless told otherwise: the simulator's own sample question. */
  static final Path SAMPLE = Path.of("docs", "samples", "hebrew-question.wav");

  private static final Set<String> OWN = Set.of("calls", "barge-in-share", "duration", "turn-deadline-seconds",
      "greeting-seconds");

  public LoadOptions {
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(turnDeadline, "turnDeadline");
    Objects.requireNonNull(greetingWait, "greetingWait");
    if (calls < 1 || calls > 1000) {
      throw new IllegalArgumentException("--calls must be between 1 and 1000, was " + calls);
    }
    if (!(bargeInShare >= 0 && bargeInShare <= 1)) {
      throw new IllegalArgumentException("--barge-in-share must be between 0 and 1, was " + bargeInShare);
    }
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new IllegalArgumentException("--duration must be positive, was " + duration);
    }
    if (turnDeadline.isNegative() || turnDeadline.isZero()) {
      throw new IllegalArgumentException("--turn-deadline-seconds must be positive, was " + turnDeadline.toSeconds());
    }
  }

  /**
   * Parses the command line; {@code env} is the process environment, {@code repoRoot} where the default
   * recording is.
   */
  public static LoadOptions parse(String[] args, Map<String, String> env, Path repoRoot) {
    List<String> rest = new ArrayList<>();
    Map<String, String> own = new java.util.HashMap<>();
    boolean json = false;
    boolean wavGiven = false;
    boolean maxGiven = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--json")) {
        json = true;
        continue;
      }
      if (!arg.startsWith("--")) {
        wavGiven = true;
        rest.add(arg);
        continue;
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      }
      if (value == null) {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
      if (name.equals("out") || name.equals("linger-ms")) {
        throw new IllegalArgumentException("--" + name + " is an option of ./voice call, not of ./voice load\n" + USAGE);
      }
      if (OWN.contains(name)) {
        own.put(name, value);
      } else {
        maxGiven |= name.equals("max-seconds");
        rest.add("--" + name);
        rest.add(value);
      }
    }
    if (!own.containsKey("calls")) {
      throw new IllegalArgumentException("--calls N is required\n" + USAGE);
    }
    if (!wavGiven) {
      rest.addFirst(repoRoot.resolve(SAMPLE).toString());
    }
    CallOptions call;
    try {
      call = CallOptions.parse(rest.toArray(String[]::new), env);
    } catch (IllegalArgumentException e) {
      // CallOptions names ./voice call in its usage; this is ./voice load.
      throw new IllegalArgumentException(e.getMessage().replace(CallOptions.USAGE, USAGE), e);
    }
    if (!maxGiven) {
      call = call.withMaxDuration(Duration.ofSeconds(60 + 30L * call.turns()));
    }
    return new LoadOptions(call, whole(own, "calls", 0), share(own.get("barge-in-share")),
        own.containsKey("duration") ? duration(own.get("duration")) : null,
        Duration.ofSeconds(whole(own, "turn-deadline-seconds", 15)),
        Duration.ofSeconds(whole(own, "greeting-seconds", 10)), json);
  }

  /**
   * Whether turn {@code turn} (from 1) of the calls of caller {@code caller} (from 0) barges in: the
   * barge-ins are spread evenly over the turns that can (every turn but a call's first), round(P x N x M)
   * of them, at most all of those.
   */
  boolean bargesIn(int caller, int turn) {
    int turns = call.turns();
    if (turn < 2 || turn > turns) {
      return false;
    }
    long eligible = (long) calls * (turns - 1);
    long wanted = Math.min(eligible, Math.round(bargeInShare * calls * turns));
    long index = (long) (turn - 2) * calls + caller; // turn by turn, so each call gets its share early
    return (index + 1) * wanted / eligible > index * wanted / eligible;
  }

  /** Barge-ins planned per round of N calls. */
  long plannedBargeIns() {
    long n = 0;
    for (int caller = 0; caller < calls; caller++) {
      for (int turn = 1; turn <= call.turns(); turn++) {
        n += bargesIn(caller, turn) ? 1 : 0;
      }
    }
    return n;
  }

  private static int whole(Map<String, String> own, String name, int fallback) {
    String value = own.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a whole number, was '" + value + "'");
    }
  }

  private static double share(String value) {
    if (value == null) {
      return 0;
    }
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--barge-in-share must be a number between 0 and 1, was '" + value + "'");
    }
  }

  /** 90s, 5m, 1h, 500ms, a number of seconds, or ISO-8601 (PT5M). */
  static Duration duration(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("pt")) {
        return Duration.parse(v.toUpperCase(Locale.ROOT));
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      return switch (v.charAt(v.length() - 1)) {
        case 's' -> Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
        case 'm' -> Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
        case 'h' -> Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
        default -> Duration.ofSeconds(Long.parseLong(v));
      };
    } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("--duration must be like 90s, 5m or 1h, was '" + value + "'");
    }
  }
}
