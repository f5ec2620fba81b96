package com.voiceagent.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the running {@code ./voice up} has started, one row per process, for {@code ./voice ps}. The
 * launcher rewrites the file {@code VOICE_HOME/processes} on every change, atomically (a reader never sees
 * half a file), and deletes it when it stops. Each row keeps its process's start time: a pid the system
 * reused for another process after ours died must not show as ours.
 */
final class ProcessTable {
  static final String FILE_NAME = "processes";

  enum State {
    UP, STARTING, DOWN;

    /** As ./voice ps prints it: {@code up}, {@code starting}, {@code down}. */
    String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    static State of(String label) {
      return valueOf(label.toUpperCase(Locale.ROOT));
    }
  }

  /**
   * @param service kafka, postgres, nginx, gateway, stt-service, ...
   * @param instance the instance id ({@code gateway-1}), the broker id for kafka
   * @param pid its process id, 0 when it never started
   * @param port its HTTP or client port(s), {@code -} when it has none
   * @param startedAt when its process started, null when unknown
   */
  record Row(String service, String instance, long pid, String port, State state, Instant startedAt) {
    Row {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(instance, "instance");
      Objects.requireNonNull(port, "port");
      Objects.requireNonNull(state, "state");
    }

    static String port(Integer port) {
      return port == null ? "-" : port.toString();
    }

    private String line() {
      return String.join(" ", service, instance, Long.toString(pid), port, state.label(),
          startedAt == null ? "-" : Long.toString(startedAt.toEpochMilli()));
    }

    private static Row parse(String line) {
      String[] f = line.trim().split("\\s+");
      if (f.length != 6) {
        throw new IllegalArgumentException("not a process row: '" + line + "'");
      }
      return new Row(f[0], f[1], Long.parseLong(f[2]), f[3], State.of(f[4]),
          f[5].equals("-") ? null : Instant.ofEpochMilli(Long.parseLong(f[5])));
    }
  }

  /** What the file says: who wrote it and the rows, in start order. */
  record Snapshot(long launcherPid, Instant launcherStartedAt, List<Row> rows) {}

  private final Path file;
  private final long launcherPid;
  private final Instant launcherStartedAt;
  private final Map<String, Row> rows = new LinkedHashMap<>();
  private boolean closed;

  ProcessTable(Path home, ProcessHandle launcher) {
    this.file = home.resolve(FILE_NAME);
    this.launcherPid = launcher.pid();
    this.launcherStartedAt = launcher.info().startInstant().orElse(null);
  }

  /** Adds or replaces the row of the same service and instance, then rewrites the file. */
  synchronized void put(Row row) {
    if (closed) {
      return;
    }
    rows.put(row.service() + " " + row.instance(), row);
    write();
  }

  /** The system stopped: nothing runs any more. */
  synchronized void delete() {
    closed = true;
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // ./voice ps checks every pid anyway; a leftover file shows everything down.
    }
  }

  synchronized List<Row> rows() {
    return List.copyOf(rows.values());
  }

  private void write() {
    StringBuilder text = new StringBuilder("# Written by ./voice up on every change; read by ./voice ps.\n");
    text.append("launcher ").append(launcherPid).append(' ')
        .append(launcherStartedAt == null ? "-" : Long.toString(launcherStartedAt.toEpochMilli())).append('\n');
    rows.values().forEach(row -> text.append(row.line()).append('\n'));
    Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(temporary, text, StandardCharsets.UTF_8);
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file + " (./voice ps reads it)", e);
    }
  }

  /** @return the snapshot, or null when the file does not exist (nothing was started here) */
  static Snapshot read(Path home) {
    Path file = home.resolve(FILE_NAME);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    long launcherPid = 0;
    Instant launcherStartedAt = null;
    List<Row> rows = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("launcher ")) {
        String[] f = line.trim().split("\\s+");
        launcherPid = Long.parseLong(f[1]);
        launcherStartedAt = f.length > 2 && !f[2].equals("-") ? Instant.ofEpochMilli(Long.parseLong(f[2])) : null;
      } else {
        rows.add(Row.parse(line));
      }
    }
    return new Snapshot(launcherPid, launcherStartedAt, rows);
  }
}
