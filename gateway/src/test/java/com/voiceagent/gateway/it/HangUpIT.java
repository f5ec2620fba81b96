package com.voiceagent.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.twiliokit.media.MediaStreamClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The shared Twilio REST fixture is stopped by the second test: keep these in order, and last to use it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HangUpIT extends GatewayTestBase {

  @Test
  @Order(1)
  void aGoodbyeEndsTheCallThroughTwilioOnceItsMarkIsEchoed() {
    MediaStreamClient call = startCall();
    sendReply(call.callSid(), 3, 0, true, true, "להתראות", tone(200));
    await().atMost(Duration.ofSeconds(30)).until(() -> !call.events("mark").isEmpty());
    assertThat(TWILIO.requests()).noneMatch(r -> r.path().contains(call.callSid()));

    call.mark("t3-s0");
    await().atMost(Duration.ofSeconds(30))
        .until(() -> TWILIO.requests().stream().anyMatch(r -> r.path().contains(call.callSid())));
    var request = TWILIO.requests().stream().filter(r -> r.path().contains(call.callSid())).findFirst().orElseThrow();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + com.voiceagent.gateway.twilio.TwilioRestFixture.ACCOUNT_SID
        + "/Calls/" + call.callSid() + ".json");
    assertThat(request.form()).containsEntry("Status", "completed");
    call.close();
  }

  @Test
  @Order(2)
  void withTwilioUnreachableTheGoodbyeClosesTheSocketInstead() throws Exception {
    TWILIO.stop();
    MediaStreamClient call = startCall();
    sendReply(call.callSid(), 2, 0, true, true, "להתראות", tone(200));
    await().atMost(Duration.ofSeconds(30)).until(() -> !call.events("mark").isEmpty());
    assertThat(call.isOpen()).isTrue();
    call.mark("t2-s0");
    assertThat(call.closeCode().get(30, TimeUnit.SECONDS)).isEqualTo(1000);
  }
}
