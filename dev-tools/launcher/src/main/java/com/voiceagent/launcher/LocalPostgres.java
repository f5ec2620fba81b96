package com.voiceagent.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real PostgreSQL (zonky's embedded binaries) for whatsapp-service, run from the launcher JVM. The data
 * directory is kept between runs, so accepted WhatsApp messages survive a restart of {@code ./voice up}.
 * Public for tests outside the launcher that run whatsapp-service on the database {@code ./voice up} gives it
 * (the whole-system failover tests), so that there is one way to start the local PostgreSQL.
 */
public final class LocalPostgres implements AutoCloseable {
  public static final String USER = "postgres";
  public static final String PASSWORD = "postgres";

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;

  private LocalPostgres(EmbeddedPostgres postgres, Path dataDirectory) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
  }

  /** Starts PostgreSQL on the port, initialising the data directory only if it is empty. */
  public static LocalPostgres start(int port, Path dataDirectory, Path logFile) {
    long attemptStarted = System.currentTimeMillis();
    try {
      Files.createDirectories(dataDirectory);
      Files.createDirectories(logFile.getParent());
      ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(logFile.toFile());
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
          .setPort(port)
          .setDataDirectory(dataDirectory)
          .setCleanDataDirectory(false)
          // The launcher stops PostgreSQL itself, after the services that use it.
          .setRegisterShutdownHook(false)
          .setPGStartupWait(Duration.ofSeconds(60))
          .setOutputRedirector(log)
          .setErrorRedirector(log)
          .start();
      return new LocalPostgres(postgres, dataDirectory);
    } catch (IOException | RuntimeException | LinkageError e) {
      stopPostmasterStartedSince(dataDirectory, attemptStarted);
      throw new IllegalStateException("PostgreSQL did not start on port " + port + " with data in " + dataDirectory
          + " (see " + logFile + "): " + e.getMessage(), e);
    }
  }

  /**
   * zonky starts the postmaster before it checks it; when the check fails the postmaster keeps running
   * in its own session. Stop it -- but only one this attempt started (its pid file is newer than the attempt).
   */
  private static void stopPostmasterStartedSince(Path dataDirectory, long attemptStarted) {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    try {
      if (!Files.isRegularFile(pidFile) || Files.getLastModifiedTime(pidFile).toMillis() < attemptStarted - 1_000) {
        return;
      }
      long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
      ProcessHandle.of(pid).ifPresent(postmaster -> {
        postmaster.destroy(); // SIGTERM: PostgreSQL's "smart" shutdown
        postmaster.onExit().completeOnTimeout(postmaster, 15, java.util.concurrent.TimeUnit.SECONDS).join();
      });
    } catch (IOException | RuntimeException ignored) {
      // Best effort: the start failure itself is what gets reported.
    }
  }

  public int port() {
    return postgres.getPort();
  }

  Path dataDirectory() {
    return dataDirectory;
  }

  /**
   * The postmaster, from its pid file: zonky runs it as a process of its own, not as a child the launcher
   * could watch otherwise.
   */
  java.util.Optional<ProcessHandle> postmaster() {
    try {
      long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst().trim());
      return ProcessHandle.of(pid);
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port() + "/postgres";
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL did not stop cleanly: " + e.getMessage(), e);
    }
  }
}
