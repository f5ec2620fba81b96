package com.voiceagent.tts;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * tts-service settings ({@code voice.tts.*}), validated at startup.
 *
 * @param engine auto (Google when its credentials or endpoint are configured, else espeak), google or espeak
 *     (env TTS_ENGINE)
 * @param timeout budget per sentence and engine; Google past it falls back to espeak (env TTS_TIMEOUT)
 */
@Validated
@ConfigurationProperties("voice.tts")
public record TtsProperties(
    @DefaultValue("auto") @NotNull(message = "voice.tts.engine (TTS_ENGINE) must be auto, google or espeak") Engine engine,
    @DefaultValue("3s") @NotNull
    @DurationMin(millis = 100, message = "voice.tts.timeout (TTS_TIMEOUT) must be at least 100ms")
    @DurationMax(seconds = 60, message = "voice.tts.timeout (TTS_TIMEOUT) must be at most 60s") Duration timeout,
    @DefaultValue @NotNull @Valid Google google,
    @DefaultValue @NotNull @Valid Espeak espeak,
    @DefaultValue @NotNull @Valid Phrases phrases) {

  public enum Engine { AUTO, GOOGLE, ESPEAK }

  /**
   * @param voice Google voice name (env TTS_VOICE); he-IL-Chirp3-HD-* voices are streamed
   * @param languageCode BCP-47 language of the voice (env TTS_LANGUAGE)
   * @param endpoint host:port override (env GOOGLE_TTS_ENDPOINT); plaintext only for loopback hosts
   * @param serviceAccountJson service-account key JSON itself (env GOOGLE_TTS_SA_JSON); blank = not configured
   * @param applicationCredentials path of an ADC key file (env GOOGLE_APPLICATION_CREDENTIALS); only
   *     decides "auto", the client reads the variable itself
   * @param sentencePause SSML pause after each sentence (Wavenet/Standard voices)
   */
  public record Google(
      @DefaultValue("he-IL-Wavenet-A") @NotBlank(message = "voice.tts.google.voice (TTS_VOICE) must name a voice, e.g. he-IL-Wavenet-A") String voice,
      @DefaultValue("he-IL") @NotBlank(message = "voice.tts.google.language-code (TTS_LANGUAGE) must be set, e.g. he-IL") String languageCode,
      @DefaultValue("")
      @Pattern(regexp = "^$|^(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):[0-9]{1,5}$",
          message = "voice.tts.google.endpoint (GOOGLE_TTS_ENDPOINT) must be host:port, e.g. localhost:50051 or texttospeech.googleapis.com:443") String endpoint,
      @DefaultValue("") String serviceAccountJson,
      @DefaultValue("") String applicationCredentials,
      @DefaultValue("250ms") @NotNull
      @DurationMax(seconds = 5, message = "voice.tts.google.sentence-pause must be at most 5s") Duration sentencePause) {

    /** Never prints the key. */
    @Override
    public String toString() {
      return "Google[voice=" + voice + ", languageCode=" + languageCode + ", endpoint=" + endpoint
          + ", serviceAccountJson=" + (serviceAccountJson.isBlank() ? "<none>" : "<set>")
          + ", applicationCredentials=" + applicationCredentials + ", sentencePause=" + sentencePause + "]";
    }
  }

  /**
   * @param binary espeak-ng executable, a name on the PATH or a path (env ESPEAK_BINARY)
   * @param voice espeak-ng voice (env ESPEAK_VOICE)
   * @param rate words per minute (env ESPEAK_RATE)
   */
  public record Espeak(
      @DefaultValue("espeak-ng") @NotBlank(message = "voice.tts.espeak.binary (ESPEAK_BINARY) must name the espeak-ng executable") String binary,
      @DefaultValue("he") @NotBlank(message = "voice.tts.espeak.voice (ESPEAK_VOICE) must name a voice, e.g. he") String voice,
      @DefaultValue("160") @Min(value = 80, message = "voice.tts.espeak.rate (ESPEAK_RATE) must be at least 80 words per minute")
      @Max(value = 450, message = "voice.tts.espeak.rate (ESPEAK_RATE) must be at most 450 words per minute") int rate) {}

  /**
   * @param cacheSize how many fixed phrases' audio to keep
   * @param prewarm phrases to synthesize at startup, separated by '|' (commas belong to Hebrew
   *     sentences) (env PREWARM_PHRASES)
   */
  public record Phrases(
      @DefaultValue("256") @Min(value = 1, message = "voice.tts.phrases.cache-size must be at least 1") int cacheSize,
      @DefaultValue("") String prewarm) {

    public List<String> prewarmList() {
      return Arrays.stream(prewarm.split("\\|")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
  }
}
