package com.voiceagent.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VoicePsTest {
  @TempDir Path home;

  private static ProcessTable.Row row(String service, String instance, long pid, String port, ProcessTable.State state) {
    return new ProcessTable.Row(service, instance, pid, port, state, null);
  }

  /** A pid that certainly belonged to a process that has ended. */
  private static long deadPid() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    return gone.pid();
  }

  @Test
  void onePlainLinePerProcessHeaderFirstWithTheDocumentedColumnsInTheOrderTheSystemIsBuilt() {
    ProcessTable table = new ProcessTable(home, ProcessHandle.current());
    long me = ProcessHandle.current().pid();
    table.put(row("nginx", "1", me, "18080,18081", ProcessTable.State.UP));
    table.put(row("console", "console-1", me, "18090", ProcessTable.State.UP));
    table.put(row("stt-service", "stt-service-2", me, "-", ProcessTable.State.STARTING));
    table.put(row("gateway", "gateway-10", me, "18100", ProcessTable.State.UP));
    table.put(row("gateway", "gateway-2", me, "18084", ProcessTable.State.UP));
    table.put(row("kafka", "1", me, "19092", ProcessTable.State.UP));
    table.put(row("postgres", "1", me, "15433", ProcessTable.State.UP));

    List<String> lines = VoicePs.render(ProcessTable.read(home), VoicePs.PROCESSES, home).lines().toList();

    assertThat(lines.getFirst().split("\\s+")).containsExactly("SERVICE", "INSTANCE", "PID", "PORT", "STATE");
    assertThat(lines.subList(1, lines.size())).extracting(line -> List.of(line.split("\\s+"))).containsExactly(
        List.of("postgres", "1", Long.toString(me), "15433", "up"),
        List.of("kafka", "1", Long.toString(me), "19092", "up"),
        List.of("gateway", "gateway-2", Long.toString(me), "18084", "up"),
        List.of("gateway", "gateway-10", Long.toString(me), "18100", "up"),
        List.of("stt-service", "stt-service-2", Long.toString(me), "-", "starting"),
        List.of("console", "console-1", Long.toString(me), "18090", "up"),
        List.of("nginx", "1", Long.toString(me), "18080,18081", "up"));
    assertThat(lines.get(1).indexOf("15433")).as("columns are aligned").isEqualTo(lines.get(3).indexOf("18084"));
  }

  @Test
  void aProcessWhosePidIsGoneShowsDownWhateverTheLauncherLastWrote() throws Exception {
    ProcessTable table = new ProcessTable(home, ProcessHandle.current());
    long dead = deadPid();
    table.put(row("gateway", "gateway-1", ProcessHandle.current().pid(), "18082", ProcessTable.State.UP));
    table.put(row("gateway", "gateway-2", dead, "18084", ProcessTable.State.UP));

    List<String> lines = VoicePs.render(ProcessTable.read(home), VoicePs.PROCESSES, home).lines().toList();

    assertThat(lines.get(2).split("\\s+")).containsExactly("gateway", "gateway-2", Long.toString(dead), "18084", "down");
    assertThat(lines.get(1)).endsWith("up");
  }

  @Test
  void aLaterProcessThatGotTheSamePidIsNotMistakenForOurs() {
    Instant longAgo = Instant.parse("2020-01-01T00:00:00Z");
    ProcessTable.Row reused = new ProcessTable.Row("tts-service", "tts-service-1", ProcessHandle.current().pid(), "-",
        ProcessTable.State.UP, longAgo);

    assertThat(VoicePs.PROCESSES.alive(reused.pid(), reused.startedAt())).isFalse();
    assertThat(VoicePs.PROCESSES.alive(ProcessHandle.current().pid(),
        ProcessHandle.current().info().startInstant().orElseThrow())).isTrue();
  }

  @Test
  void withoutATableItSaysClearlyThatNothingIsRunning() {
    assertThat(VoicePs.render(ProcessTable.read(home), VoicePs.PROCESSES, home))
        .startsWith("nothing is running (no ./voice up has started anything with VOICE_HOME=" + home);
  }

  @Test
  void aTableLeftByALauncherThatDiedWithEverythingElseMeansNothingIsRunning() throws Exception {
    long dead = deadPid();
    Files.writeString(home.resolve(ProcessTable.FILE_NAME), "launcher " + dead + " -\n"
        + "kafka 1 " + dead + " 19092 up -\n");

    assertThat(VoicePs.render(ProcessTable.read(home), VoicePs.PROCESSES, home))
        .isEqualTo("nothing is running (the ./voice up with pid " + dead + " has ended)\n");
  }

  @Test
  void processesLeftBehindByAKilledLauncherAreListedWithAWarningOnTheSide() throws Exception {
    long dead = deadPid();
    long me = ProcessHandle.current().pid();
    Files.writeString(home.resolve(ProcessTable.FILE_NAME), "launcher " + dead + " -\n"
        + "gateway gateway-1 " + me + " 18080 up -\n");
    ProcessTable.Snapshot snapshot = ProcessTable.read(home);

    assertThat(VoicePs.render(snapshot, VoicePs.PROCESSES, home)).contains("gateway-1").contains("up");
    assertThat(VoicePs.leftBehindWarning(snapshot, VoicePs.PROCESSES))
        .contains("./voice up (pid " + dead + ") is gone", "stop them by pid");
  }

  @Test
  void theTableIsRewrittenOnEveryChangeAndGoneWhenTheSystemStops() {
    ProcessTable table = new ProcessTable(home, ProcessHandle.current());
    table.put(row("gateway", "gateway-1", 0, "8080", ProcessTable.State.STARTING));
    table.put(row("gateway", "gateway-1", 42, "8080", ProcessTable.State.UP));

    assertThat(ProcessTable.read(home).rows()).containsExactly(row("gateway", "gateway-1", 42, "8080", ProcessTable.State.UP));
    assertThat(home.resolve(ProcessTable.FILE_NAME + ".tmp")).doesNotExist();

    table.delete();
    table.put(row("gateway", "gateway-1", 43, "8080", ProcessTable.State.UP));
    assertThat(ProcessTable.read(home)).isNull();
  }
}
