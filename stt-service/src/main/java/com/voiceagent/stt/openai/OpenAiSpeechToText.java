package com.voiceagent.stt.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.MultipartField;
import com.openai.core.ObjectMappers;
import com.openai.core.RequestOptions;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionCreateResponse;
import com.voiceagent.audio.Wav;
import com.voiceagent.stt.engine.Audio;
import com.voiceagent.stt.engine.Recognition;
import com.voiceagent.stt.engine.SpeechToText;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;

/**
 * Whisper (or gpt-4o-transcribe) through the official openai-java SDK, against api.openai.com or any
 * OpenAI-compatible server (self-hosted Whisper, vLLM) named by its base URL.
 */
public final class OpenAiSpeechToText implements SpeechToText, AutoCloseable {
  static final String LANGUAGE = "he";

  private final OpenAIClient client;
  private final String model;

  public OpenAiSpeechToText(String baseUrl, String apiKey, String model, Duration timeout, int maxRetries) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(apiKey, "apiKey");
    this.model = Objects.requireNonNull(model, "model");
    this.client = OpenAIOkHttpClient.builder()
        .apiKey(apiKey)
        .baseUrl(baseUrl)
        .timeout(timeout)
        .maxRetries(maxRetries)
        .build();
  }

  /**
   * Loads the SDK's serialization machinery (Jackson, Kotlin, the generated models) before the first
   * call: cold, the first transcription spends seconds on class loading, which would eat the first
   * caller's budget. No request is made.
   */
  public OpenAiSpeechToText warmUp() {
    TranscriptionCreateParams.builder()
        .file(MultipartField.<InputStream>builder().value(new ByteArrayInputStream(Wav.pcm16(new short[160], 8000)))
            .filename("audio.wav").contentType("audio/wav").build())
        .model(model).language(LANGUAGE).build()
        ._body();
    try {
      ObjectMappers.jsonMapper().readValue("{\"text\":\"\"}", TranscriptionCreateResponse.class).validate();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("openai-java could not read a transcription response", e);
    }
    return this;
  }

  @Override
  public String name() {
    return "openai";
  }

  @Override
  public Recognition transcribe(Audio audio, Duration budget) {
    // Sent at the telephone rate: Whisper resamples itself, and an 8 kHz file is half the upload.
    byte[] wav = Wav.pcm16(audio.samples(), audio.sampleRate());
    // Without a filename and content type the server cannot tell the format of the bytes.
    MultipartField<InputStream> file = MultipartField.<InputStream>builder()
        .value(new ByteArrayInputStream(wav))
        .filename("audio.wav")
        .contentType("audio/wav")
        .build();
    TranscriptionCreateParams params = TranscriptionCreateParams.builder()
        .file(file)
        .model(model)
        .language(LANGUAGE)
        .build();
    TranscriptionCreateResponse response = client.audio().transcriptions()
        .create(params, RequestOptions.builder().timeout(budget).build());
    return Recognition.of(textOf(response));
  }

  private static String textOf(TranscriptionCreateResponse response) {
    if (response.isVerbose()) {
      return response.asVerbose().text();
    }
    if (response.isDiarized()) {
      return response.asDiarized().text();
    }
    return response.asTranscription().text();
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "openai(" + model + ")";
  }
}
