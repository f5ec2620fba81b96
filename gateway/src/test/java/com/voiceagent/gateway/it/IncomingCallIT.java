package com.voiceagent.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.gateway.token.StreamTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IncomingCallIT extends GatewayTestBase {

  private HttpResponse<String> post(String form) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhook/incoming_call"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anIncomingCallIsAnsweredWithConnectStreamTwimlCarryingATokenAndARedirectBack() throws Exception {
    String callSid = newCallSid();
    HttpResponse<String> response = post("CallSid=" + callSid + "&From=%2B972501234567&To=%2B97235550100&AccountSid="
        + ACCOUNT_SID);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/xml");
    TwimlAnswer twiml = TwimlAnswer.parse(response.body());

    assertThat(twiml.streamUrl()).isEqualTo("wss://gateway.example.test/ws/twilio-media");
    assertThat(twiml.statusCallback()).isEqualTo("https://gateway.example.test/webhook/stream_status");
    StreamTokens.Check check = tokens.check(twiml.token(), callSid, ACCOUNT_SID, Instant.now());
    assertThat(check).isInstanceOf(StreamTokens.Check.Valid.class);
    Instant issuedAt = ((StreamTokens.Check.Valid) check).grant().issuedAt();
    // After </Connect>: Twilio comes back here when the stream's socket closes, naming the stream it followed.
    assertThat(twiml.redirectUrl()).isEqualTo("https://gateway.example.test/webhook/stream_ended?after=" + issuedAt.toEpochMilli());
    assertThat(twiml.redirectMethod()).isEqualTo("POST");
    assertThat(response.body()).doesNotContain("<Say").doesNotContain("<Gather");
  }

  @Test
  void anIncomingCallWithoutCallSidIsABadRequest() throws Exception {
    assertThat(post("From=%2B972501234567").statusCode()).isEqualTo(400);
  }
}
