package com.voiceagent.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.events.CallLifecycle;
import com.voiceagent.events.CallLifecycleKind;
import com.voiceagent.twiliokit.media.MediaStreamClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Attacks with stream tokens on the running gateway: a token is bound to its call and account, opens one
 * stream once, expires, never opens a call Twilio reported completed, and a newer token from a new webhook
 * reconnects a call whose stream broke while the old one no longer works.
 */
@ExtendWith(OutputCaptureExtension.class)
class StreamTokenIT extends GatewayTestBase {
  private static final Pattern TOKEN = Pattern.compile("<Parameter name=\"token\" value=\"([A-Za-z0-9_-]+)\"/>");
  private static final String ACCOUNT = ACCOUNT_SID;

  private int closeCodeOf(MediaStreamClient stream) throws Exception {
    return stream.closeCode().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aTokenOpensOneStreamOnlyAndAReplayAfterTheStreamEndedIsRefused(CapturedOutput output) throws Exception {
    String callSid = newCallSid();
    String token = tokenFor(callSid);
    MediaStreamClient first = connectStream(callSid).connected().start(Map.of("token", token));
    first.stop();
    assertThat(closeCodeOf(first)).isEqualTo(1000);

    MediaStreamClient replay = connectStream(callSid).connected().start(Map.of("token", token));

    assertThat(closeCodeOf(replay)).isEqualTo(1008);
    await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("this stream token, or a newer one of the call,"
        + " was already used (close code 1008)"));
    assertThat(kafka().all(CallLifecycle.class, e -> e.getCallSid().equals(callSid)
        && e.getKind() == CallLifecycleKind.STREAM_STARTED)).hasSize(1);
  }

  @Test
  void aSecondStreamForALiveCallIsRefusedEvenWithANewerToken(CapturedOutput output) throws Exception {
    String callSid = newCallSid();
    MediaStreamClient live = connectStream(callSid).connected().start(Map.of("token", tokenFor(callSid)));
    kafka().await(CallLifecycle.class, e -> e.getCallSid().equals(callSid) && e.getKind() == CallLifecycleKind.STREAM_STARTED);

    MediaStreamClient second = connectStream(callSid).connected()
        .start(Map.of("token", tokens.issue(callSid, ACCOUNT, Instant.now().plusMillis(5))));

    assertThat(closeCodeOf(second)).isEqualTo(1008);
    await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("a stream for this call is already open"));
    assertThat(live.isOpen()).isTrue();
    live.close();
  }

  @Test
  void aTokenIssuedLongerAgoThanItsLifetimeIsRefused(CapturedOutput output) throws Exception {
    String callSid = newCallSid();
    // A token captured from a TwiML answered two minutes ago.
    String old = tokens.issue(callSid, ACCOUNT, Instant.now().minus(Duration.ofMinutes(2)));

    MediaStreamClient stream = connectStream(callSid).connected().start(Map.of("token", old));

    assertThat(closeCodeOf(stream)).isEqualTo(1008);
    await().atMost(Duration.ofSeconds(5))
        .until(() -> output.getOut().contains("stream token expired (issued more than 60 s ago)"));
  }

  @Test
  void aTokenIssuedForAnotherAccountIsRefused() throws Exception {
    String callSid = newCallSid();
    String otherAccounts = tokens.issue(callSid, "AC" + "f".repeat(32), Instant.now());

    MediaStreamClient stream = connectStream(callSid).connected().start(Map.of("token", otherAccounts));

    assertThat(closeCodeOf(stream)).isEqualTo(1008);
  }

  @Test
  void noStreamOpensForACallTwilioReportedCompleted(CapturedOutput output) throws Exception {
    String callSid = newCallSid();
    String token = tokenFor(callSid);
    assertThat(post("/webhook/call_status", "CallSid=" + callSid + "&AccountSid=" + ACCOUNT + "&CallStatus=completed"
        + "&SequenceNumber=3").statusCode()).isEqualTo(204);

    MediaStreamClient stream = connectStream(callSid).connected().start(Map.of("token", token));

    assertThat(closeCodeOf(stream)).isEqualTo(1008);
    await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("Twilio reported this call completed"));
  }

  @Test
  void aCallWhoseStreamBrokeReconnectsWithTheTokenOfANewWebhookWhileTheOldTokenNoLongerWorks() throws Exception {
    String callSid = newCallSid();
    String firstToken = tokenIn(post("/webhook/incoming_call", "CallSid=" + callSid + "&AccountSid=" + ACCOUNT
        + "&CallStatus=ringing"));
    MediaStreamClient first = connectStream(callSid).connected().start(Map.of("token", firstToken));
    kafka().await(CallLifecycle.class, e -> e.getCallSid().equals(callSid) && e.getKind() == CallLifecycleKind.STREAM_STARTED);
    first.close(); // the stream breaks; Twilio follows the <Redirect> after </Connect>
    assertThat(closeCodeOf(first)).isEqualTo(1000);
    kafka().await(CallLifecycle.class, e -> e.getCallSid().equals(callSid) && e.getKind() == CallLifecycleKind.STREAM_STOPPED);

    String secondToken = tokenIn(post("/webhook/incoming_call", "CallSid=" + callSid + "&AccountSid=" + ACCOUNT
        + "&CallStatus=in-progress"));
    MediaStreamClient withOldToken = connectStream(callSid).connected().start(Map.of("token", firstToken));
    assertThat(closeCodeOf(withOldToken)).isEqualTo(1008);
    String reconnectedStream = newStreamSid();
    MediaStreamClient reconnected = connectStream(callSid, reconnectedStream).connected().start(Map.of("token", secondToken));

    kafka().await(CallLifecycle.class, e -> e.getCallSid().equals(callSid) && e.getKind() == CallLifecycleKind.STREAM_STARTED
        && e.getStreamSid().equals(reconnectedStream));
    assertThat(reconnected.isOpen()).isTrue();
    reconnected.close();
  }

  private HttpResponse<String> post(String path, String form) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String tokenIn(HttpResponse<String> twiml) {
    assertThat(twiml.statusCode()).isEqualTo(200);
    Matcher token = TOKEN.matcher(twiml.body());
    assertThat(token.find()).as(twiml.body()).isTrue();
    return token.group(1);
  }
}
