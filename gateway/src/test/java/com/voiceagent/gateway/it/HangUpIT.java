package com.voiceagent.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.fixtures.TwilioRestFixture;
import com.voiceagent.twiliokit.media.MediaStreamClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HangUpIT extends GatewayTestBase {

  @AfterEach
  void twilioAnswersAgain() {
    TWILIO.reset();
  }

  @Test
  void aGoodbyeEndsTheCallThroughTwilioOnceItsMarkIsEchoed() {
    MediaStreamClient call = startCall();
    sendReply(call.callSid(), 3, 0, true, true, "להתראות", tone(200));
    await().atMost(Duration.ofSeconds(30)).until(() -> !call.events("mark").isEmpty());
    // The caller has not heard the goodbye yet: the call stays up however long that takes.
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
        .until(() -> TWILIO.callUpdates(call.callSid()).isEmpty());

    call.mark("t3-s0");
    await().atMost(Duration.ofSeconds(30)).until(() -> !TWILIO.callUpdates(call.callSid()).isEmpty());
    TwilioRestFixture.Request request = TWILIO.callUpdates(call.callSid()).getFirst();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + ACCOUNT_SID + "/Calls/" + call.callSid() + ".json");
    assertThat(request.form()).containsEntry("Status", "completed");
    call.close();
  }

  @Test
  void withTwilioUnreachableTheGoodbyeClosesTheSocketInstead() throws Exception {
    TWILIO.fail(TwilioRestFixture.Endpoint.CALL_UPDATE, TwilioRestFixture.Fault.dropConnection());
    MediaStreamClient call = startCall();
    sendReply(call.callSid(), 2, 0, true, true, "להתראות", tone(200));
    await().atMost(Duration.ofSeconds(30)).until(() -> !call.events("mark").isEmpty());
    assertThat(call.isOpen()).isTrue();
    call.mark("t2-s0");
    assertThat(call.closeCode().get(30, TimeUnit.SECONDS)).isEqualTo(1000);
    assertThat(TWILIO.callUpdates(call.callSid())).as("Twilio was tried first").isNotEmpty();
  }
}
