package com.voiceagent.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Command lines for child JVMs. Children run on the same JDK as the launcher (the one {@code ./voice}
 * picked), and in their own session when {@code setsid} exists: Ctrl-C in the terminal then reaches only
 * the launcher, which stops the services first, then the broker, then PostgreSQL -- instead of every
 * process dying at once and the services logging a storm of connection errors.
 */
final class JavaCommand {
  private static final List<Path> SETSID_LOCATIONS = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

  private JavaCommand() {}

  static Path javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /** {@code java <jvmOptions> -cp <classpath> <mainClass> <args>}. */
  static List<String> mainClass(List<String> jvmOptions, String classpath, String mainClass, List<String> args) {
    List<String> command = prefix();
    command.add(javaExecutable().toString());
    command.add(sameTemporaryFolder());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /** {@code java <jvmOptions> -jar <jar>}. */
  static List<String> jar(List<String> jvmOptions, Path jar) {
    List<String> command = prefix();
    command.add(javaExecutable().toString());
    command.add(sameTemporaryFolder());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    return command;
  }

  /**
   * Children use the launcher's temporary folder (Java reads only its own property, never TMPDIR): a run
   * given a folder of its own, as CI's runs are, leaves nothing in the machine's /tmp.
   */
  static String sameTemporaryFolder() {
    return "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir");
  }

  private static List<String> prefix() {
    List<String> command = new ArrayList<>();
    setsid().ifPresent(path -> command.add(path.toString()));
    return command;
  }

  static Optional<Path> setsid() {
    return SETSID_LOCATIONS.stream().filter(Files::isExecutable).findFirst();
  }
}
