package com.voiceagent.stt;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the speech-to-text stage ({@code voice.stt.*}); the environment variables that feed them
 * are mapped in application.yml and listed in docs/stt.md.
 *
 * @param engine which engine transcribes (STT_ENGINE): auto picks openai when an API key is set, else
 *     whisper-cpp when a readable model is configured, else none
 * @param model the OpenAI-compatible transcription model (STT_MODEL), e.g. whisper-1, gpt-4o-transcribe
 * @param timeout the budget of one transcription (STT_TIMEOUT); past it the transcript is FAILED, because
 *     the caller is waiting on the line
 * @param minVoiced utterances with less voiced audio than this are never sent to an engine (Whisper
 *     invents text on silence)
 * @param voicedLevel RMS level (of 32767) a 20 ms frame must exceed to count as voiced
 * @param fillers phrases Whisper is known to invent on noise; a transcript equal to one (after
 *     normalisation; a trailing {@code *} matches as a prefix) is EMPTY. Empty means the built-in list.
 */
@Validated
@ConfigurationProperties("voice.stt")
public record SttProperties(
    @DefaultValue("auto") @NotNull(message = "voice.stt.engine (STT_ENGINE) must be auto, openai, whisper-cpp or none") Engine engine,
    @DefaultValue("whisper-1") @NotBlank(message = "voice.stt.model (STT_MODEL) must name a transcription model") String model,
    @DefaultValue("4s") @NotNull @DurationMin(millis = 100, message = "voice.stt.timeout (STT_TIMEOUT) must be at least 100ms") Duration timeout,
    @DefaultValue("200ms") @NotNull @DurationMin(millis = 0, message = "voice.stt.min-voiced must not be negative") Duration minVoiced,
    @DefaultValue("400") @Min(value = 1, message = "voice.stt.voiced-level must be 1..32767") @Max(value = 32767, message = "voice.stt.voiced-level must be 1..32767") int voicedLevel,
    List<String> fillers,
    @DefaultValue @Valid @NotNull OpenAi openai,
    @DefaultValue @Valid @NotNull WhisperCpp whisperCpp) {

  /** Built-in list of Whisper's favourite inventions on silence, noise and hold music. */
  public static final List<String> DEFAULT_FILLERS = List.of(
      "תודה רבה", "תודה", "תודה רבה שצפיתם*", "תודה שצפיתם*", "כתוביות*", "תורגם על ידי*", "תורגם ע י*",
      "thank you", "thanks", "thank you for watching*", "thanks for watching*", "subtitles by*", "...");

  public SttProperties {
    fillers = fillers == null || fillers.stream().allMatch(f -> f == null || f.isBlank())
        ? DEFAULT_FILLERS
        : fillers.stream().filter(f -> f != null && !f.isBlank()).toList();
  }

  public enum Engine {
    AUTO, OPENAI, WHISPER_CPP, NONE;

    /** The spelling users write in STT_ENGINE. */
    public String settingValue() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * @param baseUrl any OpenAI-compatible server (OPENAI_BASE_URL)
   * @param apiKey OPENAI_API_KEY; never logged
   * @param maxRetries the SDK's own retries of 408/429/5xx; small, so that the budget still holds
   */
  public record OpenAi(
      @DefaultValue("https://api.openai.com/v1") @NotBlank(message = "voice.stt.openai.base-url (OPENAI_BASE_URL) must not be blank") String baseUrl,
      @DefaultValue("") String apiKey,
      @DefaultValue("1") @Min(value = 0, message = "voice.stt.openai.max-retries must be 0..3") @Max(value = 3, message = "voice.stt.openai.max-retries must be 0..3") int maxRetries) {

    public boolean hasApiKey() {
      return apiKey != null && !apiKey.isBlank();
    }

    @Override
    public String toString() {
      return "OpenAi[baseUrl=" + baseUrl + ", apiKey=" + (hasApiKey() ? "****" : "(none)") + ", maxRetries=" + maxRetries + "]";
    }
  }

  /**
   * @param model path of a ggml Whisper model file (WHISPER_MODEL), e.g. a Hebrew fine-tune
   * @param contexts how many transcriptions may run at once; each holds its own decoder state in memory
   */
  public record WhisperCpp(
      @DefaultValue("") String model,
      @DefaultValue("1") @Min(value = 1, message = "voice.stt.whisper-cpp.contexts must be at least 1") int contexts) {

    public boolean hasModel() {
      return model != null && !model.isBlank();
    }
  }
}
