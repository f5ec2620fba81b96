package com.voiceagent.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
  private final PrintStream console = new PrintStream(consoleBytes, true, StandardCharsets.UTF_8);

  private ChildProcess start(String name, String... args) {
    List<String> command = JavaCommand.mainClass(List.of("-Xmx32m"), System.getProperty("java.class.path"),
        ScriptedChild.class.getName(), List.of(args));
    return ChildProcess.start(name, command, Map.of(), dir, dir.resolve("logs").resolve(name + ".log"), console,
        line -> !line.startsWith("quiet"));
  }

  @Test
  void everyLineGoesToTheLogFileAndTheConsoleWithTheChildsName() throws Exception {
    ChildProcess child = start("gateway", "0", "hello", "err:oops", "quiet line");
    assertThat(child.onExit().get(30, TimeUnit.SECONDS).exitValue()).isZero();
    child.stop(Duration.ofSeconds(1));

    assertThat(Files.readAllLines(dir.resolve("logs/gateway.log"))).containsExactly("hello", "oops", "quiet line");
    assertThat(consoleBytes.toString(StandardCharsets.UTF_8).lines().toList())
        .containsExactly("[gateway] hello", "[gateway] oops");
  }

  @Test
  void aWatchedLineCompletesWhenTheChildPrintsIt() throws Exception {
    ChildProcess child = start("stt-service", "wait", "Starting", "every stage consuming (1 stage(s): [stt]): ready");
    try {
      String line = child.lineMatching(ServiceInstance.READY).get(30, TimeUnit.SECONDS);
      assertThat(line).isEqualTo("every stage consuming (1 stage(s): [stt]): ready");
    } finally {
      child.stop(Duration.ofSeconds(5));
    }
  }

  @Test
  void aChildThatDiesKeepsItsLastLinesToExplainWhy() throws Exception {
    List<String> args = new ArrayList<>(List.of("3"));
    for (int i = 0; i < ChildProcess.REMEMBERED_LINES + 5; i++) {
      args.add("line " + i);
    }
    args.add("err:Caused by: missing OPENAI_API_KEY");
    ChildProcess child = start("dialog-service", args.toArray(String[]::new));

    assertThat(child.onExit().get(30, TimeUnit.SECONDS).exitValue()).isEqualTo(3);
    child.stop(Duration.ofSeconds(1));
    assertThat(child.lastLines(2)).containsExactly("line " + (ChildProcess.REMEMBERED_LINES + 4),
        "Caused by: missing OPENAI_API_KEY");
    assertThat(child.lastLines(1000)).hasSize(ChildProcess.REMEMBERED_LINES);
    assertThat(child.lineMatching(Pattern.compile("never printed")))
        .failsWithin(Duration.ofSeconds(5));
  }

  @Test
  void stopEndsARunningChildGracefully() {
    ChildProcess child = start("tts-service", "wait", "running");
    child.lineMatching(Pattern.compile("running")).orTimeout(30, TimeUnit.SECONDS).join();

    int exit = child.stop(Duration.ofSeconds(10));

    assertThat(child.isAlive()).isFalse();
    assertThat(child.stopRequested()).isTrue();
    assertThat(exit).isEqualTo(143); // SIGTERM: the JVM ran its shutdown, it was not killed
  }
}
