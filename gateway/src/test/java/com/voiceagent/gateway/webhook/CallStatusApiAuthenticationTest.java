package com.voiceagent.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET /api/calls/{callSid}/status on the running gateway needs the API's bearer token (GATEWAY_API_TOKEN). */
class CallStatusApiAuthenticationTest extends WebhookTestBase {

  private String callWithARecording() throws Exception {
    String callSid = newCallSid();
    assertThat(postSigned("/webhook/call_status", Map.of("CallSid", callSid, "CallStatus", "completed", "CallDuration", "42",
        "SequenceNumber", "3")).statusCode()).isEqualTo(204);
    return callSid;
  }

  @Test
  void withoutATokenTheStatusIsNotShown() throws Exception {
    String callSid = callWithARecording();
    HttpResponse<String> anonymous = get("/api/calls/" + callSid + "/status", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(anonymous.body()).doesNotContain(callSid).doesNotContain("completed");
  }

  @Test
  void withAWrongTokenTheStatusIsNotShown() throws Exception {
    String callSid = callWithARecording();
    for (String wrong : new String[] {API_TOKEN + "x", "", TOKEN}) {
      HttpResponse<String> response = get("/api/calls/" + callSid + "/status", wrong);
      assertThat(response.statusCode()).as(wrong).isEqualTo(401);
      assertThat(response.body()).doesNotContain(callSid);
    }
  }

  @Test
  void withTheApiTokenTheStatusIsShown() throws Exception {
    String callSid = callWithARecording();
    HttpResponse<String> response = get("/api/calls/" + callSid + "/status");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains(callSid).contains("\"callDuration\":\"42\"");
  }
}
