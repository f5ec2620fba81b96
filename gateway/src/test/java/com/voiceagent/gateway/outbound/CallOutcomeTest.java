package com.voiceagent.gateway.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Twilio's callbacks arrive out of order: a final outcome is never undone by a later-arriving callback. */
class CallOutcomeTest {
  private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");

  @Test
  void anAnsweredCallBecomesMachineWhenDetectionSaysSo() {
    assertThat(CallOutcome.PLACED.afterStatus("ringing")).isEqualTo(CallOutcome.PLACED);
    assertThat(CallOutcome.PLACED.afterStatus("in-progress")).isEqualTo(CallOutcome.ANSWERED);
    assertThat(CallOutcome.ANSWERED.afterDetection("machine_end_beep")).isEqualTo(CallOutcome.MACHINE);
    assertThat(CallOutcome.ANSWERED.afterDetection("human")).isEqualTo(CallOutcome.ANSWERED);
    assertThat(CallOutcome.PLACED.afterDetection("unknown")).isEqualTo(CallOutcome.ANSWERED);
    assertThat(CallOutcome.MACHINE.afterStatus("completed")).isEqualTo(CallOutcome.MACHINE);
  }

  @Test
  void unansweredCallsKeepTheirOutcome() {
    assertThat(CallOutcome.PLACED.afterStatus("busy")).isEqualTo(CallOutcome.BUSY);
    assertThat(CallOutcome.PLACED.afterStatus("no-answer")).isEqualTo(CallOutcome.NO_ANSWER);
    assertThat(CallOutcome.PLACED.afterStatus("failed")).isEqualTo(CallOutcome.FAILED);
    assertThat(CallOutcome.PLACED.afterStatus("canceled")).isEqualTo(CallOutcome.FAILED);
    assertThat(CallOutcome.BUSY.afterStatus("ringing")).isEqualTo(CallOutcome.BUSY);
    assertThat(CallOutcome.NO_ANSWER.afterDetection("human")).isEqualTo(CallOutcome.NO_ANSWER);
    assertThat(CallOutcome.NO_ANSWER.wire()).isEqualTo("no-answer");
  }

  @Test
  void onlyAGreetingThatEndedGetsAVoicemail() {
    assertThat(CallOutcome.greetingEnded("machine_end_beep")).isTrue();
    assertThat(CallOutcome.greetingEnded("machine_end_silence")).isTrue();
    assertThat(CallOutcome.greetingEnded("machine_end_other")).isTrue();
    assertThat(CallOutcome.greetingEnded("machine_start")).isFalse();
    assertThat(CallOutcome.greetingEnded("human")).isFalse();
  }

  @Test
  void onlyOutboundCallsAreTrackedFromStatusCallbacks() {
    OutboundCalls calls = new OutboundCalls(10);
    assertThat(calls.status("CA1", "in-progress", "inbound", NOW)).isEmpty();
    assertThat(calls.find("CA1")).isEmpty();
    assertThat(calls.status("CA2", "busy", "outbound-api", NOW)).contains(CallOutcome.BUSY);
    calls.placed("CA3", NOW);
    assertThat(calls.status("CA3", "completed", null, NOW)).contains(CallOutcome.ANSWERED);
  }

  @Test
  void theStoreIsBounded() {
    OutboundCalls calls = new OutboundCalls(2);
    calls.placed("CA1", NOW);
    calls.placed("CA2", NOW);
    calls.placed("CA3", NOW);
    assertThat(calls.find("CA1")).isEmpty();
    assertThat(calls.find("CA3")).isPresent();
  }
}
