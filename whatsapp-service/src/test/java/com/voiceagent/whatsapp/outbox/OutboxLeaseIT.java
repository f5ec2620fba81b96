package com.voiceagent.whatsapp.outbox;

import static com.voiceagent.fixtures.TwilioRestFixture.Endpoint.MESSAGE_SEND;
import static com.voiceagent.whatsapp.support.TwilioAccount.TWILIO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.voiceagent.fixtures.TwilioRestFixture.Fault;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The lease against the slowest send the timeouts allow. Two instances share the outbox; one sends while
 * Twilio is slow and answers 5xx (twilio-java repeats those itself, and our retry repeats the call): the
 * send takes many seconds, and the other instance's relay, polling all along, must not take the row over and
 * send the message a second time. An instance configured with a lease shorter than its longest send does not start.
 */
class OutboxLeaseIT extends InstancesOnOneDatabase {
  /** 2 x (3 requests x (2 x 300 ms + 1 s) + 2 x 100 ms) + 20 ms = 10.02 s per call, 20.04 s for a lookup and a send. */
  static final Map<String, String> SLOW_TWILIO = Map.of(
      "voice.whatsapp.twilio.retry-attempts", "2",
      "voice.whatsapp.twilio.retry-wait", "20ms",
      "voice.whatsapp.twilio.connect-timeout", "300ms",
      "voice.whatsapp.twilio.read-timeout", "1s",
      "voice.whatsapp.outbox.lease", "21s");
  @Test
  void aSendAsSlowAsTheTimeoutsAllowIsNeverTakenOverByAnotherInstanceAndIsSentOnce() throws Exception {
    TWILIO.reset();
    try (ConfigurableApplicationContext sender = OutboxInstances.start("sender", postgres, SLOW_TWILIO);
        ConfigurableApplicationContext watcher = OutboxInstances.start("watcher", postgres, SLOW_TWILIO)) {
      String customer = OutboxInstances.customer();
      OutboxInstances.customerWrote(jdbc, customer);
      // Each answer takes 0.6 s (under the 1 s read timeout); the first five are 500s: twilio-java asks three
      // times, our retry calls it again, and the sixth request is accepted, about 4 s after the row was claimed,
      // longer than the 3 s lease these instances had before leases were checked against the longest send.
      TWILIO.delayAnswers(Duration.ofMillis(600));
      TWILIO.failNext(MESSAGE_SEND, 5, Fault.error(500, 20500, "Internal Server Error"));

      HttpResponse<String> response = OutboxInstances.send(sender, customer, "slow but once");

      assertThat(response.statusCode()).isEqualTo(201);
      assertThat(TWILIO.sendsTo(customer)).hasSize(6);
      assertThat(TWILIO.acceptedSidsTo(customer)).hasSize(1);
      // The watcher's relay kept polling (every 200 ms) through the whole send and afterwards: nothing more.
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> TWILIO.sendsTo(customer).size() == 6);
      assertThat(TWILIO.lookupsFor(customer)).isEmpty();
      assertThat(jdbc.sql("select state, attempts from outbound_message where to_address = ?").param(customer).query().singleRow())
          .containsEntry("state", "sent").containsEntry("attempts", 1);
    } finally {
      TWILIO.reset();
    }
  }

  @Test
  void anInstanceWhoseLeaseIsShorterThanItsLongestSendDoesNotStart() {
    Map<String, String> shortLease = new java.util.HashMap<>(SLOW_TWILIO);
    shortLease.put("voice.whatsapp.outbox.lease", "3s");
    assertThatThrownBy(() -> OutboxInstances.start("short-lease", postgres, shortLease).close())
        .rootCause().hasMessageContaining("voice.whatsapp.outbox.lease (PT3S) must be longer than the longest send, PT20.04S");
  }
}
