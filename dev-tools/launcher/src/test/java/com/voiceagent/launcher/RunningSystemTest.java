package com.voiceagent.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the local system from two threads at once (Ctrl-C's shutdown hook and the main thread), with a real child JVM. */
class RunningSystemTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
  private final PrintStream console = new PrintStream(consoleBytes, true, StandardCharsets.UTF_8);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private ChildProcess child;

  @AfterEach
  void cleanUp() {
    timer.shutdownNow();
    if (child != null) {
      child.stop(Duration.ofSeconds(5));
    }
  }

  @Test
  void aSecondCloseReturnsOnlyWhenTheFirstHasStoppedEverything() throws Exception {
    ProcessTable table = new ProcessTable(dir, ProcessHandle.current());
    Path log = dir.resolve("logs/gateway-1.log");
    Supervisor service = new Supervisor(new Supervisor.Identity("gateway", "gateway-1", "gateway-1", "-", log),
        afterCrash -> child = ChildProcess.start("gateway-1", JavaCommand.mainClass(List.of("-Xmx32m"),
            System.getProperty("java.class.path"), ScriptedChild.class.getName(), List.of("linger@1500", "ready")),
            Map.of(), dir, log, console, line -> true, afterCrash),
        ReadyWhen.printed(Pattern.compile("^ready$")), Supervisor.WhenItDies.STAY_DOWN, "-", RestartBackoff.DEFAULT,
        Duration.ofSeconds(60), table, console, timer, reason -> {});
    RunningSystem system = new RunningSystem(console, table);
    system.addService(service);
    service.startAndAwaitReady();

    CompletableFuture<Void> first = CompletableFuture.runAsync(system::close);
    awaitConsole("[voice] stopping [gateway-1]");
    system.close(); // the shutdown hook's turn: the JVM halts as soon as it returns

    assertThat(child.isAlive()).as("the service has stopped").isFalse();
    assertThat(consoleBytes.toString(StandardCharsets.UTF_8)).contains("[voice] stopped");
    first.get(5, TimeUnit.SECONDS);
  }

  private void awaitConsole(String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!consoleBytes.toString(StandardCharsets.UTF_8).contains(text) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(consoleBytes.toString(StandardCharsets.UTF_8)).contains(text);
  }
}
