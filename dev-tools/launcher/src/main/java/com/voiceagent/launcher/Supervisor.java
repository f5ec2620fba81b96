package com.voiceagent.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps one process of the local system (a service instance, a broker, nginx) running: starts it, waits
 * until it is ready, and when it dies on its own does what its {@link WhenItDies} says -- start it again
 * after a back-off, leave it down, or stop the whole system. Its state goes to the process table that
 * {@code ./voice ps} reads. A death while the system first starts is not handled here: the launcher reports
 * it and stops, since a service that cannot start once will not start on the second try either.
 */
final class Supervisor {
  enum WhenItDies { RESTART, STAY_DOWN, STOP_EVERYTHING }

  /** Starts the process; {@code afterCrash} for a restart, whose log is appended to so the crash stays readable. */
  @FunctionalInterface
  interface Launch {
    ChildProcess start(boolean afterCrash);
  }

  /**
   * @param service the ps SERVICE column (kafka, nginx, gateway, ...)
   * @param instance the ps INSTANCE column, also the console prefix of its lines ({@code gateway-1}, broker id)
   * @param name how messages and the log file call it ({@code gateway-1}, {@code kafka-2}, {@code nginx})
   * @param port the ps PORT column
   * @param logFile where its full output is, named when it dies
   */
  record Identity(String service, String instance, String name, String port, Path logFile) {
    Identity {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(instance, "instance");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(port, "port");
      Objects.requireNonNull(logFile, "logFile");
    }
  }

  static final Duration STOP_GRACE_AFTER_TIMEOUT = Duration.ofSeconds(5);
  static final int LAST_LINES = 15;

  private final Identity identity;
  private final Launch launch;
  private final ReadyWhen readyWhen;
  private final WhenItDies whenItDies;
  private final String whyFatal;
  private final RestartBackoff.Waits waits;
  private final Duration startupTimeout;
  private final ProcessTable table;
  private final PrintStream console;
  private final ScheduledExecutorService timer;
  private final Consumer<String> stopEverything;

  private final Object lock = new Object();
  private ChildProcess current;
  private Instant currentStarted;
  private ScheduledFuture<?> pendingRestart;
  private boolean stopped;

  /**
   * @param whyFatal for {@link WhenItDies#STOP_EVERYTHING}: what its death means for the rest, said to the user
   * @param stopEverything called, once, with the reason when this process's death stops the system
   */
  Supervisor(Identity identity, Launch launch, ReadyWhen readyWhen, WhenItDies whenItDies, String whyFatal,
      RestartBackoff backoff, Duration startupTimeout, ProcessTable table, PrintStream console,
      ScheduledExecutorService timer, Consumer<String> stopEverything) {
    this.identity = Objects.requireNonNull(identity, "identity");
    this.launch = Objects.requireNonNull(launch, "launch");
    this.readyWhen = Objects.requireNonNull(readyWhen, "readyWhen");
    this.whenItDies = Objects.requireNonNull(whenItDies, "whenItDies");
    this.whyFatal = whyFatal;
    this.waits = backoff.waits();
    this.startupTimeout = startupTimeout;
    this.table = table;
    this.console = console;
    this.timer = timer;
    this.stopEverything = stopEverything;
  }

  Identity identity() {
    return identity;
  }

  /** The process now running (or the last one, when it is down); null before the first start. */
  ChildProcess current() {
    synchronized (lock) {
      return current;
    }
  }

  /**
   * The first start: returns once the process is ready, and only then watches it.
   *
   * @throws ChildFailedException when it exits while starting or does not get ready in time
   * @throws IllegalStateException when the system is already stopping
   */
  void startAndAwaitReady() {
    ChildProcess child;
    synchronized (lock) {
      if (stopped) {
        throw new IllegalStateException("stopping");
      }
      child = launchLocked(false);
    }
    readyWhen.await(child, startupTimeout);
    if (markUp(child)) {
      console.println("[voice] " + identity.name() + " is ready");
    }
    child.onExit().thenRun(() -> died(child));
  }

