package com.voiceagent.twiliokit.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PlaybackBufferTest {
  private final PlaybackBuffer buffer = new PlaybackBuffer();

  private static byte[] audio(int bytes, int value) {
    byte[] b = new byte[bytes];
    Arrays.fill(b, (byte) value);
    return b;
  }

  @Test
  void aMarkIsEchoedOnlyWhenTheAudioBeforeItHasBeenPlayed() {
    buffer.appendAudio(audio(400, 1)); // 50 ms
    assertThat(buffer.addMark("turn-1/seg-0")).isEmpty();
    buffer.appendAudio(audio(160, 2));

    assertThat(buffer.play(160).marksReached()).isEmpty();
    assertThat(buffer.play(160).marksReached()).isEmpty();
    PlaybackBuffer.Played third = buffer.play(160); // 80 bytes finish the first audio, then 80 of the next
    assertThat(third.marksReached()).containsExactly("turn-1/seg-0");
    assertThat(third.audio()).hasSize(160);
    assertThat(Arrays.copyOfRange(third.audio(), 0, 80)).containsOnly((byte) 1);
    assertThat(Arrays.copyOfRange(third.audio(), 80, 160)).containsOnly((byte) 2);
  }

  @Test
  void aMarkWithNothingBufferedIsEchoedAtOnce() {
    assertThat(buffer.addMark("now")).containsExactly("now");
    assertThat(buffer.isEmpty()).isTrue();
  }

  @Test
  void aMarkRightAfterTheLastPlayedByteIsEchoedInTheSameTick() {
    buffer.appendAudio(audio(160, 1));
    buffer.addMark("a");
    buffer.addMark("b");

    PlaybackBuffer.Played played = buffer.play(160);

    assertThat(played.marksReached()).containsExactly("a", "b");
    assertThat(buffer.isEmpty()).isTrue();
  }

  @Test
  void playbackDrainsAtTheRequestedPaceAndReturnsLessWhenTheBufferRunsDry() {
    buffer.appendAudio(audio(200, 1));

    assertThat(buffer.play(160).audio()).hasSize(160);
    assertThat(buffer.bufferedBytes()).isEqualTo(40);
    assertThat(buffer.play(160).audio()).hasSize(40);
    assertThat(buffer.play(160).audio()).isEmpty();
  }

  @Test
  void clearDropsTheBufferedAudioAndEchoesEveryPendingMark() {
    buffer.appendAudio(audio(800, 1));
    buffer.addMark("seg-0");
    buffer.appendAudio(audio(800, 1));
    buffer.addMark("seg-1");
    buffer.play(160);

    assertThat(buffer.clear()).containsExactly("seg-0", "seg-1");
    assertThat(buffer.isEmpty()).isTrue();
    assertThat(buffer.bufferedBytes()).isZero();
    assertThat(buffer.play(160).audio()).isEmpty();
    assertThat(buffer.addMark("after-clear")).containsExactly("after-clear");
  }
}
