package com.voiceagent.tts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EngineSelectionTest {

  private static TtsProperties properties(TtsProperties.Engine engine, String json, String adc, String endpoint) {
    return new TtsProperties(engine, Duration.ofSeconds(3),
        new TtsProperties.Google("he-IL-Wavenet-A", "he-IL", endpoint, json, adc, Duration.ofMillis(250)),
        new TtsProperties.Espeak("espeak-ng", "he", 160), new TtsProperties.Phrases(256, ""));
  }

  @Test
  void autoWithoutGoogleSettingsPicksEspeak() {
    var selection = EngineSelection.choose(properties(TtsProperties.Engine.AUTO, "", "", ""));

    assertThat(selection.engineName()).isEqualTo("espeak");
    assertThat(selection.reason()).isEqualTo("auto: no Google credentials or endpoint configured");
  }

  @Test
  void autoWithAServiceAccountKeyPicksGoogleWithoutQuotingTheKey() {
    var selection = EngineSelection.choose(properties(TtsProperties.Engine.AUTO, "{\"private_key\":\"SECRET\"}", "", ""));

    assertThat(selection.engineName()).isEqualTo("google");
    assertThat(selection.reason()).isEqualTo("auto: GOOGLE_TTS_SA_JSON is set").doesNotContain("SECRET");
  }

  @Test
  void autoWithApplicationDefaultCredentialsPicksGoogle() {
    assertThat(EngineSelection.choose(properties(TtsProperties.Engine.AUTO, "", "/keys/tts.json", "")).reason())
        .isEqualTo("auto: GOOGLE_APPLICATION_CREDENTIALS is set");
  }

  @Test
  void autoWithAnEndpointPicksGoogle() {
    assertThat(EngineSelection.choose(properties(TtsProperties.Engine.AUTO, "", "", "localhost:50051")).reason())
        .isEqualTo("auto: GOOGLE_TTS_ENDPOINT is set (localhost:50051)");
  }

  @Test
  void anExplicitChoiceWins() {
    assertThat(EngineSelection.choose(properties(TtsProperties.Engine.ESPEAK, "{}", "", "localhost:1")).engineName()).isEqualTo("espeak");
    assertThat(EngineSelection.choose(properties(TtsProperties.Engine.GOOGLE, "", "", "")).engineName()).isEqualTo("google");
  }

  @Test
  void propertiesNeverPrintTheKey() {
    assertThat(properties(TtsProperties.Engine.AUTO, "{\"private_key\":\"SECRET\"}", "", "").toString()).doesNotContain("SECRET");
  }
}
