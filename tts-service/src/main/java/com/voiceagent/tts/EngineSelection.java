package com.voiceagent.tts;

/**
 * Which engine speaks first, and why: logged at startup so an operator sees at once whether calls get
 * Wavenet or the offline voice.
 *
 * @param google whether Google is the primary engine (espeak is then its fallback)
 * @param reason human-readable cause, free of secrets
 */
record EngineSelection(boolean google, String reason) {

  static EngineSelection choose(TtsProperties properties) {
    TtsProperties.Google google = properties.google();
    return switch (properties.engine()) {
      case GOOGLE -> new EngineSelection(true, "TTS_ENGINE=google");
      case ESPEAK -> new EngineSelection(false, "TTS_ENGINE=espeak");
      case AUTO -> {
        if (!google.serviceAccountJson().isBlank()) {
          yield new EngineSelection(true, "auto: GOOGLE_TTS_SA_JSON is set");
        }
        if (!google.applicationCredentials().isBlank()) {
          yield new EngineSelection(true, "auto: GOOGLE_APPLICATION_CREDENTIALS is set");
        }
        if (!google.endpoint().isBlank()) {
          yield new EngineSelection(true, "auto: GOOGLE_TTS_ENDPOINT is set (" + google.endpoint() + ")");
        }
        yield new EngineSelection(false, "auto: no Google credentials or endpoint configured");
      }
    };
  }

  String engineName() {
    return google ? "google" : "espeak";
  }
}
