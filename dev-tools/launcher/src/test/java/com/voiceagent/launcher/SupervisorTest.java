package com.voiceagent.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child JVMs (ScriptedChild) started, killed and started again. */
class SupervisorTest {
  private static final RestartBackoff QUICK = new RestartBackoff(Duration.ofMillis(100), Duration.ofMillis(400),
      Duration.ofSeconds(60));
  private static final ReadyWhen PRINTS_READY = ReadyWhen.printed(Pattern.compile("^ready$"));

  @TempDir Path dir;
  private final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
  private final PrintStream console = new PrintStream(consoleBytes, true, StandardCharsets.UTF_8);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final List<ChildProcess> launched = new CopyOnWriteArrayList<>();
  private final List<String> fatal = new CopyOnWriteArrayList<>();
  private ProcessTable table;
  private Supervisor supervisor;

  private Supervisor supervisor(Supervisor.WhenItDies whenItDies, RestartBackoff backoff, String mode) {
    table = new ProcessTable(dir, ProcessHandle.current());
    Path log = dir.resolve("logs/stt-service-2.log");
    supervisor = new Supervisor(new Supervisor.Identity("stt-service", "stt-service-2", "stt-service-2", "-", log),
        afterCrash -> {
          ChildProcess child = ChildProcess.start("stt-service-2", JavaCommand.mainClass(List.of("-Xmx32m"),
              System.getProperty("java.class.path"), ScriptedChild.class.getName(), List.of(mode, "ready")),
              Map.of(), dir, log, console, line -> true, afterCrash);
          launched.add(child);
          return child;
        },
        PRINTS_READY, whenItDies, "nothing works without it", backoff, Duration.ofSeconds(60), table, console, timer,
        fatal::add);
    return supervisor;
  }

  @AfterEach
  void stopEverything() {
    if (supervisor != null) {
      supervisor.stop(Duration.ofSeconds(5));
    }
    timer.shutdownNow();
    launched.forEach(child -> child.stop(Duration.ofSeconds(5)));
  }

  @Test
  void aKilledInstanceIsStartedAgainWithANewPidAndShownUpOnceReady() {
    supervisor(Supervisor.WhenItDies.RESTART, QUICK, "wait").startAndAwaitReady();
    ChildProcess first = launched.getFirst();
    assertThat(table.rows()).singleElement().satisfies(row -> assertThat(row.state()).isEqualTo(ProcessTable.State.UP));

    ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly();

    await(() -> launched.size() == 2 && table.rows().getFirst().state() == ProcessTable.State.UP);
    ProcessTable.Row row = table.rows().getFirst();
    assertThat(row.pid()).isEqualTo(launched.get(1).pid()).isNotEqualTo(first.pid());
    assertThat(launched.get(1).isAlive()).isTrue();
    assertThat(console()).contains("[voice] stt-service-2 died (exit 137, signal 9)",
        "starting it again in 0.1 s (restart 1", "[voice] stt-service-2 is ready again (restart 1)");
    assertThat(fatal).isEmpty();
  }

  @Test
  void anInstanceThatKeepsDyingWaitsLongerBeforeEachRestartUpToTheCeiling() {
    supervisor(Supervisor.WhenItDies.RESTART, QUICK, "1@150").startAndAwaitReady();

    await(() -> launched.size() >= 5);
    supervisor.stop(Duration.ofSeconds(5));

    assertThat(console()).containsSubsequence("again in 0.1 s (restart 1", "again in 0.2 s (restart 2",
        "again in 0.4 s (restart 3", "again in 0.4 s (restart 4");
  }

  @Test
  void withRestartsOffADeadInstanceStaysDown() throws Exception {
    supervisor(Supervisor.WhenItDies.STAY_DOWN, QUICK, "wait").startAndAwaitReady();

    ProcessHandle.of(launched.getFirst().pid()).orElseThrow().destroyForcibly();
    await(() -> table.rows().getFirst().state() == ProcessTable.State.DOWN);
    Thread.sleep(500); // longer than the back-off: a restart would have happened by now

    assertThat(launched).hasSize(1);
    assertThat(console()).contains("stt-service-2 died (exit 137, signal 9)", "it stays down (--no-restart");
  }

  @Test
  void aDeathThatIsFatalAsksOnceToStopEverythingAndSaysWhy() {
    supervisor(Supervisor.WhenItDies.STOP_EVERYTHING, QUICK, "wait").startAndAwaitReady();

    ProcessHandle.of(launched.getFirst().pid()).orElseThrow().destroyForcibly();
    await(() -> !fatal.isEmpty());

    assertThat(fatal).containsExactly("stt-service-2 died");
    assertThat(console()).contains("nothing works without it; stopping everything");
    assertThat(launched).hasSize(1);
  }

  @Test
  void stoppingCancelsARestartThatIsStillWaiting() throws Exception {
    RestartBackoff slow = new RestartBackoff(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(60));
    supervisor(Supervisor.WhenItDies.RESTART, slow, "1@100").startAndAwaitReady();
    await(() -> console().contains("starting it again in 30.0 s"));

    Instant before = Instant.now();
    supervisor.stop(Duration.ofSeconds(5));

    assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(5));
    assertThat(launched).hasSize(1);
  }

  @Test
  void aStopOnPurposeIsNotADeath() {
    supervisor(Supervisor.WhenItDies.STOP_EVERYTHING, QUICK, "wait").startAndAwaitReady();

    supervisor.stop(Duration.ofSeconds(10));

    assertThat(launched.getFirst().isAlive()).isFalse();
    assertThat(fatal).isEmpty();
    assertThat(console()).doesNotContain("died");
  }

  private String console() {
    return consoleBytes.toString(StandardCharsets.UTF_8);
  }

  private static void await(BooleanSupplier condition) {
    Instant deadline = Instant.now().plusSeconds(60);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not within 60 s");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
