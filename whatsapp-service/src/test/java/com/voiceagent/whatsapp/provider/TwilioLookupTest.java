package com.voiceagent.whatsapp.provider;

import static com.voiceagent.fixtures.TwilioRestFixture.Endpoint.MESSAGE_LOOKUP;
import static com.voiceagent.whatsapp.support.TwilioAccount.TWILIO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voiceagent.edge.twilio.TwilioClients;
import com.voiceagent.fixtures.TwilioRestFixture.Fault;
import com.voiceagent.whatsapp.support.TwilioAccount;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** findSent through the real SDK (Message.reader) against the Twilio fixture, which lists what it accepted. */
class TwilioLookupTest {
  static final String US = "whatsapp:+14155238886";
  final TwilioWhatsAppProvider twilio = new TwilioWhatsAppProvider(
      () -> TwilioClients.create(TwilioAccount.ACCOUNT_SID, TwilioAccount.AUTH_TOKEN, TWILIO.baseUrl()), 2,
      Duration.ofMillis(10));

  @BeforeEach
  void twilioAccepts() {
    TWILIO.reset();
  }

  static OutboundMessage text(String to, String body) {
    return new OutboundMessage(to, US, body, null, null, null);
  }

  @Test
  void aMessageTwilioAcceptedIsFoundWithItsSid() {
    OutboundMessage message = text("whatsapp:+972501111111", "שלום, מה שלומך?");
    Instant before = Instant.now().minusSeconds(5);
    SentMessage sent = twilio.send(message);

    assertThat(twilio.findSent(message, before)).extracting(SentMessage::sid).containsExactly(sent.sid());
    assertThat(TWILIO.requests(MESSAGE_LOOKUP)).singleElement().satisfies(list -> {
      assertThat(list.query()).containsEntry("To", "whatsapp:+972501111111").containsEntry("From", US)
          .containsKey("DateSent>");
    });
  }

  @Test
  void nothingIsFoundWhenTwilioHasNoSuchMessage() {
    twilio.send(text("whatsapp:+972502222222", "another text"));
    twilio.send(text("whatsapp:+972503333333", "the same text"));

    assertThat(twilio.findSent(text("whatsapp:+972502222222", "the same text"), Instant.now().minusSeconds(5)))
        .as("same customer, other body; or same body, other customer").isEmpty();
  }

  @Test
  void aMessageCreatedBeforeTheAttemptStartedIsNotItsMessage() throws Exception {
    OutboundMessage message = text("whatsapp:+972504444444", "again");
    twilio.send(message);
    Thread.sleep(1100); // Twilio's dates have second precision

    assertThat(twilio.findSent(message, Instant.now().truncatedTo(ChronoUnit.SECONDS))).isEmpty();
  }

  @Test
  void aTemplateMatchesOnSenderRecipientAndTimeSinceTwilioKeepsNoContentSid() {
    OutboundMessage template = new OutboundMessage("whatsapp:+972505555555", US, null,
        "HX0123456789abcdef0123456789abcdef", "{\"1\":\"Dana\"}", null);
    SentMessage sent = twilio.send(template);

    assertThat(twilio.findSent(template, Instant.now().minusSeconds(5))).extracting(SentMessage::sid).containsExactly(sent.sid());
  }

  @Test
  void aFailingListIsAnErrorNeverAnEmptyAnswer() {
    TWILIO.fail(MESSAGE_LOOKUP, Fault.error(500, 20500, "Internal Server Error"));

    assertThatThrownBy(() -> twilio.findSent(text("whatsapp:+972506666666", "hello"), Instant.now()))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.kind()).isEqualTo(ProviderException.Kind.TRANSIENT);
          assertThat(e.httpStatus()).isEqualTo(500);
        });
    // Our retry (2 attempts) around twilio-java's HTTP client, which itself repeats a 5xx.
    assertThat(TWILIO.requests(MESSAGE_LOOKUP)).as("asked again before giving up").hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void argumentsAreCheckedEagerly() {
    assertThatThrownBy(() -> twilio.findSent(null, Instant.now())).isInstanceOf(NullPointerException.class).hasMessage("message");
    assertThatThrownBy(() -> twilio.findSent(text("whatsapp:+972507777777", "x"), null))
        .isInstanceOf(NullPointerException.class).hasMessage("notBefore");
  }
}
