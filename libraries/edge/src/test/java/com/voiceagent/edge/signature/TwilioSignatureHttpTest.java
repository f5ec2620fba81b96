package com.voiceagent.edge.signature;

import static com.voiceagent.edge.EdgeHttp.postForm;
import static com.voiceagent.edge.EdgeHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voiceagent.edge.EdgeAppTest;
import com.voiceagent.edge.EdgeHttp;
import com.voiceagent.twiliokit.TwilioSigner;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Signed and unsigned requests on the generic Twilio-facing paths, directly and behind a TLS proxy. */
@EdgeAppTest
class TwilioSignatureHttpTest {
  static final String TOKEN = EdgeAppTest.TOKEN;
  static final String PUBLIC = "https://voice.example.com";

  @LocalServerPort int port;

  static Map<String, String> inbound() {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("MessageSid", "SM0123456789abcdef0123456789abcdef");
    form.put("From", "whatsapp:+972501234567");
    form.put("To", "whatsapp:+14155238886");
    form.put("Body", "שלום, מה שלומך?");
    form.put("ProfileName", "דנה");
    return form;
  }

  private String direct(String path) {
    return "http://localhost:" + port + path;
  }

  @Test
  void aCorrectlySignedWhatsAppWebhookReachesTheControllerWithItsBodyIntact() throws Exception {
    String signature = TwilioSigner.sign(TOKEN, direct("/webhook/whatsapp/incoming"), inbound());
    HttpResponse<String> response = send(postForm(port, "/webhook/whatsapp/incoming", inbound()).header("X-Twilio-Signature", signature));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("Body=שלום, מה שלומך?");
  }

  @Test
  void anUnsignedWebhookIsRefusedWith403() throws Exception {
    assertThat(send(postForm(port, "/webhook/whatsapp/incoming", inbound())).statusCode()).isEqualTo(403);
    assertThat(send(postForm(port, "/webhook/whatsapp/status", Map.of("MessageSid", "SM1", "MessageStatus", "sent"))).statusCode())
        .isEqualTo(403);
  }

  @Test
  void aWebhookSignedWithAnotherTokenIsRefused() throws Exception {
    String signature = TwilioSigner.sign("another-token", direct("/webhook/whatsapp/incoming"), inbound());
    assertThat(send(postForm(port, "/webhook/whatsapp/incoming", inbound()).header("X-Twilio-Signature", signature)).statusCode())
        .isEqualTo(403);
  }

  @Test
  void aSignedFormWithAChangedFieldIsRefused() throws Exception {
    String signature = TwilioSigner.sign(TOKEN, direct("/webhook/whatsapp/incoming"), inbound());
    Map<String, String> changed = new LinkedHashMap<>(inbound());
    changed.put("Body", "something else");
    assertThat(send(postForm(port, "/webhook/whatsapp/incoming", changed).header("X-Twilio-Signature", signature)).statusCode())
        .isEqualTo(403);
  }

  @Test
  void theQueryStringIsPartOfTheSignedUrlAndNotOfTheForm() throws Exception {
    Map<String, String> form = Map.of("MessageSid", "SM2", "MessageStatus", "delivered");
    String signature = TwilioSigner.sign(TOKEN, direct("/webhook/whatsapp/status?tenant=a%20b&x=1"), form);
    assertThat(send(postForm(port, "/webhook/whatsapp/status?tenant=a%20b&x=1", form).header("X-Twilio-Signature", signature)).statusCode())
        .isEqualTo(200);
  }

  @Test
  void behindATlsProxyTheSignatureOverThePublicHttpsUrlIsAccepted() throws Exception {
    String signature = TwilioSigner.sign(TOKEN, PUBLIC + "/webhook/whatsapp/incoming", inbound());
    HttpResponse<String> response = send(postForm(port, "/webhook/whatsapp/incoming", inbound())
        .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "voice.example.com")
        .header("X-Twilio-Signature", signature));
    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void behindATlsProxyASignatureOverTheInternalUrlIsRefused() throws Exception {
    String signature = TwilioSigner.sign(TOKEN, direct("/webhook/whatsapp/incoming"), inbound());
    assertThat(send(postForm(port, "/webhook/whatsapp/incoming", inbound())
        .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "voice.example.com")
        .header("X-Twilio-Signature", signature)).statusCode()).isEqualTo(403);
  }

  @Test
  void pathsOutsideTheSignedPatternsNeedNoSignature() throws Exception {
    assertThat(send(java.net.http.HttpRequest.newBuilder(URI.create(direct("/open")))).statusCode()).isEqualTo(200);
  }

  @Test
  void anUnsignedMediaStreamUpgradeIsRefusedWith403() {
    CompletableFuture<WebSocket> connecting = EdgeHttp.CLIENT.newWebSocketBuilder()
        .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "voice.example.com")
        .buildAsync(URI.create("ws://localhost:" + port + "/ws/twilio-media"), new WebSocket.Listener() {});
    assertThatThrownBy(() -> connecting.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(WebSocketHandshakeException.class)
        .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(403));
  }

  @Test
  void aMediaStreamUpgradeWithAWrongSignatureIsRefused() {
    String signature = TwilioSigner.sign("wrong", "wss://voice.example.com/ws/twilio-media", Map.of());
    CompletableFuture<WebSocket> connecting = upgrade(signature);
    assertThatThrownBy(() -> connecting.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(WebSocketHandshakeException.class);
  }

  @Test
  void aMediaStreamUpgradeSignedOverTheWssUrlIsAccepted() throws Exception {
    assertUpgradeAccepted(TwilioSigner.sign(TOKEN, "wss://voice.example.com/ws/twilio-media", Map.of()));
  }

  @Test
  void aMediaStreamUpgradeSignedOverTheHttpsFormIsAccepted() throws Exception {
    assertUpgradeAccepted(TwilioSigner.sign(TOKEN, "https://voice.example.com/ws/twilio-media", Map.of()));
  }

  private CompletableFuture<WebSocket> upgrade(String signature) {
    return EdgeHttp.CLIENT.newWebSocketBuilder()
        .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "voice.example.com")
        .header("x-twilio-signature", signature)
        .buildAsync(URI.create("ws://localhost:" + port + "/ws/twilio-media"), new WebSocket.Listener() {
          @Override
          public java.util.concurrent.CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            greeting.complete(data.toString());
            return null;
          }
        });
  }

  private final CompletableFuture<String> greeting = new CompletableFuture<>();

  private void assertUpgradeAccepted(String signature) throws Exception {
    WebSocket socket = upgrade(signature).get(10, TimeUnit.SECONDS);
    try {
      assertThat(greeting.get(10, TimeUnit.SECONDS)).isEqualTo("hello");
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(t -> null);
    }
  }

}
