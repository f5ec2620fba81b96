package com.voiceagent.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * JDK Flight Recordings of every service and of this JVM (the broker, the callers, the fixtures) while a benchmark's
 * measured calls run, when {@code -Dbench.profile=<folder>} names where to write them: JFR's "profile" settings (CPU
 * samples, allocation, GC pauses, locks). The services are recorded through {@code jcmd}, as an operator would record a
 * running instance, so they start exactly as they do without it. Summarise a recording and draw its flame graph with
 * dev-tools/profiling (docs/benchmarks.md).
 */
final class Profiles implements AutoCloseable {
  private final Path folder;
  private final List<ServiceProcess> services;
  private final Recording thisJvm;

  private Profiles(Path folder, List<ServiceProcess> services, Recording thisJvm) {
    this.folder = folder;
    this.services = services;
    this.thisJvm = thisJvm;
  }

  /** Starts recording, or returns null when no folder is asked for. */
  static Profiles startIfAsked(List<ServiceProcess> services) throws IOException, ParseException, InterruptedException {
    String asked = System.getProperty("bench.profile", "");
    if (asked.isBlank()) {
      return null;
    }
    Path folder = Path.of(asked).toAbsolutePath();
    Files.createDirectories(folder);
    for (ServiceProcess service : services) {
      jcmd(service, "JFR.start", "name=bench", "settings=profile");
    }
    Recording recording = new Recording(Configuration.getConfiguration("profile"));
    recording.start();
    return new Profiles(folder, services, recording);
  }

  /** Stops every recording and writes it to {@code <folder>/<service>.jfr} ({@code benchmark-jvm.jfr} for this JVM). */
  @Override
  public void close() throws IOException, InterruptedException {
    thisJvm.stop();
    thisJvm.dump(folder.resolve("benchmark-jvm.jfr"));
    thisJvm.close();
    for (ServiceProcess service : services) {
      jcmd(service, "JFR.stop", "name=bench", "filename=" + folder.resolve(service.name() + ".jfr"));
    }
  }

  /** Runs a jcmd command against a service, as an operator would; its output. */
  static String jcmd(ServiceProcess service, String... command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    List<String> line = new ArrayList<>(List.of(jcmd.toString(), Long.toString(service.pid())));
    line.addAll(List.of(command));
    Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed for " + service.name() + ": " + output);
    }
    return output;
  }
}
