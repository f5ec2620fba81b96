package com.voiceagent.analyst;

import com.voiceagent.tts.TtsProperties;
import com.voiceagent.tts.engine.TextToSpeech;
import com.voiceagent.tts.google.GoogleEngines;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * The engine B of {@code ./voice rerun --voice V}: tts-service's own Google engine, set up from tts-service's
 * application.yml and the same environment (GOOGLE_TTS_ENDPOINT, GOOGLE_TTS_SA_JSON or Application Default
 * Credentials, TTS_LANGUAGE, TTS_SENTENCE_PAUSE, TTS_TIMEOUT), speaking with voice V instead of TTS_VOICE. No espeak
 * fallback: a sentence B cannot speak is reported as failed, not covered up.
 */
final class TtsEngines {
  private TtsEngines() {}

  record VoiceB(TextToSpeech engine, Duration budget) {}

  static VoiceB google(String voice, Map<String, String> env) {
    if (voice == null || voice.isBlank()) {
      throw new IllegalArgumentException("--voice needs a Google voice name, e.g. he-IL-Wavenet-B or he-IL-Chirp3-HD-Aoede");
    }
    TtsProperties settings = ServiceSettings.bind("voice.tts", TtsProperties.class, env,
        Map.of("voice.tts.google.voice", voice.trim()));
    TtsProperties.Google google = settings.google();
    try {
      return new VoiceB(GoogleEngines.create(new GoogleEngines.Settings(google.voice(), google.languageCode(),
          google.endpoint(), google.serviceAccountJson(), google.sentencePause(), settings.timeout())), settings.timeout());
    } catch (IOException e) {
      throw new Analyst.CommandFailed("cannot set up Google text-to-speech: " + e.getMessage(), e);
    }
  }
}
