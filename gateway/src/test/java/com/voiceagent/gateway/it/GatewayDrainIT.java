package com.voiceagent.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.events.CallLifecycle;
import com.voiceagent.events.CallLifecycleKind;
import com.voiceagent.events.StreamEndReason;
import com.voiceagent.events.Utterance;
import com.voiceagent.twiliokit.media.MediaStreamClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A gateway told to stop hands each call over at its next turn boundary (never mid-reply) and sends new
 * Twilio requests elsewhere meanwhile. The gateway it drains is gone afterwards: the context is dirtied.
 */
@DirtiesContext
class GatewayDrainIT extends GatewayTestBase {
  @Autowired SmartLifecycle gatewayDrain;

  @Test
  void aStoppingGatewayLetsTheReplyFinishThenHandsTheCallOverAndRefusesNewWork() throws Exception {
    MediaStreamClient call = startCall().startLine();
    call.say(hebrewQuestion());
    Utterance turn = kafka().await(Utterance.class, u -> u.getCallSid().equals(call.callSid()));
    sendReply(call.callSid(), turn.getTurn(), 0, true, false, "תשובה ארוכה", tone(1500));
    await().atMost(Duration.ofSeconds(10)).until(call::agentSpeaking);

    CompletableFuture<Void> draining = CompletableFuture.runAsync(gatewayDrain::stop);

    await().atMost(Duration.ofSeconds(5)).until(() -> post("/webhook/incoming_call").statusCode() == 503);
    assertThat(call.isOpen()).as("the reply is still playing: no hand-over mid-reply").isTrue();
    assertThat(call.closeCode().get(15, TimeUnit.SECONDS)).isEqualTo(1000);
    assertThat(call.agentSpeaking()).as("the whole reply was heard before the hand-over").isFalse();
    assertThat(call.hasMark("t" + turn.getTurn() + "-s0")).isTrue();
    draining.get(15, TimeUnit.SECONDS);
    CallLifecycle stopped = kafka().await(CallLifecycle.class, e -> e.getCallSid().equals(call.callSid())
        && e.getKind() == CallLifecycleKind.STREAM_STOPPED);
    assertThat(stopped.getStreamEndReason()).isEqualTo(StreamEndReason.DRAINED);
  }

  private HttpResponse<String> post(String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("CallSid=" + newCallSid() + "&AccountSid=" + ACCOUNT_SID)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
