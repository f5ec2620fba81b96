package com.voiceagent.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One child process of {@code ./voice up} (the broker or a service). Its stdout and stderr are merged,
 * written line by line to {@code <logs>/<name>.log} and echoed to the console as {@code [name] line}, so
 * five interleaved services stay readable; the last lines are kept to explain a failed start.
 */
final class ChildProcess {
  static final int REMEMBERED_LINES = 40;

  private final String name;
  private final Process process;
  private final Deque<String> lastLines = new ArrayDeque<>();
  private final List<Watch> watches = new ArrayList<>();
  private final CompletableFuture<Void> outputDone = new CompletableFuture<>();
  private volatile boolean stopRequested;

  private record Watch(Pattern pattern, CompletableFuture<String> found) {}

  private ChildProcess(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  /**
   * Starts the command; output pumping begins at once.
   *
   * @param consoleFilter which lines also go to the console (every line goes to the log file)
   */
  static ChildProcess start(String name, List<String> command, Map<String, String> environment,
      Path workingDirectory, Path logFile, PrintStream console, Predicate<String> consoleFilter) {
    return start(name, command, environment, workingDirectory, logFile, console, consoleFilter, false);
  }

  /**
   * @param appendToLog keep what the log file holds (a restart: the previous run's last lines say why it died)
   */
  static ChildProcess start(String name, List<String> command, Map<String, String> environment,
      Path workingDirectory, Path logFile, PrintStream console, Predicate<String> consoleFilter, boolean appendToLog) {
    Objects.requireNonNull(name, "name");
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command of " + name + " is empty");
    }
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(workingDirectory.toFile())
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.environment().putAll(environment);
    try {
      Files.createDirectories(logFile.getParent());
      Writer log = appendToLog
          ? Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
          : Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
      Process process = builder.start();
      process.getOutputStream().close(); // no stdin: a child must never wait for input
      ChildProcess child = new ChildProcess(name, process);
      Thread.ofPlatform().daemon().name("output-" + name)
          .start(() -> child.pump(log, console, consoleFilter));
      return child;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + name + " (" + String.join(" ", command) + "): " + e.getMessage(), e);
    }
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  /** When the process started, to tell it from a later process that got the same pid. */
  java.time.Instant startedAt() {
    return process.toHandle().info().startInstant().orElse(null);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  CompletableFuture<Process> onExit() {
    return process.onExit();
  }

  boolean stopRequested() {
    return stopRequested;
  }

  /** Completes with the first output line matching the pattern (including lines already printed). */
  CompletableFuture<String> lineMatching(Pattern pattern) {
    CompletableFuture<String> found = new CompletableFuture<>();
    synchronized (lastLines) {
      for (String line : lastLines) {
        if (pattern.matcher(line).find()) {
          found.complete(line);
          return found;
        }
      }
      watches.add(new Watch(pattern, found));
    }
    return found;
  }

  /** The last lines the process printed, oldest first. */
  List<String> lastLines(int count) {
    synchronized (lastLines) {
      List<String> all = new ArrayList<>(lastLines);
      return all.subList(Math.max(0, all.size() - count), all.size());
    }
  }

  /**
   * Asks the process to stop (SIGTERM, which Spring Boot and Kafka handle as a graceful shutdown) and
   * kills it and anything it started if it is still alive after the grace period.
   *
   * @return the exit code
   */
  int stop(Duration grace) {
    stopRequested = true;
    if (process.isAlive()) {
      // Through the handle: Process.destroy() also closes our end of the pipes, losing the shutdown log.
      process.toHandle().destroy();
      try {
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.toHandle().destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    // Let the pump write the last lines before the log file is closed.
    outputDone.completeOnTimeout(null, 2, TimeUnit.SECONDS).join();
    return process.isAlive() ? -1 : process.exitValue();
  }

  private void pump(Writer log, PrintStream console, Predicate<String> consoleFilter) {
    try (log; BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        log.write(line);
        log.write('\n');
        log.flush();
        if (consoleFilter.test(line)) {
          console.println("[" + name + "] " + line);
        }
        remember(line); // after printing, so "is ready" never appears before the line that made it so
      }
    } catch (IOException e) {
      // The JDK may close the pipe under a blocked read once the process has exited; only a live
      // process losing its output is worth saying.
      if (process.isAlive()) {
        console.println("[" + name + "] (output no longer readable: " + e.getMessage() + ")");
      }
    } finally {
      synchronized (lastLines) {
        watches.forEach(w -> w.found().completeExceptionally(
            new IllegalStateException(name + " ended its output without printing " + w.pattern())));
        watches.clear();
      }
      outputDone.complete(null);
    }
  }

  private void remember(String line) {
    synchronized (lastLines) {
      lastLines.addLast(line);
      if (lastLines.size() > REMEMBERED_LINES) {
        lastLines.removeFirst();
      }
      watches.removeIf(w -> w.pattern().matcher(line).find() && w.found().complete(line));
    }
  }
}
