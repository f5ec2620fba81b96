package com.voiceagent.stt;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.stt.engine.SpeechToTextConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class SttPropertiesTest {

  @Configuration
  @EnableConfigurationProperties(SttProperties.class)
  static class PropertiesOnly {}

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withUserConfiguration(PropertiesOnly.class, SpeechToTextConfiguration.class);

  @Test
  void theApiKeyNeverAppearsInTheSettingsText() {
    SttProperties properties = TestAudio.auto("sk-very-secret", "");
    assertThat(properties.toString()).doesNotContain("sk-very-secret").contains("****");
    assertThat(properties.openai().toString()).doesNotContain("sk-very-secret");
  }

  @Test
  void defaultsApplyWhenNothingIsSet() {
    runner.run(context -> {
      SttProperties properties = context.getBean(SttProperties.class);
      assertThat(properties.engine()).isEqualTo(SttProperties.Engine.AUTO);
      assertThat(properties.model()).isEqualTo("whisper-1");
      assertThat(properties.timeout()).hasSeconds(4);
      assertThat(properties.openai().maxRetries()).isEqualTo(1);
      assertThat(properties.fillers()).isEqualTo(SttProperties.DEFAULT_FILLERS);
    });
  }

  @Test
  void whisperCppChosenWithAMissingModelFailsStartupNamingWhisperModel() {
    runner.withPropertyValues("voice.stt.engine=whisper-cpp", "voice.stt.whisper-cpp.model=/nonexistent/ggml-he.bin")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause()
              .hasMessageContaining("WHISPER_MODEL").hasMessageContaining("/nonexistent/ggml-he.bin");
        });
  }

  @Test
  void aTooSmallTimeoutFailsStartupNamingTheSetting() {
    runner.withPropertyValues("voice.stt.timeout=10ms").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).hasStackTraceContaining("STT_TIMEOUT");
    });
  }

  @Test
  void aConfiguredFillerListReplacesTheBuiltInOne() {
    runner.withPropertyValues("voice.stt.fillers=שלום,bye").run(context ->
        assertThat(context.getBean(SttProperties.class).fillers()).containsExactly("שלום", "bye"));
  }
}
