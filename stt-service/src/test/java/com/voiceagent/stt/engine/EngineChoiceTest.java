package com.voiceagent.stt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voiceagent.stt.SttProperties.Engine;
import com.voiceagent.stt.TestAudio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineChoiceTest {

  @Test
  void autoChoosesOpenAiWhenAnApiKeyIsSet() {
    EngineChoice choice = EngineChoice.of(TestAudio.auto("sk-secret", ""));
    assertThat(choice.engine()).isEqualTo(Engine.OPENAI);
    assertThat(choice.why()).contains("OPENAI_API_KEY").doesNotContain("sk-secret");
  }

  @Test
  void autoChoosesWhisperCppWhenNoKeyAndTheModelFileIsReadable(@TempDir Path dir) throws Exception {
    Path model = Files.write(dir.resolve("ggml-he.bin"), new byte[] {1, 2, 3});
    EngineChoice choice = EngineChoice.of(TestAudio.auto("", model.toString()));
    assertThat(choice.engine()).isEqualTo(Engine.WHISPER_CPP);
    assertThat(choice.why()).contains("WHISPER_MODEL");
  }

  @Test
  void autoChoosesNoneWhenTheModelPathIsNotReadable() {
    EngineChoice choice = EngineChoice.of(TestAudio.auto("", "/nonexistent/ggml-he.bin"));
    assertThat(choice.engine()).isEqualTo(Engine.NONE);
    assertThat(choice.why()).contains("/nonexistent/ggml-he.bin");
  }

  @Test
  void autoChoosesNoneWithoutKeyOrModel() {
    assertThat(EngineChoice.of(TestAudio.auto("", "")).engine()).isEqualTo(Engine.NONE);
  }

  @Test
  void openAiChosenWithoutAKeyFailsNamingOpenAiApiKey() {
    assertThatThrownBy(() -> EngineChoice.of(TestAudio.explicit(Engine.OPENAI, "", "")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("OPENAI_API_KEY");
  }

  @Test
  void theNoneEngineHearsNothingAndSaysWhy() throws Exception {
    SpeechToText engine = SpeechToTextConfiguration.engineFor(TestAudio.explicit(Engine.NONE, "", ""));
    Recognition recognition = engine.transcribe(TestAudio.speech(), Duration.ofSeconds(1));
    assertThat(engine.name()).isEqualTo("none");
    assertThat(recognition.nothingReason()).contains("no speech-to-text engine configured");
  }
}
