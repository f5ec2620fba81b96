package com.voiceagent.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ./voice load}: N callers at once, each a {@link LoadCall} (Twilio's webhook, stream and Redirect;
 * a person's turns and barge-ins), through the gateway address -- the load balancer when several gateways
 * run. It follows every call's turns on Kafka with one observer (fallbacks, a goodbye), shows one progress
 * line while it runs, and reports latencies and failures. A stream the server drops is followed through
 * its Redirect and counted, so the run goes on while gateway instances are killed or restarted.
 *
 * <p>Load calls are ordinary calls on every topic; their stream carries the custom parameter
 * {@link #PARAMETER} = "true" (kept on STREAM_STARTED), so analysts can leave them out.
 */
public final class LoadRun {
  /** The stream parameter that marks a load call. */
  public static final String PARAMETER = "voice-load";
  /** Calls start spread over at most this long, {@link #RAMP_PER_CALL_MS} apart, as real calls arrive. */
  static final long MAX_RAMP_MS = 5000;
  static final long RAMP_PER_CALL_MS = 200;
  /** The report was printed (or there is none): the Ctrl-C hook prints it otherwise. */
  private static final AtomicBoolean REPORTED = new AtomicBoolean();

  private final LoadOptions options;
  private final Progress progress;
  private final LoadTally tally;

  /**
   * @param progressTo where the progress goes
   * @param terminal the progress goes to a terminal: one line rewritten in place; else a line every 10 s
   */
  public LoadRun(LoadOptions options, PrintStream progressTo, boolean terminal) {
    this.options = options;
    this.progress = new Progress(progressTo, terminal);
    this.tally = new LoadTally(options.call().kafka() != null);
  }

  /** What the run has counted so far (a run stopped with Ctrl-C still reports). */
  public LoadReport reportSoFar() {
    return tally.report();
  }

  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      System.out.print(LoadOptions.USAGE);
      System.exit(args.length == 0 ? 2 : 0);
    }
    try {
      Path repo = Path.of(System.getProperty("voice.repo.root", "."));
      LoadOptions options = LoadOptions.parse(args, System.getenv(), repo);
      // With --json, stdout carries only the report.
      boolean terminal = Boolean.parseBoolean(System.getProperty(options.json() ? "voice.stderr.terminal" : "voice.stdout.terminal",
          String.valueOf(System.console() != null)));
      LoadRun run = new LoadRun(options, options.json() ? System.err : System.out, terminal);
      // Ctrl-C (a --duration run stopped early): the report of what was counted, calls still live included.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        if (REPORTED.compareAndSet(false, true)) {
          System.err.println("\nstopped before the end: the report counts what happened so far");
          print(options, run.reportSoFar());
        }
      }));
      LoadReport report = run.run();
      if (REPORTED.compareAndSet(false, true)) {
        print(options, report);
      }
      System.exit(report.exitCode());
    } catch (IllegalArgumentException | IllegalStateException e) {
      REPORTED.set(true); // nothing to report
      System.err.println("load failed: " + e.getMessage());
      System.exit(2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.exit(130);
    }
  }

  private static void print(LoadOptions options, LoadReport report) {
    System.out.print(options.json() ? report.toJson() + "\n" : report.render(options));
    System.out.flush();
  }

  /** Places the calls, waits for every one to end, and reports. */
  public LoadReport run() throws InterruptedException {
    CallerAudio caller = callerAudio(options.call().wav());
    ConcurrentMap<String, LoadCall> live = new ConcurrentHashMap<>();
    TurnObserver observer = options.call().kafka() == null ? null
        : TurnObserver.start(options.call().kafka(), "voice-load-" + ProcessHandle.current().pid(), live::get);
    long endAt = options.duration() == null ? 0 : System.nanoTime() + options.duration().toNanos();
    long ramp = Math.min(MAX_RAMP_MS, RAMP_PER_CALL_MS * options.calls());
    progress.start(tally);
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < options.calls(); i++) {
        int index = i;
        boolean[] plan = new boolean[options.call().turns() + 1];
        for (int turn = 1; turn <= options.call().turns(); turn++) {
          plan[turn] = options.bargesIn(index, turn);
        }
        running.add(callers.submit(() -> {
          Thread.sleep(index * ramp / options.calls());
          do {
            LoadCall call = new LoadCall(options, caller, plan, tally);
            live.put(call.callSid(), call);
            try {
              call.run();
            } finally {
              live.remove(call.callSid());
            }
          } while (endAt != 0 && System.nanoTime() < endAt);
          return null;
        }));
      }
      for (Future<?> call : running) {
        try {
          call.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("a caller of the load generator failed", e.getCause());
        }
      }
    } finally {
      progress.stop();
      if (observer != null) {
        observer.close();
      }
    }
    return tally.report();
  }

  private static CallerAudio callerAudio(Path wav) {
    CallerAudio caller;
    try {
      caller = CallerAudio.fromWav(Files.readAllBytes(wav));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such WAV file: " + wav);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + wav + ": " + e.getMessage());
    }
    if (caller.firstSpeechFrame() < 0) {
      throw new IllegalArgumentException(wav + " has no audible speech: the gateway would never hear a turn");
    }
    return caller;
  }

  /** The progress line: rewritten in place on a terminal, else a line every 10 s. */
  private static final class Progress {
    private final PrintStream out;
    private final boolean terminal;
    private Thread thread;

    Progress(PrintStream out, boolean terminal) {
      this.out = out;
      this.terminal = terminal;
    }

    void start(LoadTally tally) {
      long every = terminal ? 500 : 10_000;
      thread = Thread.ofPlatform().daemon().name("load-progress").start(() -> {
        try {
          while (true) {
            TimeUnit.MILLISECONDS.sleep(every);
            show(tally.progress());
          }
        } catch (InterruptedException e) {
          show(tally.progress()); // the last figures before the report
          if (terminal) {
            out.println();
          }
        }
      });
    }

    private void show(String line) {
      if (terminal) {
        out.print("\r\033[K[load] " + line); // one line, rewritten
        out.flush();
      } else {
        out.println("[load] " + line);
      }
    }

    void stop() throws InterruptedException {
      thread.interrupt();
      thread.join(TimeUnit.SECONDS.toMillis(2));
    }
  }
}
