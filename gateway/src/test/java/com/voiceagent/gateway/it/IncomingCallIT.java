package com.voiceagent.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.gateway.token.StreamTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class IncomingCallIT extends GatewayTestBase {

  private HttpResponse<String> post(String form) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhook/incoming_call"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anIncomingCallIsAnsweredWithConnectStreamTwimlCarryingAToken() throws Exception {
    String callSid = newCallSid();
    HttpResponse<String> response = post("CallSid=" + callSid + "&From=%2B972501234567&To=%2B97235550100&AccountSid="
        + ACCOUNT_SID);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/xml");
    Matcher matcher = Pattern.compile(
        "<Response><Connect><Stream url=\"wss://gateway\\.example\\.test/ws/twilio-media\" "
            + "statusCallback=\"https://gateway\\.example\\.test/webhook/stream_status\">"
            + "<Parameter name=\"token\" value=\"([A-Za-z0-9_-]+)\"/></Stream></Connect></Response>").matcher(response.body());
    assertThat(matcher.matches()).as(response.body()).isTrue();
    assertThat(tokens.check(matcher.group(1), callSid, ACCOUNT_SID, Instant.now()))
        .isInstanceOf(StreamTokens.Check.Valid.class);
    assertThat(response.body()).doesNotContain("<Say").doesNotContain("<Gather");
  }

  @Test
  void anIncomingCallWithoutCallSidIsABadRequest() throws Exception {
    assertThat(post("From=%2B972501234567").statusCode()).isEqualTo(400);
  }
}
