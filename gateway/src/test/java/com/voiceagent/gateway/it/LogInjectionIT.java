package com.voiceagent.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.twiliokit.media.MediaStreamClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Ids carrying a forged log line, sent to the running gateway: every id is checked against Twilio's format
 * before it is logged or put in the log context, so the forged line never appears.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogInjectionIT extends GatewayTestBase {
  private static final String FORGED = "22:00:00.000 INFO  [CA0] c.v.gateway.Forged - forged line";

  @Test
  void aStreamWhoseCallSidCarriesALineBreakIsClosedAndNothingOfItIsLogged(CapturedOutput output) throws Exception {
    String callSid = newCallSid() + "\n" + FORGED; // sent JSON-escaped, so the gateway's parser reads a line break

    MediaStreamClient stream = connectStream(callSid).connected().start(Map.of("token", "any"));

    assertThat(stream.closeCode().get(10, TimeUnit.SECONDS)).isEqualTo(1007);
    await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("callSid is not a Twilio id"));
    assertThat(output.getOut()).doesNotContain("forged line");
  }

  @Test
  void aWebhookWhoseCallSidCarriesALineBreakIsRefusedAndNothingOfItIsLogged(CapturedOutput output) throws Exception {
    String callSid = newCallSid() + "\n" + FORGED;
    for (String path : new String[] {"/webhook/call_status", "/webhook/handle_recording", "/webhook/stream_status",
        "/webhook/incoming_call"}) {
      HttpResponse<String> answer = post(path, "CallSid=" + encode(callSid) + "&AccountSid=" + ACCOUNT_SID
          + "&CallStatus=completed&RecordingSid=RE" + "0".repeat(32) + "&StreamEvent=stream-started");
      assertThat(answer.statusCode()).as(path).isEqualTo(400);
      assertThat(answer.body()).as(path).isEqualTo("CallSid is not a Twilio id (CA and 32 hex digits)");
    }
    assertThat(output.getOut()).contains("refused with 400: CallSid is not a Twilio id").doesNotContain("forged line");
  }

  @Test
  void anIncomingCallWithoutAnAccountInTwiliosFormatMintsNoStreamToken() throws Exception {
    HttpResponse<String> answer = post("/webhook/incoming_call", "CallSid=" + newCallSid() + "&AccountSid=AC1");
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).isEqualTo("AccountSid is not a Twilio id (AC and 32 hex digits)").doesNotContain("<Parameter");
  }

  private HttpResponse<String> post(String path, String form) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
