package com.voiceagent.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.events.ReplyKind;
import com.voiceagent.events.StageTiming;
import com.voiceagent.events.TurnCompleted;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnTimelineTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  private static Instant at(long ms) {
    return T0.plusMillis(ms);
  }

  private static StageTiming stage(String name, String engine, long received, long engineMs, long published) {
    return StageTiming.newBuilder().setStage(name).setEngine(engine).setInstance(name + "-1")
        .setReceivedAt(at(received)).setEngineMs(engineMs).setPublishedAt(at(published)).build();
  }

  private static TurnCompleted turn(List<StageTiming> timeline) {
    return TurnCompleted.newBuilder().setCallSid("CA1").setTurn(1).setProducer("gw-1").setEventTime(at(5000))
        .setSpeechEndedAt(at(3000)).setFirstAudioSentAt(at(4990)).setReplyText("שלום").setKind(ReplyKind.ANSWER)
        .setTimeline(timeline).build();
  }

  private final TurnTimeline full = new TurnTimeline(turn(List.of(
      stage("gateway", "energy-vad", 3600, 0, 3605),
      stage("stt", "whisper-cpp", 3610, 700, 4315),
      stage("dialog", "scripted", 4320, 10, 4335),
      stage("tts", "espeak", 4340, 600, 4950),
      stage("playback", "gateway", 4955, 0, 4980))), "מה השעה?", List.of("השעה עשר."), at(4985));

  @Test
  void overheadIsEndOfUtteranceToFirstAudioMinusTheEnginesTime() {
    // 4980 (first audio sent) - 3600 (endpoint fired) - (700 + 10 + 600) = 70
    assertThat(full.engineMs()).isEqualTo(1310);
    assertThat(full.overheadMs()).contains(70L);
  }

  @Test
  void timeTheReplyWasHeldForTheEndOfASpeculativeTurnIsNotOverhead() {
    // A turn started at a pause: the reply was ready at 4700 but held until the end silence confirmed the
    // turn at 4955; the gateway reports those 255 ms as the playback stage's engine time.
    TurnTimeline held = new TurnTimeline(turn(List.of(
        stage("gateway", "energy-vad", 3600, 0, 3605),
        stage("stt", "whisper-cpp", 3610, 700, 4315),
        stage("dialog", "scripted", 4320, 10, 4335),
        stage("tts", "espeak", 4340, 300, 4650),
        stage("playback", "gateway", 4700, 255, 4980))), "מה השעה?", List.of("השעה עשר."), at(4985));

    // 4980 - 3600 - (700 + 10 + 300) - 255 = 115
    assertThat(held.heldForEndOfTurnMs()).isEqualTo(255);
    assertThat(held.overheadMs()).contains(115L);
    assertThat(held.render(T0)).contains("held 255 ms until the caller's turn was confirmed")
        .contains("held for end of turn: 255 ms | pipeline overhead: 115 ms");
  }

  @Test
  void theCallerWaitsFromTheLastSpeechSampleToTheFirstAudio() {
    assertThat(full.firstAudioSent()).isEqualTo(at(4980));
    assertThat(full.speechEndToFirstAudioMs()).isEqualTo(1980);
  }

  @Test
  void withoutAPlaybackEntryTheTurnsFirstAudioTimeIsUsed() {
    TurnTimeline noPlayback = new TurnTimeline(turn(List.of(stage("gateway", "vad", 3600, 0, 3605),
        stage("stt", "x", 3610, 100, 3800))), null, List.of(), null);

    assertThat(noPlayback.firstAudioSent()).isEqualTo(at(4990));
    assertThat(noPlayback.overheadMs()).contains(4990L - 3600 - 100);
  }

  @Test
  void withoutAGatewayEntryTheOverheadIsUnknownRatherThanGuessed() {
    TurnTimeline noGateway = new TurnTimeline(turn(List.of(stage("stt", "x", 3610, 100, 3800))), null, List.of(), null);

    assertThat(noGateway.overheadMs()).isEmpty();
    assertThat(noGateway.render(T0)).contains("pipeline overhead: n/a (no gateway timing)");
  }

  @Test
  void theReportShowsEachStageAgainstTheCallsClock() {
    String text = full.render(T0);

    assertThat(text).contains("turn 1 (ANSWER)")
        .contains("caller said : \"מה השעה?\"")
        .contains("agent said  : \"השעה עשר.\"")
        .contains("   +3.00 s  caller stopped speaking")
        .contains("   +3.60 s  end of utterance detected (endpointer, 600 ms after the last speech)")
        .contains("   +4.32 s  stt    whisper-cpp  took 705 ms (engine 700 ms, waited 5 ms before)")
        .contains("   +4.98 s  first reply audio sent to Twilio")
        .contains("   +4.99 s  first reply audio reached the simulator")
        .contains("last speech -> first audio 1980 ms | end of utterance detected -> first audio 1380 ms")
        .contains("stt 700 + dialog 10 + tts 600 = 1310 ms | held for end of turn: 0 ms | pipeline overhead: 70 ms");
  }
}
