package com.voiceagent.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScaleTest {
  @Test
  void servicesNotNamedRunOnce() {
    Scale scale = Scale.parse("gateway=2, stt-service=3", "--scale");

    assertThat(scale.counts()).containsExactly(
        java.util.Map.entry("gateway", 2), java.util.Map.entry("stt-service", 3), java.util.Map.entry("dialog-service", 1),
        java.util.Map.entry("tts-service", 1), java.util.Map.entry("whatsapp-service", 1), java.util.Map.entry("console", 1));
    assertThat(scale).hasToString("gateway=2,stt-service=3,dialog-service=1,tts-service=1,whatsapp-service=1,console=1");
  }

  @Test
  void nginxIsNeededOnlyForSeveralGatewaysOrWhatsappServices() {
    assertThat(Scale.ONE_EACH.needsLoadBalancer()).isFalse();
    assertThat(Scale.parse("stt-service=3,dialog-service=2,tts-service=2", "--scale").needsLoadBalancer()).isFalse();
    assertThat(Scale.parse("gateway=2", "--scale").needsLoadBalancer()).isTrue();
    assertThat(Scale.parse("whatsapp-service=2", "--scale").needsLoadBalancer()).isTrue();
  }

  @Test
  void anUnknownServiceIsRefusedWithTheListOfServices() {
    assertThatThrownBy(() -> Scale.parse("gatway=2", "VOICE_SCALE"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("VOICE_SCALE: unknown service 'gatway'; the services are gateway, stt-service, dialog-service,"
            + " tts-service, whatsapp-service, console");
  }

  @Test
  void theConsoleRunsOnce() {
    assertThat(Scale.parse("console=1", "--scale").of("console")).isEqualTo(1);
    assertThatThrownBy(() -> Scale.parse("console=2", "VOICE_SCALE")).hasMessage("VOICE_SCALE: console runs once, was 2");
  }

  @Test
  void aCountBelowOneOrAboveTheLimitOrNotANumberIsRefused() {
    assertThatThrownBy(() -> Scale.parse("gateway=0", "--scale"))
        .hasMessage("--scale: the count of gateway must be between 1 and 10, was 0");
    assertThatThrownBy(() -> Scale.parse("gateway=-1", "--scale"))
        .hasMessage("--scale: the count of gateway must be between 1 and 10, was -1");
    assertThatThrownBy(() -> Scale.parse("stt-service=11", "--scale"))
        .hasMessage("--scale: the count of stt-service must be between 1 and 10, was 11");
    assertThatThrownBy(() -> Scale.parse("gateway=two", "--scale"))
        .hasMessage("--scale: the count of gateway must be a whole number, was 'two'");
  }

  @Test
  void malformedEntriesAndRepeatsAreRefused() {
    assertThatThrownBy(() -> Scale.parse("gateway", "--scale"))
        .hasMessage("--scale: 'gateway' must be SERVICE=COUNT (e.g. gateway=2,stt-service=3)");
    assertThatThrownBy(() -> Scale.parse("gateway=2,", "--scale"))
        .hasMessage("--scale: '' must be SERVICE=COUNT (e.g. gateway=2,stt-service=3)");
    assertThatThrownBy(() -> Scale.parse("gateway=2,gateway=3", "--scale"))
        .hasMessage("--scale: gateway is given twice");
    assertThatThrownBy(() -> Scale.parse(" ", "VOICE_SCALE"))
        .hasMessage("VOICE_SCALE needs a value such as gateway=2,stt-service=3");
  }
}
