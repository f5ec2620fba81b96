package com.voiceagent.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RealTimeAudioTest {
  private static final int FRAME = 160; // 20 ms of mu-law

  @Test
  void framesHandledOnTimeAreNotLate() {
    RealTimeAudio audio = new RealTimeAudio(1_000, Duration.ofSeconds(2));
    for (int i = 0; i < 10; i++) {
      assertThat(audio.accept(FRAME, 1_000 + 20L * i)).isTrue();
      assertThat(audio.lastLateMs()).isZero();
    }
  }

  @Test
  void aFrameHandledLateIsLateByTheDelayAndTheBurstAfterItCatchesUp() {
    RealTimeAudio audio = new RealTimeAudio(0, Duration.ofSeconds(2));
    audio.accept(FRAME, 0);
    audio.accept(FRAME, 20);
    audio.accept(FRAME, 40);
    audio.accept(FRAME, 90); // due at 60
    assertThat(audio.lastLateMs()).isEqualTo(30);
    audio.accept(FRAME, 90); // due at 80, handled with it
    assertThat(audio.lastLateMs()).isEqualTo(10);
    audio.accept(FRAME, 100); // due at 100
    assertThat(audio.lastLateMs()).isZero();
  }

  @Test
  void lateIsMeasuredAgainstTheStreamsBestTimedFrameNotItsStart() {
    // The first frames came 50 ms after the start (Twilio's buffer while the socket opened): that is no delay.
    RealTimeAudio audio = new RealTimeAudio(0, Duration.ofSeconds(2));
    audio.accept(FRAME, 50);
    assertThat(audio.lastLateMs()).isZero();
    audio.accept(FRAME, 70);
    assertThat(audio.lastLateMs()).isZero();
    audio.accept(FRAME, 115); // 25 ms after the 90 its predecessors set
    assertThat(audio.lastLateMs()).isEqualTo(25);
  }

  @Test
  void audioFurtherAheadThanAllowedIsRefused() {
    RealTimeAudio audio = new RealTimeAudio(0, Duration.ofMillis(100));
    for (int i = 0; i < 5; i++) {
      assertThat(audio.accept(FRAME, 0)).isTrue(); // 100 ms at once
    }
    assertThat(audio.accept(FRAME, 0)).isFalse();
  }
}
