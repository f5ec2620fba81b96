package com.voiceagent.analyst;

import com.voiceagent.stt.engine.SpeechToText;
import com.voiceagent.stt.openai.OpenAiSpeechToText;
import java.time.Duration;
import java.util.Map;

/**
 * The engine B of {@code ./voice rerun --stt ENGINE[:MODEL]}: stt-service's own engine classes, configured from
 * the same environment as stt-service (OPENAI_BASE_URL, OPENAI_API_KEY), so B is exactly what the service would
 * run. {@code openai[:MODEL]} (default whisper-1): any OpenAI-compatible transcription server.
 */
final class SttEngines {
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String OPENAI = "https://api.openai.com/v1";

  private SttEngines() {}

  static SpeechToText of(String spec, Map<String, String> env) {
    String[] parts = spec.split(":", 2);
    String engine = parts[0].trim();
    String model = parts.length > 1 && !parts[1].isBlank() ? parts[1].trim() : null;
    return switch (engine) {
      case "openai" -> openAi(model == null ? "whisper-1" : model, env);
      default -> throw new IllegalArgumentException("--stt must be openai[:MODEL] in this version, was '" + spec + "'");
    };
  }

  private static SpeechToText openAi(String model, Map<String, String> env) {
    String baseUrl = env.getOrDefault("OPENAI_BASE_URL", "").isBlank() ? OPENAI : env.get("OPENAI_BASE_URL").trim();
    String key = env.getOrDefault("OPENAI_API_KEY", "");
    if (key.isBlank() && baseUrl.equals(OPENAI)) {
      throw new IllegalArgumentException("--stt openai needs OPENAI_API_KEY (or OPENAI_BASE_URL of a compatible server)");
    }
    // Warmed up as the service does, so B's first turn is not charged the SDK's class loading.
    return new OpenAiSpeechToText(baseUrl, key.isBlank() ? "none" : key, model, TIMEOUT, 1).warmUp();
  }
}
