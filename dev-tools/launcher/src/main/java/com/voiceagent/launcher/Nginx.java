package com.voiceagent.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * nginx as a child process of the launcher: the load balancer in front of several gateways (and
 * whatsapp-services). It runs in the foreground ({@code daemon off;}) so the launcher sees it die and stops
 * it like any child, with a configuration generated under VOICE_HOME.
 */
final class Nginx {
  static final String INSTALL = "sudo apt-get install nginx";
  /** Debian installs it in /usr/sbin, which is not on an ordinary user's PATH. */
  private static final List<Path> USUAL_PLACES = List.of(Path.of("/usr/sbin/nginx"), Path.of("/usr/local/sbin/nginx"),
      Path.of("/usr/local/nginx/sbin/nginx"));

  private final Path executable;
  private final NginxConfig config;
  private final PrintStream console;

  Nginx(Path executable, NginxConfig config, PrintStream console) {
    this.executable = executable;
    this.config = config;
    this.console = console;
  }

  /** The nginx executable on the PATH or where Debian puts it. */
  static Optional<Path> find(String pathVariable) {
    List<Path> candidates = new ArrayList<>();
    if (pathVariable != null) {
      for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
        if (!dir.isBlank()) {
          candidates.add(Path.of(dir, "nginx"));
        }
      }
    }
    candidates.addAll(USUAL_PLACES);
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  Path configFile() {
    return config.prefix().resolve("nginx.conf");
  }

  /** Where its runtime errors go (an instance refusing connections, a timed-out upstream). */
  Path errorLog() {
    return config.logs().resolve("nginx-error.log");
  }

  /**
   * {@code -e stderr} names the error log nginx uses before it has read its configuration: builds made with
   * {@code --error-log-path=/var/log/nginx/error.log} (Ubuntu's, older Debian's) open that file first and warn
   * when an ordinary user may not write it. On stderr, a start that fails is explained on the console. nginx
   * before 1.19.5 does not know {@code -e} (and refuses to start when given it).
   */
  List<String> command(boolean knowsErrorLogOption) {
    List<String> command = new ArrayList<>();
    JavaCommand.setsid().ifPresent(path -> command.add(path.toString()));
    command.addAll(List.of(executable.toString(), "-p", config.prefix().toString(), "-c", configFile().toString()));
    if (knowsErrorLogOption) {
      command.addAll(List.of("-e", "stderr"));
    }
    command.addAll(List.of("-g", "daemon off;"));
    return command;
  }

  /** Whether {@code nginx -v} says 1.19.5 or newer, the first version with {@code -e}. */
  boolean knowsErrorLogOption() {
    try {
      Process version = new ProcessBuilder(executable.toString(), "-v").redirectErrorStream(true).start();
      String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      version.waitFor();
      return supportsErrorLogOption(text);
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** @param versionOutput what {@code nginx -v} prints: {@code nginx version: nginx/1.22.1} */
  static boolean supportsErrorLogOption(String versionOutput) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("nginx/(\\d+)\\.(\\d+)\\.(\\d+)").matcher(versionOutput);
    if (!m.find()) {
      return false;
    }
    int[] v = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
    return java.util.Arrays.compare(v, new int[] {1, 19, 5}) >= 0;
  }

  /** Writes the configuration and the directories it names. */
  void prepare() {
    try {
      Files.createDirectories(config.prefix().resolve("temp"));
      Files.createDirectories(config.logs());
      Files.writeString(configFile(), config.render(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the nginx configuration in " + config.prefix(), e);
    }
  }

  ChildProcess start(boolean afterCrash) {
    prepare();
    return ChildProcess.start("nginx", command(knowsErrorLogOption()), Map.of(), config.prefix(),
        config.logs().resolve("nginx.log"), console, line -> true, afterCrash);
  }

  /** Ready once it accepts connections on every port it serves. */
  ReadyWhen readyWhen() {
    return (child, timeout) -> config.fronts().forEach(front -> ReadyWhen.listening(front.port()).await(child, timeout));
  }
}
