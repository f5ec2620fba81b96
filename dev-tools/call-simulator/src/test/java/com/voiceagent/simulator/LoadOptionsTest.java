package com.voiceagent.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadOptionsTest {
  @TempDir Path home;

  private LoadOptions parse(String... args) throws Exception {
    Files.writeString(home.resolve("twilio-auth-token"), "abc\n");
    String[] all = new String[args.length + 2];
    all[0] = "--voice-home";
    all[1] = home.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return LoadOptions.parse(all, Map.of(), Path.of("/repo"));
  }

  @Test
  void theCallerSaysTheSampleQuestionOnceUnlessToldOtherwise() throws Exception {
    LoadOptions o = parse("--calls", "10");

    assertThat(o.calls()).isEqualTo(10);
    assertThat(o.call().wav()).isEqualTo(Path.of("/repo/docs/samples/hebrew-question.wav"));
    assertThat(o.call().turns()).isEqualTo(1);
    assertThat(o.call().gateway()).isEqualTo("localhost:8080");
    assertThat(o.bargeInShare()).isZero();
    assertThat(o.duration()).isNull();
    assertThat(o.turnDeadline()).isEqualTo(Duration.ofSeconds(15));
    assertThat(o.greetingWait()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.json()).isFalse();
    assertThat(o.call().maxDuration()).as("room for every turn").isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void everyOptionIsRead() throws Exception {
    LoadOptions o = parse("--calls", "50", "--turns", "4", "--barge-in-share=0.25", "--duration", "5m", "--json",
        "--turn-deadline-seconds", "8", "--greeting-seconds", "0", "--gateway", "h:1", "--max-seconds", "30", "me.wav");

    assertThat(o.calls()).isEqualTo(50);
    assertThat(o.call().turns()).isEqualTo(4);
    assertThat(o.bargeInShare()).isEqualTo(0.25);
    assertThat(o.duration()).isEqualTo(Duration.ofMinutes(5));
    assertThat(o.json()).isTrue();
    assertThat(o.turnDeadline()).isEqualTo(Duration.ofSeconds(8));
    assertThat(o.greetingWait()).isZero();
    assertThat(o.call().gateway()).isEqualTo("h:1");
    assertThat(o.call().maxDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.call().wav()).isEqualTo(Path.of("me.wav"));
  }

  @Test
  void durationsReadAsPeopleWriteThem() {
    assertThat(LoadOptions.duration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(LoadOptions.duration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(LoadOptions.duration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(LoadOptions.duration("45")).isEqualTo(Duration.ofSeconds(45));
    assertThat(LoadOptions.duration("PT3M")).isEqualTo(Duration.ofMinutes(3));
    assertThatThrownBy(() -> LoadOptions.duration("soon")).hasMessage("--duration must be like 90s, 5m or 1h, was 'soon'");
  }

  @Test
  void badValuesAreRefusedWithTheirName() {
    assertThatThrownBy(() -> parse("--turns", "2")).hasMessageStartingWith("--calls N is required");
    assertThatThrownBy(() -> parse("--calls", "0")).hasMessage("--calls must be between 1 and 1000, was 0");
    assertThatThrownBy(() -> parse("--calls", "2", "--barge-in-share", "1.5"))
        .hasMessage("--barge-in-share must be between 0 and 1, was 1.5");
    assertThatThrownBy(() -> parse("--calls", "2", "--barge-in-share", "half"))
        .hasMessageStartingWith("--barge-in-share must be a number");
    assertThatThrownBy(() -> parse("--calls", "2", "--out", "x.wav")).hasMessageStartingWith("--out is an option of ./voice call");
    assertThatThrownBy(() -> parse("--calls", "2", "--colour", "red")).hasMessageStartingWith("unknown option --colour")
        .hasMessageContaining("Usage: ./voice load");
  }

  @Test
  void theBargeInsAreSpreadOverTheTurnsThatCanBargeIn() throws Exception {
    LoadOptions oneOfSix = parse("--calls", "3", "--turns", "2", "--barge-in-share", "0.2");
    assertThat(oneOfSix.plannedBargeIns()).isEqualTo(1);
    for (int caller = 0; caller < 3; caller++) {
      assertThat(oneOfSix.bargesIn(caller, 1)).as("a first turn follows the greeting").isFalse();
    }

    LoadOptions half = parse("--calls", "10", "--turns", "4", "--barge-in-share", "0.5");
    assertThat(half.plannedBargeIns()).isEqualTo(20);
    LoadOptions all = parse("--calls", "10", "--turns", "4", "--barge-in-share", "1");
    assertThat(all.plannedBargeIns()).as("every turn but the first").isEqualTo(30);
    assertThat(parse("--calls", "10", "--turns", "1", "--barge-in-share", "1").plannedBargeIns()).isZero();
  }
}
