package com.voiceagent.edge.webhook;

import static com.voiceagent.edge.EdgeHttp.postForm;
import static com.voiceagent.edge.EdgeHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.edge.EdgeAppTest;
import com.voiceagent.edge.testapp.EdgeTestApp;
import com.voiceagent.twiliokit.TwilioSigner;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Twilio delivering the same event again (or someone replaying a captured one) is answered as the first
 * time, without running the controller again and without spending the endpoint's budget (3 per minute on
 * /webhook/voice/status in this context).
 */
@EdgeAppTest
class RepeatedWebhookHttpTest {
  @LocalServerPort int port;

  private HttpResponse<String> signed(String path, Map<String, String> form) throws Exception {
    String signature = TwilioSigner.sign(EdgeAppTest.TOKEN, "http://localhost:" + port + path, form);
    return send(postForm(port, path, form).header("X-Twilio-Signature", signature));
  }

  private static Map<String, String> status(String callSid, String callStatus) {
    return Map.of("CallSid", callSid, "CallStatus", callStatus, "SequenceNumber", "0");
  }

  private static String newCallSid() {
    return "CA" + UUID.randomUUID().toString().replace("-", "");
  }

  @Test
  void aRepeatedStatusCallbackIsAnsweredAgainWithoutSpendingTheBudgetOrRunningTheControllerTwice() throws Exception {
    String callSid = newCallSid();
    int handledBefore = EdgeTestApp.VOICE_STATUS_HANDLED.get();
    for (int i = 0; i < 20; i++) {
      assertThat(signed("/webhook/voice/status", status(callSid, "ringing")).statusCode()).isEqualTo(204);
    }
    assertThat(EdgeTestApp.VOICE_STATUS_HANDLED.get() - handledBefore).isEqualTo(1);

    // The budget of 3 was spent once: other events still get through until it is gone.
    assertThat(signed("/webhook/voice/status", status(callSid, "in-progress")).statusCode()).isEqualTo(204);
    assertThat(signed("/webhook/voice/status", status(callSid, "completed")).statusCode()).isEqualTo(204);
    String otherCall = newCallSid();
    int fourth = signed("/webhook/voice/status", status(otherCall, "ringing")).statusCode();
    int fifth = signed("/webhook/voice/status", status(otherCall, "in-progress")).statusCode();
    // Refill is greedy (a token every 20 s), so the fourth may have found one come back; not the fifth too.
    assertThat(fourth == 429 || fifth == 429).isTrue();

    // A repeat of an answered event is still answered once the budget is spent.
    assertThat(signed("/webhook/voice/status", status(callSid, "ringing")).statusCode()).isEqualTo(204);
  }

  @Test
  void aRepeatedIncomingCallGetsTheSameAnswerAsTheFirst() throws Exception {
    Map<String, String> call = Map.of("CallSid", newCallSid(), "From", "+972501234567");
    HttpResponse<String> first = signed("/webhook/voice/incoming", call);
    HttpResponse<String> again = signed("/webhook/voice/incoming", call);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(again.headers().firstValue("Content-Type")).isEqualTo(first.headers().firstValue("Content-Type"));
  }

  @Test
  void anUnsignedCopyOfAnAnsweredWebhookIsStillRefused() throws Exception {
    Map<String, String> call = Map.of("CallSid", newCallSid());
    assertThat(signed("/webhook/voice/incoming", call).statusCode()).isEqualTo(200);
    assertThat(send(postForm(port, "/webhook/voice/incoming", call)).statusCode()).isEqualTo(403);
  }
}
