package com.voiceagent.dialog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

class DialogSettingsTest {

  private static DialogProperties properties(String engine, String apiKey) {
    return new DialogProperties(engine, "classpath:scripted/business.yml", "", Duration.ofSeconds(4), Duration.ofSeconds(20),
        110, 12, 20, Duration.ofSeconds(60), Duration.ofHours(2), Duration.ofDays(7), Duration.ofMinutes(1), List.of("ביי"),
        new DialogProperties.OpenAi(apiKey, "https://api.openai.com/v1", "gpt-4o-mini", 1, Duration.ofSeconds(30), 300, 0.4),
        new DialogProperties.TextChannel(true, 1600), new DialogProperties.Tools(Duration.ofMillis(700), 3),
        new DialogProperties.Keypad("0"), new DialogProperties.TransferNotify("", Duration.ofSeconds(5)));
  }

  @Test
  void autoPicksOpenAiOnlyWhenAKeyIsSet() {
    assertThat(EngineChoice.of(properties("auto", "sk-x")).engine()).isEqualTo("openai");
    assertThat(EngineChoice.of(properties("auto", "")).engine()).isEqualTo("scripted");
    assertThat(EngineChoice.of(properties("auto", "")).why()).contains("OPENAI_API_KEY is not set");
    assertThat(EngineChoice.of(properties("scripted", "sk-x")).engine()).isEqualTo("scripted");
  }

  @Test
  void openAiWithoutAKeyFailsNamingTheVariable() {
    assertThatThrownBy(() -> EngineChoice.of(properties("openai", " "))).hasMessageContaining("OPENAI_API_KEY");
  }

  @Test
  void theApiKeyNeverAppearsInTheSettingsText() {
    assertThat(properties("openai", "sk-secret-123").toString()).doesNotContain("sk-secret-123");
  }

  @Test
  void anUnknownEngineFailsStartupWithAClearMessage() {
    assertThatThrownBy(() -> new SpringApplicationBuilder(DialogApplication.class)
        .run("--voice.dialog.engine=gpt", "--spring.kafka.bootstrap-servers=127.0.0.1:1", "--spring.kafka.admin.fail-fast=false"))
        .rootCause().hasMessageContaining("voice.dialog.engine (DIALOG_ENGINE) must be auto, openai or scripted");
  }

  @Test
  void aTransferNotifyNumberThatIsNotE164FailsStartupNamingTheVariable() {
    assertThatThrownBy(() -> new SpringApplicationBuilder(DialogApplication.class)
        .run("--voice.dialog.transfer-notify.whatsapp=050-1234567", "--spring.kafka.bootstrap-servers=127.0.0.1:1",
            "--spring.kafka.admin.fail-fast=false"))
        .rootCause().hasMessageContaining("TRANSFER_NOTIFY_WHATSAPP").hasMessageContaining("E.164");
  }

  @Test
  void aSystemPromptFileThatCannotBeReadFailsNamingTheSetting() {
    assertThatThrownBy(() -> DialogConfiguration.systemPrompt("/nope/prompt.txt")).hasMessageContaining("SYSTEM_PROMPT_FILE");
    assertThat(DialogConfiguration.systemPrompt("")).contains("end_call");
  }
}
