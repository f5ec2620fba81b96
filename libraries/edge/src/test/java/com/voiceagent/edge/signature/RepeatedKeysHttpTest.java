package com.voiceagent.edge.signature;

import static com.voiceagent.edge.EdgeHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.edge.EdgeAppTest;
import com.voiceagent.edge.EdgeHttp;
import com.voiceagent.twiliokit.TwilioSigner;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A captured, correctly signed webhook body extended with a second value for a key: Twilio signs every
 * value, so the extended body no longer matches; an identifying key given twice is refused outright.
 */
@EdgeAppTest
class RepeatedKeysHttpTest {
  @LocalServerPort int port;

  static Map<String, String> incomingCall() {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("CallSid", "CA0123456789abcdef0123456789abcdef");
    form.put("AccountSid", "AC0123456789abcdef0123456789abcdef");
    form.put("From", "+972501234567");
    form.put("To", "+97231234567");
    return form;
  }

  private HttpResponse<String> post(String path, String body, String signature) throws Exception {
    return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", signature)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private String signature(String path, Map<String, String> form) {
    return TwilioSigner.sign(EdgeAppTest.TOKEN, "http://localhost:" + port + path, form);
  }

  @Test
  void theCapturedSignedIncomingCallIsAnswered() throws Exception {
    HttpResponse<String> response = post("/webhook/voice/incoming", EdgeHttp.form(incomingCall()),
        signature("/webhook/voice/incoming", incomingCall()));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("token for CA0123456789abcdef0123456789abcdef #");
  }

  @Test
  void aCapturedSignedBodyWithASecondCallSidAppendedIsRefusedAndMintsNothing() throws Exception {
    for (String key : List.of("CallSid", "AccountSid", "MessageSid")) {
      Map<String, String> form = incomingCall();
      form.putIfAbsent("MessageSid", "SM0123456789abcdef0123456789abcdef");
      String extended = EdgeHttp.form(form) + "&" + key + "=OTHER";
      HttpResponse<String> response = post("/webhook/voice/incoming", extended, signature("/webhook/voice/incoming", form));
      assertThat(response.statusCode()).as(key).isEqualTo(400);
      assertThat(response.body()).as(key).isEqualTo(key + " given more than once").doesNotContain("token for");
    }
  }

  @Test
  void aCapturedSignedBodyWithASecondValueForAnyOtherKeyNoLongerMatchesItsSignature() throws Exception {
    Map<String, String> form = new LinkedHashMap<>(TwilioSignatureHttpTest.inbound());
    String extended = EdgeHttp.form(form) + "&Body=" + "forged";
    HttpResponse<String> response = post("/webhook/whatsapp/incoming", extended, signature("/webhook/whatsapp/incoming", form));
    assertThat(response.statusCode()).isEqualTo(403);
  }

  @Test
  void aRepeatedKeySignedAsTwilioSignsEveryValueIsAccepted() throws Exception {
    Map<String, List<String>> form = new LinkedHashMap<>();
    TwilioSignatureHttpTest.inbound().forEach((key, value) -> form.put(key, List.of(value)));
    form.put("Body", List.of("שני", "ראשון"));
    String url = "http://localhost:" + port + "/webhook/whatsapp/incoming";
    String signature = TwilioSigner.signEveryValue(EdgeAppTest.TOKEN, url, form);
    StringBuilder body = new StringBuilder();
    form.forEach((key, values) -> values.forEach(value -> body.append(body.isEmpty() ? "" : "&")
        .append(EdgeHttp.form(Map.of(key, value)))));
    HttpResponse<String> response = post("/webhook/whatsapp/incoming", body.toString(), signature);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("Body=שני"); // the test app's @RequestParam Map keeps the first value
  }
}
