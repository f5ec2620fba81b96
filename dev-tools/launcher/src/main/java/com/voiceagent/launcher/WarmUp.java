package com.voiceagent.launcher;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Places the warm-up calls once everything is up and before the system is announced ready: a fresh JVM
 * runs each turn's code interpreted, and a few synthetic calls pay that instead of the first callers
 * (docs/benchmarks.md, "first call"). The calls are placed by the call simulator (dev-tools/call-simulator)
 * in a child JVM, exactly as Twilio would place them. A warm-up that fails or hangs is reported and never
 * stops the system: it only means the first callers wait a little longer.
 */
final class WarmUp {
  static final String MAIN_CLASS = "com.voiceagent.simulator.WarmUpCalls";
  /** Calls in flight at once: 32 calls finish in about 15 s on two cores (docs/benchmarks.md). */
  static final int CONCURRENCY = 16;
  static final Duration TIME_LIMIT = Duration.ofSeconds(120);
  static final Path CALLER_AUDIO = Path.of("docs", "samples", "hebrew-question.wav");

  private WarmUp() {}

  /** The child's command line; the auth token goes in its environment, never on a command line. */
  static List<String> command(LauncherSettings settings, int calls) {
    Path root = settings.repoRoot();
    String classpath = root.resolve("dev-tools/call-simulator/target/classes") + java.io.File.pathSeparator
        + root.resolve("dev-tools/call-simulator/target/lib") + java.io.File.separator + "*";
    return JavaCommand.mainClass(List.of("-XX:TieredStopAtLevel=1"), classpath, MAIN_CLASS, List.of(
        "--calls", Integer.toString(calls), "--concurrency", Integer.toString(CONCURRENCY),
        root.resolve(CALLER_AUDIO).toString(),
        "--gateway", "localhost:" + settings.gatewayPort(),
        "--public-host", settings.publicHost(),
        "--voice-home", settings.home().toString(),
        "--kafka", "none",
        "--linger-ms", "100",
        "--max-seconds", "30"));
  }

  /** Runs the warm-up if the plan asks for it; returns whether every call was answered (true when none). */
  static boolean run(LauncherSettings settings, String twilioAuthToken, PrintStream console,
      java.util.function.Consumer<ChildProcess> register) {
    LauncherSettings.WarmUpPlan plan = settings.warmUp();
    if (plan.calls() == 0) {
      console.println("[voice] no warm-up calls (" + plan.reason() + ")");
      return true;
    }
    return place(settings, plan.calls(), plan.reason(), twilioAuthToken, settings.logs().resolve("warm-up.log"), console,
        register);
  }

  /** Places that many calls through the gateway, as Twilio would; returns whether every one was answered. */
  static boolean place(LauncherSettings settings, int calls, String reason, String twilioAuthToken, Path log,
      PrintStream console, java.util.function.Consumer<ChildProcess> register) {
    if (!Files.isRegularFile(settings.repoRoot().resolve(CALLER_AUDIO))) {
      console.println("[voice] no warm-up calls: " + CALLER_AUDIO + " is missing");
      return false;
    }
    console.println("[voice] warming up: " + calls + " calls through the pipeline, " + CONCURRENCY
        + " at a time (" + reason + ") ...");
    ChildProcess child = ChildProcess.start("warm-up", command(settings, calls),
        Map.of("TWILIO_AUTH_TOKEN", twilioAuthToken), settings.repoRoot(), log, console, line -> true);
    register.accept(child);
    try {
      int exit = child.onExit().get(TIME_LIMIT.toMillis(), TimeUnit.MILLISECONDS).exitValue();
      if (exit != 0) {
        console.println("[voice] the warm-up did not go through (exit " + exit + "): the first calls may be slower");
      }
      return exit == 0;
    } catch (TimeoutException e) {
      child.stop(Duration.ofSeconds(5));
      console.println("[voice] the warm-up took longer than " + TIME_LIMIT.toSeconds() + " s and was stopped");
      return false;
    } catch (ExecutionException e) {
      console.println("[voice] the warm-up could not run: " + e.getCause());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      child.stop(Duration.ofSeconds(5));
      return false;
    }
  }
}
