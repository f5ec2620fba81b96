package com.voiceagent.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voiceagent.events.CallLifecycleKind;
import com.voiceagent.gateway.token.StreamTokens;
import com.voiceagent.twiliokit.TwilioSigner;
import com.voiceagent.twiliokit.media.MediaStreamClient;
import com.voiceagent.twiliokit.media.StreamIds;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.LinkedHashMap;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every Twilio-facing endpoint of the gateway refuses unsigned requests and accepts Twilio's signature, also behind a TLS proxy. */
class VoiceWebhookSignatureTest extends WebhookTestBase {
  @Autowired StreamTokens tokens;

  static Map<String, String> formFor(String path) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("AccountSid", "AC00000000000000000000000000000001");
    form.put("CallSid", newCallSid());
    form.put("From", "+972501234567");
    form.put("To", "+97231234567");
    switch (path) {
      case "/webhook/call_status" -> {
        form.put("CallStatus", "ringing");
        form.put("SequenceNumber", "0");
      }
      case "/webhook/handle_recording" -> {
        form.put("RecordingSid", "RE00000000000000000000000000000001");
        form.put("RecordingUrl", "https://api.twilio.com/rec/RE1");
        form.put("RecordingDuration", "3");
      }
      case "/webhook/stream_status" -> {
        form.put("StreamSid", "MZ00000000000000000000000000000001");
        form.put("StreamEvent", "stream-started");
      }
      case "/webhook/transfer_ended" -> form.put("DialCallStatus", "completed");
      default -> form.put("CallStatus", "ringing");
    }
    return form;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"/webhook/incoming_call,200", "/webhook/call_status,204", "/webhook/handle_recording,204", "/webhook/stream_status,204",
      "/webhook/transfer_ended,200"})
  void aSignedVoiceWebhookIsAnswered(String path, int expected) throws Exception {
    assertThat(postSigned(path, formFor(path)).statusCode()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"/webhook/incoming_call", "/webhook/call_status", "/webhook/handle_recording", "/webhook/stream_status",
      "/webhook/transfer_ended"})
  void anUnsignedVoiceWebhookIsRefusedWith403(String path) throws Exception {
    HttpResponse<String> response = post(path, formFor(path), null);
    assertThat(response.statusCode()).isEqualTo(403);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"/webhook/incoming_call", "/webhook/call_status", "/webhook/handle_recording", "/webhook/stream_status",
      "/webhook/transfer_ended"})
  void aVoiceWebhookSignedWithAnotherTokenIsRefused(String path) throws Exception {
    Map<String, String> form = formFor(path);
    assertThat(post(path, form, TwilioSigner.sign("not-our-token", direct(path), form)).statusCode()).isEqualTo(403);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"/webhook/incoming_call,200", "/webhook/call_status,204", "/webhook/handle_recording,204", "/webhook/stream_status,204",
      "/webhook/transfer_ended,200"})
  void behindATlsProxyTheSignatureOverThePublicHttpsUrlIsAccepted(String path, int expected) throws Exception {
    Map<String, String> form = formFor(path);
    String signature = TwilioSigner.sign(TOKEN, "https://voice.example.com" + path, form);
    assertThat(post(path, form, signature, "X-Forwarded-Proto", "https", "X-Forwarded-Host", "voice.example.com").statusCode())
        .isEqualTo(expected);
    // The same signature without the proxy's headers is over a URL this request was not sent to.
    assertThat(post(path, form, signature).statusCode()).isEqualTo(403);
  }

  @Test
  void anUnsignedMediaUpgradeIsRefusedWith403() {
    var connecting = HTTP.newWebSocketBuilder()
        .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "voice.example.com")
        .buildAsync(URI.create("ws://localhost:" + port + "/ws/twilio-media"), new WebSocket.Listener() {});
    assertThatThrownBy(() -> connecting.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(WebSocketHandshakeException.class)
        .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(403));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"wss://voice.example.com/ws/twilio-media", "https://voice.example.com/ws/twilio-media"})
  void aSignedMediaUpgradeIsAcceptedInBothUrlFormsAndItsStreamIsServed(String signedUrl) throws Exception {
    MediaStreamClient call = MediaStreamClient.connect(URI.create("ws://localhost:" + port + "/ws/twilio-media"),
        StreamIds.newCall(), Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "voice.example.com",
            "x-twilio-signature", TwilioSigner.sign(TOKEN, signedUrl, Map.of())), new MediaStreamClient.Listener() {});

    call.connected().start(Map.of("token", tokens.issue(call.callSid(), call.ids().accountSid(), Instant.now())));

    assertThat(lifecycleOf(call.callSid(), 1)).extracting(record -> record.value().getKind())
        .containsExactly(CallLifecycleKind.STREAM_STARTED);
    assertThat(call.isOpen()).isTrue();
    call.close();
  }
}
