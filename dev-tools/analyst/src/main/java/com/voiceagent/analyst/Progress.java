package com.voiceagent.analyst;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;

/**
 * A one-line progress bar on stderr, redrawn in place, for work that takes a while (reading a week of
 * topics). Shown only when stdout is a terminal: piped or redirected output (a script, {@code --json | jq})
 * gets no escape codes and no noise.
 */
final class Progress implements AutoCloseable {
  private static final int WIDTH = 30;
  static final Progress NONE = new Progress(null, "");

  private final PrintStream out;
  private final String label;
  private long total;
  private long done;
  private int lastDrawn = -1;

  private Progress(PrintStream out, String label) {
    this.out = out;
    this.label = label;
  }

  /** A bar on {@code err} when stdout is a terminal, else one that draws nothing. */
  static Progress forTerminal(String label) {
    return stdoutIsTerminal() ? new Progress(System.err, label) : NONE;
  }

  /** A bar that always draws, on {@code out} (tests). */
  static Progress on(PrintStream out, String label) {
    return new Progress(out, label);
  }

  void total(long units) {
    total = Math.max(0, units);
    draw();
  }

  void advance(long units) {
    done += units;
    draw();
  }

  private void draw() {
    if (out == null || total <= 0) {
      return;
    }
    int percent = (int) Math.min(100, done * 100 / total);
    if (percent == lastDrawn) {
      return;
    }
    lastDrawn = percent;
    int filled = percent * WIDTH / 100;
    out.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "%");
    out.flush();
  }

  /** Ends the bar's line, so what follows starts on a line of its own. */
  @Override
  public void close() {
    if (out != null && lastDrawn >= 0) {
      out.println();
      out.flush();
    }
  }

  /**
   * Console.isTerminal() (Java 22) says whether stdin and stdout are a terminal; from Java 22 on
   * System.console() is non-null even when they are redirected. On Java 21 a console exists only for a terminal.
   */
  static boolean stdoutIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // Java 21: a console is a terminal
    }
  }
}