  /** Stops the process (SIGTERM, then kill after the grace) and any restart still waiting; it is not started again. */
  void stop(Duration grace) {
    ChildProcess child;
    synchronized (lock) {
      stopped = true;
      if (pendingRestart != null) {
        pendingRestart.cancel(false);
      }
      child = current;
    }
    if (child != null) {
      child.stop(grace);
    }
  }

  private ChildProcess launchLocked(boolean afterCrash) {
    ChildProcess child = launch.start(afterCrash);
    current = child;
    currentStarted = Instant.now();
    table.put(row(child, ProcessTable.State.STARTING));
    return child;
  }

  private boolean markUp(ChildProcess child) {
    synchronized (lock) {
      if (stopped || child != current || !child.isAlive()) {
        return false;
      }
      table.put(row(child, ProcessTable.State.UP));
      return true;
    }
  }

  private void died(ChildProcess child) {
    Duration ranFor;
    synchronized (lock) {
      if (stopped || child != current) {
        return; // stopped on purpose, or an older process of this instance
      }
      table.put(row(child, ProcessTable.State.DOWN));
      ranFor = Duration.between(currentStarted, Instant.now());
    }
    int exit = child.onExit().join().exitValue();
    String death = "[voice] " + identity.name() + " died (" + describeExit(exit) + ") after " + seconds(ranFor);
    switch (whenItDies) {
      case STOP_EVERYTHING -> {
        console.println(death + ": " + whyFatal + "; stopping everything. Its last lines (full log: "
            + identity.logFile() + "):");
        child.lastLines(LAST_LINES).forEach(line -> console.println("    " + line));
        stopEverything.accept(identity.name() + " died");
      }
      case STAY_DOWN -> console.println(death + "; it stays down (--no-restart or VOICE_RESTART=false). Full log: "
          + identity.logFile());
      case RESTART -> scheduleRestart(death, ranFor);
    }
  }

  private void scheduleRestart(String death, Duration ranFor) {
    synchronized (lock) {
      if (stopped) {
        return;
      }
      Duration wait = waits.afterDeath(ranFor);
      console.println(death + "; starting it again in " + seconds(wait) + " (restart " + waits.restarts() + ", log: "
          + identity.logFile() + ")");
      pendingRestart = timer.schedule(this::restart, wait.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void restart() {
    ChildProcess child;
    synchronized (lock) {
      if (stopped) {
        return;
      }
      try {
        child = launchLocked(true);
      } catch (RuntimeException e) {
        console.println("[voice] " + identity.name() + " could not be started again: " + e.getMessage());
        scheduleRestartLocked(Duration.ZERO);
        return;
      }
    }
    // Watched from the start: a restart that dies before it is ready is just another death, with a longer wait.
    child.onExit().thenRun(() -> died(child));
    Thread.ofVirtual().name("ready-" + identity.name()).start(() -> {
      try {
        readyWhen.await(child, startupTimeout);
        if (markUp(child)) {
          console.println("[voice] " + identity.name() + " is ready again (restart " + restarts() + ")");
        }
      } catch (ChildFailedException e) {
        if (child.isAlive()) { // not ready in time: treat as a death, so the back-off applies
          console.println("[voice] " + e.getMessage() + "; stopping it");
          child.stop(STOP_GRACE_AFTER_TIMEOUT);
        }
      }
    });
  }

  private void scheduleRestartLocked(Duration ranFor) {
    Duration wait = waits.afterDeath(ranFor);
    pendingRestart = timer.schedule(this::restart, wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  private int restarts() {
    synchronized (lock) {
      return waits.restarts();
    }
  }

  private ProcessTable.Row row(ChildProcess child, ProcessTable.State state) {
    return new ProcessTable.Row(identity.service(), identity.instance(), child.pid(), identity.port(), state,
        child.startedAt());
  }

  /** 137 is 128 + 9: killed with SIGKILL; said so, since that is what a developer does to test failover. */
  static String describeExit(int exit) {
    if (exit > 128 && exit < 160) {
      return "exit " + exit + ", signal " + (exit - 128);
    }
    return "exit " + exit;
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
