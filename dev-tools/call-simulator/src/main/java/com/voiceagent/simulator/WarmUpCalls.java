package com.voiceagent.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Synthetic calls through a freshly started system, before it takes real ones. A new JVM runs each
 * turn's code interpreted until the JIT has seen it often enough, so the first calls after a start are
 * slower than later ones (docs/benchmarks.md, "first call"). A few calls, placed exactly as Twilio would
 * (signed webhook, Media Streams, marks), pay that price instead of the first callers.
 *
 * <p>They are ordinary calls on every topic. Their stream carries the custom parameter {@link #PARAMETER}
 * = "true", which the gateway keeps in STREAM_STARTED's attributes, so analysts can leave them out.
 */
public final class WarmUpCalls {
  /** The stream parameter that marks a warm-up call. */
  public static final String PARAMETER = "voice-warm-up";

  static final String USAGE = """
      Usage: WarmUpCalls --calls N --concurrency C FILE.wav [./voice call options]
        Places N calls (C at a time) with FILE.wav as the caller, and prints how many were answered.
      Exit code: 0 when every call was answered, 1 otherwise, 2 for bad arguments.
      """;

  private WarmUpCalls() {}

  /**
   * What the warm-up did.
   *
   * @param placed calls placed
   * @param answered calls that got their answer without a protocol error
   * @param took wall time of the whole warm-up
   * @param failures one line per call that failed, with the reason
   */
  public record Result(int placed, int answered, Duration took, List<String> failures) {
    public Result {
      failures = List.copyOf(failures);
    }

    public String summary() {
      return String.format(java.util.Locale.ROOT, "%d of %d warm-up calls answered in %.1f s", answered, placed,
          took.toMillis() / 1000.0);
    }
  }

  /** Places {@code calls} calls, {@code concurrency} at a time, each saving its audio to its own temporary file. */
  public static Result run(CallOptions options, int calls, int concurrency, Clock clock) throws InterruptedException {
    if (calls < 1) {
      throw new IllegalArgumentException("calls must be at least 1, was " + calls);
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
    }
    long start = System.nanoTime();
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    List<Future<String>> outcomes = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(calls, concurrency))) {
      for (int i = 0; i < calls; i++) {
        outcomes.add(pool.submit(() -> place(options, quiet, clock)));
      }
    }
    List<String> failures = new ArrayList<>();
    for (Future<String> outcome : outcomes) {
      try {
        String failure = outcome.get();
        if (failure != null) {
          failures.add(failure);
        }
      } catch (ExecutionException e) {
        failures.add(String.valueOf(e.getCause()));
      }
    }
    return new Result(calls, calls - failures.size(), Duration.ofNanos(System.nanoTime() - start), failures);
  }

  /** One call; null when it was answered, else why not. */
  private static String place(CallOptions options, PrintStream quiet, Clock clock) throws InterruptedException {
    Path audio = null;
    try {
      audio = Files.createTempFile("voice-warm-up-", ".wav");
      CallResult result = new CallSimulator(options.withOut(audio), quiet, clock, Map.of(PARAMETER, "true")).call();
      if (result.succeeded(options.turns())) {
        return null;
      }
      return result.callSid() + ": " + (result.protocolErrors().isEmpty()
          ? result.answers() + " of " + options.turns() + " answers" : "protocol error " + result.protocolErrors().getFirst());
    } catch (IOException | RuntimeException e) {
      return e.getMessage();
    } finally {
      if (audio != null) {
        try {
          Files.deleteIfExists(audio);
        } catch (IOException e) {
          // A temporary file left behind; the OS cleans its temporary directory.
        }
      }
    }
  }

  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    try {
      List<String> rest = new ArrayList<>(Arrays.asList(args));
      int calls = takeCount(rest, "--calls");
      int concurrency = takeCount(rest, "--concurrency");
      CallOptions options = CallOptions.parse(rest.toArray(String[]::new), System.getenv());
      Result result = run(options, calls, concurrency, Clock.systemUTC());
      System.out.println(result.summary());
      result.failures().forEach(f -> System.out.println("  failed: " + f));
      System.exit(result.failures().isEmpty() ? 0 : 1);
    } catch (IllegalArgumentException e) {
      System.err.println("warm-up: " + e.getMessage() + "\n" + USAGE);
      System.exit(2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.exit(130);
    }
  }

  private static int takeCount(List<String> args, String flag) {
    int at = args.indexOf(flag);
    if (at < 0 || at + 1 >= args.size()) {
      throw new IllegalArgumentException(flag + " N is required");
    }
    String value = args.remove(at + 1);
    args.remove(at);
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a whole number, was '" + value + "'");
    }
  }
}
