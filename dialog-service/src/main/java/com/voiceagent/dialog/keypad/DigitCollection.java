package com.voiceagent.dialog.keypad;

import com.voiceagent.dialog.engine.Message;
import com.voiceagent.dialog.scripted.Business;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Collecting an Israeli ID over the phone. The state is the conversation history itself: while the agent's last
 * words were the ID request (or the request to try again), the caller's turn is read as the number, keyed in or
 * spoken. A valid ID is read back; an invalid one is asked for again. A turn with no digits at all (the caller asked
 * something else) leaves the collection, and the engine answers it. Because the history is replicated, a call that
 * moves to another dialog instance mid-collection carries on there.
 */
public final class DigitCollection {

  /** What the caller's turn did to the collection. */
  public sealed interface Step {
    String reply();

    /** @param id the nine digits */
    record Confirmed(String id, String reply) implements Step {}

    /** @param digits how many digits came (none of them are logged: they are personal data) */
    record Invalid(int digits, String reply) implements Step {}
  }

  private final Business business;
  private final UnaryOperator<String> prepare;

  /** @param prepare what the history holds of a phrase once said (speech preparation) */
  public DigitCollection(Business business, UnaryOperator<String> prepare) {
    this.business = Objects.requireNonNull(business, "business");
    this.prepare = Objects.requireNonNull(prepare, "prepare");
  }

  /**
   * The step for this turn, or empty when no ID is being collected (or the turn held no digits).
   *
   * @param keypad the keys of the turn ("" for speech)
   * @param spoken the transcript ("" for a keypad turn)
   */
  public Optional<Step> answer(List<Message> history, String keypad, String spoken) {
    if (!collecting(history)) {
      return Optional.empty();
    }
    String digits = keypad.isEmpty() ? Digits.ofSpeech(spoken) : Digits.ofKeys(keypad);
    if (digits.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(IsraeliId.parse(digits)
        .<Step>map(id -> new Step.Confirmed(id, business.idConfirmedText(id)))
        .orElseGet(() -> new Step.Invalid(digits.length(), business.idInvalidText())));
  }

  /** The agent's last words asked for the ID. */
  boolean collecting(List<Message> history) {
    for (int i = history.size() - 1; i >= 0; i--) {
      Message message = history.get(i);
      if (message.role() == Message.Role.AGENT) {
        String said = message.text().strip();
        return !message.interrupted() && (said.endsWith(prepare.apply(business.idAskText()))
            || said.endsWith(prepare.apply(business.idInvalidText())));
      }
    }
    return false;
  }
}
