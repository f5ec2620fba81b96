package com.voiceagent.dialog.keypad;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.dialog.engine.Message;
import com.voiceagent.dialog.scripted.Business;
import com.voiceagent.dialog.speech.SpeechText;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigitCollectionTest {
  private final Business business = Business.load("classpath:scripted/business.yml");
  private final DigitCollection collection = new DigitCollection(business, SpeechText::prepare);

  private List<Message> askedForId() {
    return List.of(Message.agent("שלום", 0, false), Message.caller("אני רוצה להזדהות", 1),
        Message.agent(SpeechText.prepare(business.idAskText()), 1, false));
  }

  @Test
  void aValidIdKeyedInAfterTheRequestIsReadBackDigitByDigit() {
    var step = collection.answer(askedForId(), "039337423#", "");
    assertThat(step).containsInstanceOf(DigitCollection.Step.Confirmed.class);
    DigitCollection.Step.Confirmed confirmed = (DigitCollection.Step.Confirmed) step.get();
    assertThat(confirmed.id()).isEqualTo("039337423");
    assertThat(confirmed.reply()).isEqualTo("תודה, קיבלתי את תעודת זהות 039337423.");
  }

  @Test
  void aValidIdSaidInWordsCountsToo() {
    var step = collection.answer(askedForId(), "", "אחת שתיים שלוש ארבע חמש שש שבע שמונה שתיים");
    assertThat(step).containsInstanceOf(DigitCollection.Step.Confirmed.class);
  }

  @Test
  void anInvalidIdIsAskedForAgainAndTheNextTurnIsStillReadAsTheNumber() {
    var step = collection.answer(askedForId(), "123456789#", "");
    assertThat(step).containsInstanceOf(DigitCollection.Step.Invalid.class);
    assertThat(step.get().reply()).isEqualTo(business.idInvalidText());

    List<Message> history = new java.util.ArrayList<>(askedForId());
    history.add(Message.caller("[מקשים: 123456789#]", 2));
    history.add(Message.agent(SpeechText.prepare(step.get().reply()), 2, false));
    assertThat(collection.answer(history, "123456782#", "")).containsInstanceOf(DigitCollection.Step.Confirmed.class);
  }

  @Test
  void withoutARequestDigitsAreNotCollected() {
    List<Message> history = List.of(Message.agent("שלום, במה אפשר לעזור?", 0, false));
    assertThat(collection.answer(history, "123456782#", "")).isEmpty();
  }

  @Test
  void aTurnWithoutDigitsLeavesTheCollectionToTheEngine() {
    assertThat(collection.answer(askedForId(), "", "רגע, מה שעות הפתיחה?")).isEmpty();
  }

  @Test
  void aRequestTheCallerInterruptedDoesNotCollect() {
    List<Message> history = List.of(Message.agent("אנא הקישו", 1, true));
    assertThat(collection.answer(history, "123456782#", "")).isEmpty();
  }
}
