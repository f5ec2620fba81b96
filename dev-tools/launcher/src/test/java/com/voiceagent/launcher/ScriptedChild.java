package com.voiceagent.launcher;

/**
 * A tiny real program for ChildProcessTest: prints the given lines (stdout, or stderr for lines starting
 * with "err:"), then exits with the given code -- or, with "wait", blocks until it is killed.
 */
public final class ScriptedChild {
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    for (int i = 1; i < args.length; i++) {
      if (args[i].startsWith("err:")) {
        System.err.println(args[i].substring(4));
      } else {
        System.out.println(args[i]);
      }
    }
    System.out.flush();
    if (mode.equals("wait")) {
      Thread.currentThread().join(); // until SIGTERM
    }
    System.exit(Integer.parseInt(mode));
  }
}
