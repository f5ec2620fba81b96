package com.voiceagent.stt.engine;

import com.voiceagent.stt.SttProperties;
import com.voiceagent.stt.SttProperties.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Which engine the stage uses and why, decided from the settings alone (the why is logged at startup,
 * so an operator sees at once why a stage answers every turn with EMPTY).
 */
public record EngineChoice(Engine engine, String why) {

  public EngineChoice {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(why, "why");
    if (engine == Engine.AUTO) {
      throw new IllegalArgumentException("a choice names a concrete engine, not auto");
    }
  }

  public static EngineChoice of(SttProperties properties) {
    Objects.requireNonNull(properties, "properties");
    return switch (properties.engine()) {
      case OPENAI -> {
        if (!properties.openai().hasApiKey()) {
          throw new IllegalStateException("STT_ENGINE=openai needs OPENAI_API_KEY (voice.stt.openai.api-key)");
        }
        yield new EngineChoice(Engine.OPENAI, "STT_ENGINE=openai");
      }
      case WHISPER_CPP -> new EngineChoice(Engine.WHISPER_CPP, "STT_ENGINE=whisper-cpp");
      case NONE -> new EngineChoice(Engine.NONE, "STT_ENGINE=none");
      case AUTO -> auto(properties);
    };
  }

  private static EngineChoice auto(SttProperties properties) {
    if (properties.openai().hasApiKey()) {
      return new EngineChoice(Engine.OPENAI, "STT_ENGINE=auto and OPENAI_API_KEY is set");
    }
    if (properties.whisperCpp().hasModel()) {
      Path model = Path.of(properties.whisperCpp().model());
      if (Files.isRegularFile(model) && Files.isReadable(model)) {
        return new EngineChoice(Engine.WHISPER_CPP, "STT_ENGINE=auto, no OPENAI_API_KEY, and WHISPER_MODEL " + model + " is readable");
      }
      return new EngineChoice(Engine.NONE, "STT_ENGINE=auto, no OPENAI_API_KEY, and WHISPER_MODEL " + model + " is not a readable file");
    }
    return new EngineChoice(Engine.NONE, "STT_ENGINE=auto and neither OPENAI_API_KEY nor WHISPER_MODEL is set");
  }
}
