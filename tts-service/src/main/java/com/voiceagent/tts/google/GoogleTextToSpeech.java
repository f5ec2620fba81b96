package com.voiceagent.tts.google;

import com.google.api.gax.grpc.GrpcCallContext;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.BidiStream;
import com.google.cloud.texttospeech.v1.AudioConfig;
import com.google.cloud.texttospeech.v1.AudioEncoding;
import com.google.cloud.texttospeech.v1.StreamingAudioConfig;
import com.google.cloud.texttospeech.v1.StreamingSynthesisInput;
import com.google.cloud.texttospeech.v1.StreamingSynthesizeConfig;
import com.google.cloud.texttospeech.v1.StreamingSynthesizeRequest;
import com.google.cloud.texttospeech.v1.StreamingSynthesizeResponse;
import com.google.cloud.texttospeech.v1.SynthesisInput;
import com.google.cloud.texttospeech.v1.SynthesizeSpeechRequest;
import com.google.cloud.texttospeech.v1.TextToSpeechClient;
import com.google.cloud.texttospeech.v1.VoiceSelectionParams;
import com.voiceagent.tts.engine.PhoneAudio;
import com.voiceagent.tts.engine.SpeechFailedException;
import com.voiceagent.tts.engine.TextToSpeech;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Google Cloud Text-to-Speech through the official client. Wavenet/Standard voices: one
 * SynthesizeSpeech per sentence, SSML with pauses, MULAW at 8000 Hz (a WAV file whose header is
 * stripped by walking its chunks). Chirp 3 HD voices accept no SSML and are spoken through
 * StreamingSynthesize (bidi gRPC), which delivers headerless PCM; that is resampled to 8 kHz mu-law.
 */
final class GoogleTextToSpeech implements TextToSpeech, AutoCloseable {
  /** Google's limit for one request's input. */
  static final int MAX_INPUT_BYTES = 5000;
  /** Chirp 3 HD's native rate; asking for it spares Google a resampling we do ourselves anyway. */
  static final int STREAMING_SAMPLE_RATE = 24_000;

  private final TextToSpeechClient client;
  private final String voice;
  private final String languageCode;
  private final Duration sentencePause;
  private final boolean streaming;

  GoogleTextToSpeech(TextToSpeechClient client, String voice, String languageCode, Duration sentencePause) {
    this.client = Objects.requireNonNull(client, "client");
    this.voice = Objects.requireNonNull(voice, "voice");
    this.languageCode = Objects.requireNonNull(languageCode, "languageCode");
    this.sentencePause = Objects.requireNonNull(sentencePause, "sentencePause");
    this.streaming = isChirp3Hd(voice);
  }

  /** Chirp 3 HD voices: no SSML, and the only voices StreamingSynthesize accepts. */
  static boolean isChirp3Hd(String voice) {
    return voice.toLowerCase(Locale.ROOT).contains("-chirp3-hd-");
  }

  @Override
  public String name() {
    return "google";
  }

  @Override
  public String voice() {
    return voice;
  }

  @Override
  public byte[] synthesizeMuLaw8k(String text, Duration budget) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(budget, "budget");
    if (text.isBlank()) {
      throw new SpeechFailedException("nothing to say: blank text");
    }
    try {
      byte[] audio = streaming ? streamingSynthesize(text, budget) : synthesize(text, budget);
      if (audio.length == 0) {
        throw new SpeechFailedException("google returned no audio for voice " + voice);
      }
      return audio;
    } catch (ApiException e) {
      throw new SpeechFailedException("google " + e.getStatusCode().getCode() + ": " + e.getMessage(), e);
    }
  }

  private byte[] synthesize(String text, Duration budget) {
    String ssml = Ssml.withPauses(text, sentencePause);
    checkSize(ssml);
    SynthesizeSpeechRequest request = SynthesizeSpeechRequest.newBuilder()
        .setInput(SynthesisInput.newBuilder().setSsml(ssml))
        .setVoice(voiceSelection())
        .setAudioConfig(AudioConfig.newBuilder()
            .setAudioEncoding(AudioEncoding.MULAW)
            .setSampleRateHertz(PhoneAudio.SAMPLE_RATE))
        .build();
    var response = client.synthesizeSpeechCallable().call(request, deadline(budget));
    return PhoneAudio.fromWav(response.getAudioContent().toByteArray());
  }

  private byte[] streamingSynthesize(String text, Duration budget) {
    checkSize(text);
    BidiStream<StreamingSynthesizeRequest, StreamingSynthesizeResponse> stream =
        client.streamingSynthesizeCallable().call(deadline(budget));
    ByteArrayOutputStream pcm = new ByteArrayOutputStream();
    try {
      // The first request carries only the configuration, the following ones only text.
      stream.send(StreamingSynthesizeRequest.newBuilder()
          .setStreamingConfig(StreamingSynthesizeConfig.newBuilder()
              .setVoice(voiceSelection())
              .setStreamingAudioConfig(StreamingAudioConfig.newBuilder()
                  .setAudioEncoding(AudioEncoding.PCM)
                  .setSampleRateHertz(STREAMING_SAMPLE_RATE)))
          .build());
      stream.send(StreamingSynthesizeRequest.newBuilder()
          .setInput(StreamingSynthesisInput.newBuilder().setText(text))
          .build());
      stream.closeSend();
      for (StreamingSynthesizeResponse response : stream) {
        response.getAudioContent().writeTo(pcm);
      }
    } catch (java.io.IOException e) {
      throw new SpeechFailedException("cannot collect streamed audio", e);
    } catch (RuntimeException e) {
      stream.cancel();
      throw e;
    }
    byte[] audio = pcm.toByteArray();
    if (audio.length >= 12 && new String(audio, 0, 4, StandardCharsets.US_ASCII).equals("RIFF")) {
      // Not documented for streaming, but harmless to accept: a WAV header in front of the PCM.
      return PhoneAudio.fromWav(audio);
    }
    return PhoneAudio.fromPcm16LittleEndian(audio, STREAMING_SAMPLE_RATE);
  }

  private VoiceSelectionParams voiceSelection() {
    return VoiceSelectionParams.newBuilder().setLanguageCode(languageCode).setName(voice).build();
  }

  private static GrpcCallContext deadline(Duration budget) {
    return GrpcCallContext.createDefault().withTimeoutDuration(budget);
  }

  private static void checkSize(String input) {
    int bytes = input.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_INPUT_BYTES) {
      throw new SpeechFailedException("sentence is " + bytes + " bytes, Google accepts at most " + MAX_INPUT_BYTES);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
