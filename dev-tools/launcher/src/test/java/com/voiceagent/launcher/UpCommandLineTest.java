package com.voiceagent.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class UpCommandLineTest {
  @Test
  void noArgumentsMeanTheDefaults() {
    assertThat(UpCommandLine.parse(List.of())).isEqualTo(UpCommandLine.NONE);
  }

  @Test
  void scaleBrokersAndNoRestartAreReadWithTheirValuesSeparateOrAfterAnEqualsSign() {
    UpCommandLine line = UpCommandLine.parse(List.of("--scale", "gateway=2,stt-service=3", "--brokers=3", "--no-restart"));

    assertThat(line.scale()).isEqualTo("gateway=2,stt-service=3");
    assertThat(line.brokers()).isEqualTo("3");
    assertThat(line.noRestart()).isTrue();
    assertThat(UpCommandLine.parse(List.of("--scale=gateway=2")).scale()).isEqualTo("gateway=2");
  }

  @Test
  void anUnknownArgumentIsRefusedByName() {
    assertThatThrownBy(() -> UpCommandLine.parse(List.of("--scael", "gateway=2")))
        .isInstanceOf(UsageException.class)
        .hasMessage("unknown argument '--scael'");
    assertThatThrownBy(() -> UpCommandLine.parse(List.of("gateway=2")))
        .hasMessage("unknown argument 'gateway=2'");
  }

  @Test
  void anOptionWithoutItsValueSaysWhatItNeeds() {
    assertThatThrownBy(() -> UpCommandLine.parse(List.of("--scale")))
        .isInstanceOf(UsageException.class)
        .hasMessage("--scale needs a value, e.g. --scale gateway=2,stt-service=3");
    assertThatThrownBy(() -> UpCommandLine.parse(List.of("--brokers", "--no-restart")))
        .hasMessage("--brokers needs a value, e.g. --brokers 3");
  }

  @Test
  void anOptionGivenTwiceIsRefusedRatherThanOneOfThemIgnored() {
    assertThatThrownBy(() -> UpCommandLine.parse(List.of("--scale", "gateway=2", "--scale", "gateway=3")))
        .isInstanceOf(UsageException.class)
        .hasMessage("--scale is given twice");
  }

  @Test
  void helpIsRecognisedAndTheUsageNamesEveryOption() {
    assertThat(UpCommandLine.parse(List.of("-h")).help()).isTrue();
    assertThat(UpCommandLine.parse(List.of("--help")).help()).isTrue();
    assertThat(UpCommandLine.USAGE).contains("--scale", "--brokers", "--no-restart", "VOICE_SCALE", "VOICE_RESTART",
        "./voice ps");
  }
}
