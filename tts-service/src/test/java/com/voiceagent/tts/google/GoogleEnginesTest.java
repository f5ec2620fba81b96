package com.voiceagent.tts.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.auth.oauth2.ServiceAccountCredentials;
import java.io.IOException;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class GoogleEnginesTest {

  private static GoogleEngines.Settings settings(String endpoint, String json) {
    return new GoogleEngines.Settings("he-IL-Wavenet-A", "he-IL", endpoint, json, Duration.ofMillis(250), Duration.ofSeconds(3));
  }

  @Test
  void onlyLoopbackHostsAreSpokenToInPlaintext() {
    assertThat(GoogleEngines.isPlaintextEndpoint("localhost:50051")).isTrue();
    assertThat(GoogleEngines.isPlaintextEndpoint("127.0.0.1:50051")).isTrue();
    assertThat(GoogleEngines.isPlaintextEndpoint("127.8.9.10:50051")).isTrue();
    assertThat(GoogleEngines.isPlaintextEndpoint("[::1]:50051")).isTrue();
    assertThat(GoogleEngines.isPlaintextEndpoint("texttospeech.googleapis.com:443")).isFalse();
    assertThat(GoogleEngines.isPlaintextEndpoint("10.0.0.7:50051")).isFalse();
    assertThat(GoogleEngines.isPlaintextEndpoint("localhost.example.com:50051")).isFalse();
    assertThat(GoogleEngines.isPlaintextEndpoint("127.0.0.1.nip.io:50051")).isFalse();
    assertThat(GoogleEngines.isPlaintextEndpoint("")).isFalse();
  }

  @Test
  void aLoopbackEndpointSendsNoCredentials() throws IOException {
    var clientSettings = GoogleEngines.clientSettings(settings("localhost:50051", ""));

    assertThat(clientSettings.getEndpoint()).isEqualTo("localhost:50051");
    assertThat(clientSettings.getCredentialsProvider()).isInstanceOf(NoCredentialsProvider.class);
  }

  @Test
  void aServiceAccountKeyFromTheEnvironmentBecomesFixedCredentials() throws Exception {
    var clientSettings = GoogleEngines.clientSettings(settings("", serviceAccountJson()));

    var credentials = clientSettings.getCredentialsProvider().getCredentials();
    assertThat(credentials).isInstanceOf(ServiceAccountCredentials.class);
    assertThat(((ServiceAccountCredentials) credentials).getClientEmail()).isEqualTo("tts@voice-agent-test.iam.gserviceaccount.com");
  }

  @Test
  void anUnreadableServiceAccountKeyFailsWithoutQuotingIt() {
    String secretLooking = "{\"type\":\"service_account\",\"private_key\":\"SECRET-MATERIAL\"}";

    assertThatThrownBy(() -> GoogleEngines.clientSettings(settings("", secretLooking)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("GOOGLE_TTS_SA_JSON")
        .hasMessageNotContaining("SECRET-MATERIAL");
  }

  @Test
  void settingsNeverPrintTheKey() {
    assertThat(settings("", "{\"private_key\":\"SECRET-MATERIAL\"}").toString())
        .doesNotContain("SECRET-MATERIAL").contains("serviceAccountJson=<set>");
  }

  @Test
  void chirp3HdVoicesAreRecognized() {
    assertThat(GoogleTextToSpeech.isChirp3Hd("he-IL-Chirp3-HD-Aoede")).isTrue();
    assertThat(GoogleTextToSpeech.isChirp3Hd("he-IL-Wavenet-A")).isFalse();
    assertThat(GoogleTextToSpeech.isChirp3Hd("he-IL-Standard-B")).isFalse();
  }

  private static String serviceAccountJson() throws Exception {
    var generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    return """
        {"type": "service_account", "project_id": "voice-agent-test", "private_key_id": "abc123",
         "private_key": "%s",
         "client_email": "tts@voice-agent-test.iam.gserviceaccount.com", "client_id": "1234567890",
         "token_uri": "https://oauth2.googleapis.com/token"}
        """.formatted(pem.replace("\n", "\\n")); // JSON escapes the PEM's line breaks
  }
}
