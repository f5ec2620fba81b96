package com.voiceagent.tts.google;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.texttospeech.v1.TextToSpeechClient;
import com.google.cloud.texttospeech.v1.TextToSpeechSettings;
import com.google.common.net.InetAddresses;
import com.voiceagent.tts.engine.TextToSpeech;
import io.grpc.ManagedChannelBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** Builds the Google engine: the official client, pointed at Google or at a configured endpoint. */
public final class GoogleEngines {
  private GoogleEngines() {}

  /**
   * What the Google engine needs.
   *
   * @param voice e.g. he-IL-Wavenet-A or he-IL-Chirp3-HD-Aoede
   * @param languageCode e.g. he-IL
   * @param endpoint host:port override; blank for Google's own endpoint
   * @param serviceAccountJson the service-account key itself (not a path); blank for none
   * @param sentencePause pause after each sentence (SSML voices only)
   * @param timeout the per-sentence budget, also used as the RPC timeout (no retries: the fallback engine
   *     is the retry)
   */
  public record Settings(String voice, String languageCode, String endpoint, String serviceAccountJson,
      Duration sentencePause, Duration timeout) {
    public Settings {
      Objects.requireNonNull(voice, "voice");
      Objects.requireNonNull(languageCode, "languageCode");
      endpoint = endpoint == null ? "" : endpoint.strip();
      serviceAccountJson = serviceAccountJson == null ? "" : serviceAccountJson;
      Objects.requireNonNull(sentencePause, "sentencePause");
      Objects.requireNonNull(timeout, "timeout");
    }

    /** Never prints the key. */
    @Override
    public String toString() {
      return "Settings[voice=" + voice + ", languageCode=" + languageCode + ", endpoint=" + endpoint
          + ", serviceAccountJson=" + (serviceAccountJson.isBlank() ? "<none>" : "<set>") + "]";
    }
  }

  public static TextToSpeech create(Settings settings) throws IOException {
    return new GoogleTextToSpeech(TextToSpeechClient.create(clientSettings(settings)), settings.voice(),
        settings.languageCode(), settings.sentencePause());
  }

  static TextToSpeechSettings clientSettings(Settings settings) throws IOException {
    TextToSpeechSettings.Builder builder = TextToSpeechSettings.newBuilder();
    boolean plaintext = false;
    if (!settings.endpoint().isEmpty()) {
      builder.setEndpoint(settings.endpoint());
      plaintext = isLoopback(hostOf(settings.endpoint()));
    }
    if (plaintext) {
      // Only a local fixture or sidecar: traffic never leaves the machine, and no credentials are sent
      // over an unencrypted channel.
      builder.setTransportChannelProvider(TextToSpeechSettings.defaultGrpcTransportProviderBuilder()
          .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
          .build());
    }
    builder.setCredentialsProvider(credentials(settings, plaintext));
    Duration timeout = settings.timeout();
    RetrySettings oneAttempt = RetrySettings.newBuilder()
        .setMaxAttempts(1)
        .setTotalTimeoutDuration(timeout)
        .setInitialRpcTimeoutDuration(timeout)
        .setMaxRpcTimeoutDuration(timeout)
        .setRpcTimeoutMultiplier(1.0)
        .build();
    builder.synthesizeSpeechSettings().setRetryableCodes(Set.of()).setRetrySettings(oneAttempt);
    return builder.build();
  }

  private static CredentialsProvider credentials(Settings settings, boolean plaintext) throws IOException {
    if (plaintext) {
      return NoCredentialsProvider.create();
    }
    if (!settings.serviceAccountJson().isBlank()) {
      try {
        var credentials = ServiceAccountCredentials.fromStream(
                new ByteArrayInputStream(settings.serviceAccountJson().getBytes(StandardCharsets.UTF_8)))
            .createScoped(TextToSpeechSettings.getDefaultServiceScopes());
        return FixedCredentialsProvider.create(credentials);
      } catch (IOException | RuntimeException e) {
        // The library's message may quote the key's fields: say only what is wrong with it.
        throw new IOException("GOOGLE_TTS_SA_JSON is not a readable service-account key (" + e.getClass().getSimpleName() + ")");
      }
    }
    // Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud, metadata server).
    return TextToSpeechSettings.defaultCredentialsProviderBuilder().build();
  }

  /** The host of a host:port endpoint; IPv6 literals are written in brackets ([::1]:443). */
  static String hostOf(String endpoint) {
    if (endpoint.startsWith("[")) {
      int close = endpoint.indexOf(']');
      return close < 0 ? endpoint : endpoint.substring(1, close);
    }
    int colon = endpoint.lastIndexOf(':');
    return colon < 0 ? endpoint : endpoint.substring(0, colon);
  }

  /** localhost, 127.x.x.x or ::1 (by literal only: a name is never resolved to decide on plaintext). */
  static boolean isLoopback(String host) {
    if (host.toLowerCase(Locale.ROOT).equals("localhost")) {
      return true;
    }
    return InetAddresses.isInetAddress(host) && InetAddresses.forString(host).isLoopbackAddress();
  }

  /** True when the endpoint will be spoken to without TLS. */
  public static boolean isPlaintextEndpoint(String endpoint) {
    return endpoint != null && !endpoint.isBlank() && isLoopback(hostOf(endpoint.strip()));
  }
}
