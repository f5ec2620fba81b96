package com.voiceagent.launcher;

/**
 * A tiny real program for the process tests: prints the given lines (stdout, or stderr for lines starting
 * with "err:"), then, by its first argument: exits with that code; "wait" blocks until it is killed;
 * "CODE@MILLIS" exits with CODE after MILLIS; "linger@MILLIS" blocks until SIGTERM, then takes MILLIS to stop
 * (as a service flushing its producers does).
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
    if (mode.startsWith("linger@")) {
      long millis = Long.parseLong(mode.substring("linger@".length()));
      Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
        try {
          Thread.sleep(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
      mode = "wait";
    }
    if (mode.equals("wait")) {
      Thread.currentThread().join(); // until SIGTERM
    }
    if (mode.contains("@")) {
      Thread.sleep(Long.parseLong(mode.substring(mode.indexOf('@') + 1)));
      mode = mode.substring(0, mode.indexOf('@'));
    }
    System.exit(Integer.parseInt(mode));
  }
}
