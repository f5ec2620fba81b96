package com.voiceagent.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.events.CallLifecycle;
import com.voiceagent.events.CallLifecycleKind;
import com.voiceagent.events.StreamEndReason;
import com.voiceagent.twiliokit.media.MediaStreamClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
  void aCallWhoseStreamBrokeResumesThroughTheRedirectWithANewTokenWhileTheOldTokenAndAReplayedRedirectNoLongerWork()
      throws Exception {
    String callSid = newCallSid();
    TwimlAnswer answer = TwimlAnswer.parse(post("/webhook/incoming_call", "CallSid=" + callSid + "&AccountSid=" + ACCOUNT
        + "&CallStatus=ringing").body());
    MediaStreamClient first = connectStream(callSid).connected().start(Map.of("token", answer.token()));
    kafka().await(CallLifecycle.class, e -> e.getCallSid().equals(callSid) && e.getKind() == CallLifecycleKind.STREAM_STARTED);
    first.breakConnection(); // the stream breaks without Twilio's stop; Twilio follows the <Redirect> after </Connect>
    kafka().await(CallLifecycle.class, e -> e.getCallSid().equals(callSid) && e.getKind() == CallLifecycleKind.STREAM_STOPPED
        && e.getStreamEndReason() == StreamEndReason.LOST);

    String redirect = localPath(answer.redirectUrl());
    TwimlAnswer resumed = TwimlAnswer.parse(post(redirect, "CallSid=" + callSid + "&AccountSid=" + ACCOUNT
        + "&CallStatus=in-progress").body());
    assertThat(resumed.token()).isNotNull().isNotEqualTo(answer.token());
    MediaStreamClient withOldToken = connectStream(callSid).connected().start(Map.of("token", answer.token()));
    assertThat(closeCodeOf(withOldToken)).isEqualTo(1008);
    String reconnectedStream = newStreamSid();
    MediaStreamClient reconnected = connectStream(callSid, reconnectedStream).connected().start(Map.of("token", resumed.token()));

    CallLifecycle started = kafka().await(CallLifecycle.class, e -> e.getCallSid().equals(callSid)
        && e.getKind() == CallLifecycleKind.STREAM_STARTED && e.getStreamSid().equals(reconnectedStream));
    assertThat(started.getResumedAfter()).isEqualTo(StreamEndReason.LOST);
    assertThat(reconnected.isOpen()).isTrue();
    TwimlAnswer replayed = TwimlAnswer.parse(post(redirect, "CallSid=" + callSid + "&AccountSid=" + ACCOUNT
        + "&CallStatus=in-progress&Replayed=1").body());
    assertThat(replayed.hangsUp()).as("the first Redirect again, once its successor is up").isTrue();
    assertThat(replayed.token()).isNull();
    reconnected.close();
  }

  /** The path and query of a public URL, to post it to this gateway directly. */
  private static String localPath(String publicUrl) {
    URI uri = URI.create(publicUrl);
    return uri.getRawPath() + "?" + uri.getRawQuery();
  }

  private HttpResponse<String> post(String path, String form) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

}
