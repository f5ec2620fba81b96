package com.voiceagent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.events.ReplySegment;
import com.voiceagent.events.Utterance;
import com.voiceagent.fixtures.LatencyModel;
import com.voiceagent.fixtures.OpenAiFixture;
import com.voiceagent.fixtures.TwilioRestFixture;
import com.voiceagent.launcher.LocalPostgres;
import com.voiceagent.schemas.Topics;
import com.voiceagent.twiliokit.media.MediaStreamClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The keypad and the hand-off to a person through the whole system: a caller asked for their ID keys it in, a wrong
 * one is asked for again, a valid one is read back; then the person key hands the call over, and once the transfer
 * phrase has played the gateway updates the live call (the Twilio REST fixture) with TwiML that dials the person,
 * who gets the model's summary of the conversation by WhatsApp (dialog-service -> voice.transfer-notices ->
 * whatsapp-service's outbox -> the same fixture), the ID in it masked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeypadEndToEndIT {
  static final String TRANSFER_NUMBER = "+97231112222";
  static final String PERSON = "+972521112222";
  static final String SUMMARY = "הלקוח מסר תעודת זהות תקינה וביקש לדבר עם נציג.";
  static final String ID_ASK = "אנא הקישו את תשע הספרות של תעודת הזהות, ובסיום סולמית.";
  Stack stack;
  TwilioRestFixture twilio;
  LocalPostgres postgres;

  @BeforeAll
  void startTheStack() throws Exception {
    postgres = LocalPostgres.start(Stack.freePort(), Path.of("target", "e2e-keypad-" + UUID.randomUUID(), "postgres-data"),
        Path.of("target", "e2e-logs", "keypad-postgres.log"));
    stack = new Stack(LatencyModel.instant());
    twilio = TwilioRestFixture.start(Stack.ACCOUNT_SID, stack.authToken);
    stack.withEnv("TWILIO_ACCOUNT_SID", Stack.ACCOUNT_SID).withEnv("TWILIO_API_BASE_URL", twilio.baseUrl())
        .withEnv("TRANSFER_NUMBER", TRANSFER_NUMBER).withEnv("KEYPAD_DIGIT_PAUSE_MS", "1500")
        .withEnv("TRANSFER_NOTIFY_WHATSAPP", PERSON)
        .withGateway("gw-a").withStages().withWhatsApp("whatsapp-1", postgres.jdbcUrl(), LocalPostgres.USER, LocalPostgres.PASSWORD).awaitStarted();
    // The hand-over summary: its transcript holds the caller's question too, so it is matched first.
    stack.openAi.onChat("הבוט: ", exchange -> exchange.stream(SUMMARY));
    // The LLM asks for the caller's ID (the way the scripted engine's collect-id intent does).
    stack.openAi.onChat(OpenAiFixture.DEFAULT_TRANSCRIPT, exchange -> exchange.stream("אנא הקישו את תשע הספרות של תעודת הזהות, ",
        "ובסיום סולמית."));
  }

  @AfterAll
  void stopTheStack() throws Exception {
    if (stack != null) {
      stack.close();
    }
    if (twilio != null) {
      twilio.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void anIdKeyedInIsValidatedAndReadBackAndThePersonKeyHandsTheCallOverOnceThePhraseHasPlayed() throws Exception {
    String callSid = Stack.newCallSid();
    try (MediaStreamClient call = stack.dial("gw-a", callSid)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> call.hasMark("t0-s0"));
      call.say(VoiceLoopEndToEndIT.question());
      await().atMost(Duration.ofSeconds(60)).until(() -> lastSegment(callSid, 1) != null && call.hasMark(lastMark(callSid, 1)));
      assertThat(text(callSid, 1)).isEqualTo(ID_ASK);

      // A wrong check digit, ended by #: asked again.
      keys(call, "123456789#");
      await().atMost(Duration.ofSeconds(60)).until(() -> lastSegment(callSid, 2) != null && call.hasMark(lastMark(callSid, 2)));
      assertThat(text(callSid, 2)).startsWith("המספר שהתקבל אינו מספר תעודת זהות תקין");

      // A valid ID: read back.
      keys(call, "039337423#");
      await().atMost(Duration.ofSeconds(60)).until(() -> lastSegment(callSid, 3) != null && call.hasMark(lastMark(callSid, 3)));
      assertThat(text(callSid, 3)).isEqualTo("תודה, קיבלתי את תעודת זהות 039337423.");
      // tts-service got it digit by digit after the words תעודת זהות, never as a nine-digit amount.
      assertThat(stack.google.requests().stream().map(r -> r.getInput().hasSsml() ? r.getInput().getSsml() : r.getInput().getText()))
          .anySatisfy(spoken -> assertThat(spoken).contains("תעודת זהות").doesNotContain("039337423"));

      // The keys went through stt untranscribed: only the spoken question reached Whisper.
      Utterance keyed = utterance(callSid, 3);
      assertThat(keyed.getKeypad()).isEqualTo("039337423#");
      assertThat(keyed.getAudio().remaining()).isZero();
      assertThat(stack.openAi.transcriptionRequests()).hasSize(1);

      // The person key alone, ended by the pause: the transfer phrase, then the call dials the person.
      call.dtmf("0");
      await().atMost(Duration.ofSeconds(60)).until(() -> !twilio.callUpdates(callSid).isEmpty());
      ReplySegment phrase = lastSegment(callSid, 4);
      assertThat(phrase.getTransfer()).isTrue();
      assertThat(call.hasMark(lastMark(callSid, 4))).as("the update came after the phrase was heard").isTrue();
      String twiml = twilio.callUpdates(callSid).getFirst().form().get("Twiml");
      assertThat(twiml).contains("<Dial").contains("timeout=\"20\"").contains("<Number>" + TRANSFER_NUMBER + "</Number>")
          .contains("/webhook/transfer_ended");

      // The person is told by WhatsApp, once, with the model's summary; the model saw the ID masked.
      await().atMost(Duration.ofSeconds(60)).until(() -> !twilio.acceptedSidsTo("whatsapp:" + PERSON).isEmpty());
      assertThat(twilio.messagesTo("whatsapp:" + PERSON)).singleElement().satisfies(form -> assertThat(form.get("Body"))
          .contains("מזהה שיחה: " + callSid).endsWith("סיכום:\n" + SUMMARY));
      assertThat(stack.openAi.chatRequestContaining("הבוט: ").toString()).contains("******423").doesNotContain("039337423");
    }
  }

  private static void keys(MediaStreamClient call, String keys) {
    for (char key : keys.toCharArray()) {
      call.dtmf(String.valueOf(key));
    }
  }

  private List<ReplySegment> segments(String callSid, int turn) {
    return TopicReader.readAll(stack.bootstrapServers(), Topics.REPLIES.name(), Topics.REPLIES.serde()).stream()
        .filter(r -> callSid.equals(r.key()) && r.value().getTurn() == turn).map(ConsumerRecord::value)
        .sorted(Comparator.comparingInt(ReplySegment::getSeq)).toList();
  }

  private ReplySegment lastSegment(String callSid, int turn) {
    return segments(callSid, turn).stream().filter(ReplySegment::getLast).findFirst().orElse(null);
  }

  private String lastMark(String callSid, int turn) {
    return "t" + turn + "-s" + lastSegment(callSid, turn).getSeq();
  }

  private String text(String callSid, int turn) {
    return String.join(" ", segments(callSid, turn).stream().map(ReplySegment::getText).filter(t -> !t.isEmpty()).toList());
  }

  private Utterance utterance(String callSid, int turn) {
    return TopicReader.readAll(stack.bootstrapServers(), Topics.UTTERANCES.name(), Topics.UTTERANCES.serde()).stream()
        .filter(r -> callSid.equals(r.key()) && r.value().getTurn() == turn).map(ConsumerRecord::value).findFirst().orElseThrow();
  }
}
