package com.voiceagent.stt.whispercpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voiceagent.stt.TestAudio;
import com.voiceagent.stt.engine.Audio;
import io.github.givimad.whisperjni.WhisperJNI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * whisper.cpp as far as it can be exercised without a model: no ggml Whisper model can be downloaded
 * here, so a real transcription is not tested.
 */
class WhisperCppSpeechToTextTest {

  @Test
  void theBundledNativeLibraryLoads() {
    WhisperCppSpeechToText.loadLibrary();
    assertThat(new WhisperJNI().getSystemInfo()).isNotBlank();
  }

  @Test
  void aMissingModelFileFailsWithAMessageNamingWhisperModel() {
    assertThatThrownBy(() -> WhisperCppSpeechToText.load("/nonexistent/ggml-he.bin", 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("WHISPER_MODEL")
        .hasMessageContaining("/nonexistent/ggml-he.bin");
  }

  @Test
  void aBlankModelPathFailsWithAMessageNamingWhisperModel() {
    assertThatThrownBy(() -> WhisperCppSpeechToText.load(" ", 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("WHISPER_MODEL");
  }

  @Test
  void aDirectoryIsNotAModel(@TempDir Path dir) {
    assertThatThrownBy(() -> WhisperCppSpeechToText.load(dir.toString(), 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("WHISPER_MODEL")
        .hasMessageContaining("not a readable file");
  }

  @Test
  void aFileThatIsNotAWhisperModelFailsWithAMessageNamingWhisperModel(@TempDir Path dir) throws Exception {
    Path garbage = Files.write(dir.resolve("not-a-model.bin"), "this is not a ggml file".repeat(100).getBytes());
    assertThatThrownBy(() -> WhisperCppSpeechToText.load(garbage.toString(), 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("WHISPER_MODEL");
  }

  @Test
  void telephoneAudioIsResampledTo16kHzFloatsWithinUnitRange() {
    Audio speech = TestAudio.speech();
    float[] samples = WhisperCppSpeechToText.whisperSamples(speech);
    assertThat(samples.length).isBetween(speech.samples().length * 2 - 4, speech.samples().length * 2 + 4);
    float peak = 0;
    for (float sample : samples) {
      assertThat(sample).isBetween(-1f, 1f);
      peak = Math.max(peak, Math.abs(sample));
    }
    assertThat(peak).isGreaterThan(0.1f);
  }
}
