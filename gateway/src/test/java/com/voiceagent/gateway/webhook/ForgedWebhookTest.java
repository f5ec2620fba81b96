package com.voiceagent.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.twiliokit.TwilioSigner;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Attacks on the running gateway's Twilio webhooks with captured, correctly signed requests. */
class ForgedWebhookTest extends WebhookTestBase {

  static Map<String, String> incomingCall(String callSid) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("CallSid", callSid);
    form.put("AccountSid", "AC0123456789abcdef0123456789abcdef");
    form.put("From", "+972501234567");
    form.put("To", "+97231234567");
    form.put("CallStatus", "ringing");
    return form;
  }

  @Test
  void aCapturedIncomingCallWithASecondCallSidAppendedIsRefusedAndMintsNoStreamToken() throws Exception {
    String callSid = newCallSid();
    Map<String, String> captured = incomingCall(callSid);
    String signature = TwilioSigner.sign(TOKEN, direct("/webhook/incoming_call"), captured);

    HttpResponse<String> forged = postBody("/webhook/incoming_call", encode(captured) + "&CallSid=CAOTHER", signature);

    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(forged.body()).doesNotContain("<Parameter").doesNotContain("CAOTHER,").doesNotContain(callSid + ",");
  }

  @Test
  void aRepeatedIncomingCallIsAnsweredWithTheSameTwiml() throws Exception {
    Map<String, String> call = incomingCall(newCallSid());
    HttpResponse<String> first = postSigned("/webhook/incoming_call", call);
    HttpResponse<String> repeated = postSigned("/webhook/incoming_call", call);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).contains("<Parameter name=\"token\"");
    assertThat(repeated.statusCode()).isEqualTo(200);
    assertThat(repeated.body()).isEqualTo(first.body());
  }

  @Test
  void theStreamUrlInTheTwimlIsNotTakenFromAnUntrustedClientsForwardedHost() throws Exception {
    // The tests' loopback connection is a trusted proxy here, so its X-Forwarded-Host is believed; see edge's
    // UntrustedForwardedHeadersHttpTest for a client that is not one.
    Map<String, String> call = incomingCall(newCallSid());
    String signature = TwilioSigner.sign(TOKEN, "https://voice.example.com/webhook/incoming_call", call);
    HttpResponse<String> answer = post("/webhook/incoming_call", call, signature,
        "X-Forwarded-Proto", "https", "X-Forwarded-Host", "voice.example.com");
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("url=\"wss://voice.example.com/ws/twilio-media\"")
        .contains("statusCallback=\"https://voice.example.com/webhook/stream_status\"");
  }

  @Test
  void anUnsignedOrForgedStreamEndedRedirectIsRefusedAndMintsNoStreamToken() throws Exception {
    String callSid = newCallSid();
    assertThat(postSigned("/webhook/incoming_call", incomingCall(callSid)).statusCode()).isEqualTo(200);
    Map<String, String> redirect = incomingCall(callSid);
    redirect.put("CallStatus", "in-progress");
    String path = "/webhook/stream_ended?after=" + System.currentTimeMillis();

    HttpResponse<String> unsigned = postBody(path, encode(redirect), null);
    HttpResponse<String> forged = postBody(path, encode(redirect), TwilioSigner.sign("f".repeat(32), direct(path), redirect));

    assertThat(unsigned.statusCode()).isEqualTo(403);
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(unsigned.body() + forged.body()).doesNotContain("<Parameter");
    // The genuine Redirect is answered: this call never had a stream, so no gateway can resume it.
    HttpResponse<String> signed = postSigned(path, redirect);
    assertThat(signed.statusCode()).isEqualTo(200);
    assertThat(signed.body()).contains("<Hangup").doesNotContain("<Parameter");
  }
}
