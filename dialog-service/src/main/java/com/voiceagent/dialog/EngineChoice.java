package com.voiceagent.dialog;

/**
 * Which engine answers, and why (for the startup log). "auto" means the LLM when its key is configured,
 * the offline scripted responder otherwise, so a fresh checkout answers calls without any cloud account.
 */
public record EngineChoice(String engine, String why) {
  public static EngineChoice of(DialogProperties properties) {
    boolean hasKey = properties.openai().hasApiKey();
    return switch (properties.engine()) {
      case "openai" -> {
        if (!hasKey) {
          throw new IllegalStateException("voice.dialog.engine=openai (DIALOG_ENGINE) needs OPENAI_API_KEY"
              + " (voice.dialog.openai.api-key); for a local OpenAI-compatible server any non-empty value works");
        }
        yield new EngineChoice("openai", "DIALOG_ENGINE=openai");
      }
      case "scripted" -> new EngineChoice("scripted", "DIALOG_ENGINE=scripted");
      default -> hasKey
          ? new EngineChoice("openai", "DIALOG_ENGINE=auto and OPENAI_API_KEY is set")
          : new EngineChoice("scripted", "DIALOG_ENGINE=auto and OPENAI_API_KEY is not set");
    };
  }
}
