package com.voiceagent.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code ./voice ps}: one line per process of the local system, header first, whitespace-separated
 * columns {@code SERVICE INSTANCE PID PORT STATE}. It reads the table {@code ./voice up} keeps and checks
 * each pid itself: a process that is gone shows {@code down} whatever the launcher last wrote (it may have
 * been killed before it could write). Uses nothing but the JDK, so it starts quickly.
 */
public final class VoicePs {
  static final List<String> HEADER = List.of("SERVICE", "INSTANCE", "PID", "PORT", "STATE");
  /** Rows in the order the system is built: storage and broker first, the front door last. */
  static final List<String> SERVICE_ORDER = List.of("postgres", "kafka", "gateway", "stt-service", "dialog-service",
      "tts-service", "whatsapp-service", "console", "nginx");
  /** Instances started together register in any order; shown by service, then by number (gateway-2 before gateway-10). */
  static final Comparator<ProcessTable.Row> DISPLAY_ORDER = Comparator
      .comparingInt((ProcessTable.Row row) -> SERVICE_ORDER.indexOf(row.service()) < 0 ? SERVICE_ORDER.size()
          : SERVICE_ORDER.indexOf(row.service()))
      .thenComparing(ProcessTable.Row::service)
      .thenComparingInt(row -> row.instance().length())
      .thenComparing(ProcessTable.Row::instance);
  /** Start times are compared loosely: the kernel's and the JVM's clocks round differently. */
  static final Duration SAME_START = Duration.ofSeconds(2);

  /** Whether the process that had this pid and start time still runs. */
  interface Liveness {
    boolean alive(long pid, Instant startedAt);
  }

  static final Liveness PROCESSES = (pid, startedAt) -> pid > 0 && ProcessHandle.of(pid)
      .filter(ProcessHandle::isAlive)
      .map(handle -> startedAt == null || handle.info().startInstant()
          .map(actual -> Duration.between(actual, startedAt).abs().compareTo(SAME_START) <= 0).orElse(true))
      .orElse(false);

  private VoicePs() {}

  public static void main(String[] args) {
    if (args.length > 0) {
      System.err.println("[voice] ./voice ps takes no arguments, was: " + String.join(" ", args)
          + "\nUsage: ./voice ps   (the processes of the system ./voice up runs with this VOICE_HOME)");
      System.exit(2);
    }
    String home = System.getenv("VOICE_HOME");
    Path voiceHome = home == null || home.isBlank() ? Path.of(".voice").toAbsolutePath() : Path.of(home).toAbsolutePath();
    ProcessTable.Snapshot snapshot = ProcessTable.read(voiceHome);
    System.out.print(render(snapshot, PROCESSES, voiceHome));
    String warning = leftBehindWarning(snapshot, PROCESSES);
    if (warning != null) {
      System.err.println(warning);
    }
  }

  /** When the launcher was killed its children go on; said on stderr so that stdout stays one row per process. */
  static String leftBehindWarning(ProcessTable.Snapshot snapshot, Liveness liveness) {
    if (snapshot == null || liveness.alive(snapshot.launcherPid(), snapshot.launcherStartedAt())) {
      return null;
    }
    boolean anyAlive = snapshot.rows().stream().anyMatch(row -> liveness.alive(row.pid(), row.startedAt()));
    return anyAlive ? "./voice up (pid " + snapshot.launcherPid() + ") is gone: the processes shown up or starting were"
        + " left behind; stop them by pid (kill PID)" : null;
  }

  static String render(ProcessTable.Snapshot snapshot, Liveness liveness, Path home) {
    if (snapshot == null) {
      return "nothing is running (no ./voice up has started anything with VOICE_HOME=" + home + ")\n";
    }
    boolean launcherAlive = liveness.alive(snapshot.launcherPid(), snapshot.launcherStartedAt());
    List<List<String>> table = new ArrayList<>();
    table.add(HEADER);
    boolean anyAlive = false;
    for (ProcessTable.Row row : snapshot.rows().stream().sorted(DISPLAY_ORDER).toList()) {
      boolean alive = liveness.alive(row.pid(), row.startedAt());
      anyAlive |= alive;
      ProcessTable.State state = alive ? row.state() : ProcessTable.State.DOWN;
      table.add(List.of(row.service(), row.instance(), row.pid() > 0 ? Long.toString(row.pid()) : "-", row.port(),
          state.label()));
    }
    if (!launcherAlive && !anyAlive) {
      return "nothing is running (the ./voice up with pid " + snapshot.launcherPid() + " has ended)\n";
    }
    return align(table);
  }

  private static String align(List<List<String>> table) {
    int[] widths = new int[HEADER.size()];
    for (List<String> row : table) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : table) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(row.get(i));
        if (i < row.size() - 1) {
          line.append(" ".repeat(widths[i] - row.get(i).length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
