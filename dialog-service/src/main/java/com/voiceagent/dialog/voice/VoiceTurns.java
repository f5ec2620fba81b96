package com.voiceagent.dialog.voice;

import com.voiceagent.dialog.DialogProperties;
import com.voiceagent.dialog.engine.CancellationToken;
import com.voiceagent.dialog.engine.Conversation;
import com.voiceagent.dialog.history.ConversationHistory;
import com.voiceagent.dialog.reply.Replier;
import com.voiceagent.dialog.reply.ReplyKind;
import com.voiceagent.dialog.reply.ReplyOutput;
import com.voiceagent.dialog.reply.ReplyResult;
import com.voiceagent.dialog.scripted.Business;
import com.voiceagent.dialog.scripted.ScriptedDialogEngine;
import com.voiceagent.dialog.speech.SentenceSplitter;
import com.voiceagent.dialog.speech.SpeechText;
import com.voiceagent.platform.CallContext;
import com.voiceagent.platform.control.TurnCancellation;
import com.voiceagent.platform.control.TurnCancellations;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import com.voiceagent.dialog.keypad.DigitCollection;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dialog side of a phone call: greets when the stream starts, answers each thing the caller said with
 * a reply streamed sentence by sentence, stops a turn the caller barged into (keeping in the history only
 * what was heard), forgets a turn the gateway took back, and forgets the call when it ends.
 *
 * <p>The Kafka adapter calls these methods on the call's lane (in order per call, concurrently across
 * calls); cancellations arrive on their own thread, so they reach a turn while it is still running.
 */
public final class VoiceTurns {
  /** The engine name in a turn's timeline for phrases the scripted engine supplies (greeting, "say again"). */
  public static final String SCRIPTED = ScriptedDialogEngine.NAME;
  private static final Logger log = LoggerFactory.getLogger(VoiceTurns.class);

  /**
   * What the caller said in one turn, as speech-to-text understood it, and the keys they pressed.
   *
   * @param keypad the keys of a keypad turn (0-9, *, #, in order); "" for speech
   */
  public record Heard(String callSid, int turn, Understood understood, String text, String reason, String keypad) {
    public enum Understood { OK, NOTHING, FAILED }

    public Heard {
      Objects.requireNonNull(callSid, "callSid");
      Objects.requireNonNull(understood, "understood");
      text = text == null ? "" : text.strip();
      keypad = keypad == null ? "" : keypad.strip();
    }

    public Heard(String callSid, int turn, Understood understood, String text, String reason) {
      this(callSid, turn, understood, text, reason, "");
    }

    /**
     * The turn as the engines and the history see it: the words, then the keys as {@code [מקשים: 123#]} (so the LLM
     * knows they were keyed in, not said).
     */
    public String userText() {
      if (keypad.isEmpty()) {
        return text;
      }
      String keys = "[" + KEYS_LABEL + ": " + keypad + "]";
      return text.isEmpty() ? keys : text + " " + keys;
    }
  }

  /** How the keys of a turn are labelled in the engine's user text and in the history. */
  public static final String KEYS_LABEL = "מקשים";

  private final Replier replier;
  private final ConversationHistory history;
  private final Business business;
  private final DialogProperties properties;
  private final TurnCancellations cancellations;
  private final ActiveTurns activeTurns = new ActiveTurns();
  private final DigitCollection digitCollection;
  /** Calls handed to a person: their stream stopped, and the call may come back if nobody answers. */
  private final java.util.Set<String> transferring = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Calls we placed, with their context: the engines see it on every turn. */
  private final java.util.Map<String, String> outboundContexts = new java.util.concurrent.ConcurrentHashMap<>();

  public VoiceTurns(Replier replier, ConversationHistory history, Business business, DialogProperties properties,
      TurnCancellations cancellations) {
    this.digitCollection = new DigitCollection(business, SpeechText::prepare);
    this.replier = replier;
    this.history = history;
    this.business = business;
    this.properties = properties;
    this.cancellations = cancellations;
    cancellations.onCancellation(this::cancelled);
  }

  /** Answers one turn, writing the reply's sentences to {@code output} as they come. */
  public void answer(Heard heard, ReplyOutput output) {
    String callSid = heard.callSid();
    int turn = heard.turn();
    if (cancellations.takenBack(callSid, turn)) {
      log.info("transcript of a turn the caller talked on through (CALLER_CONTINUED): not answered");
      return;
    }
    CancellationToken cancel = activeTurns.begin(callSid, turn);
    if (cancellations.takenBack(callSid, turn)) { // taken back between the check above and begin
      cancel.cancel("cancelled: " + TurnCancellation.Cause.CALLER_CONTINUED);
      log.info("transcript of a turn the caller talked on through (CALLER_CONTINUED): not answered");
      return;
    }
    if (cancellations.bargedIn(callSid, turn)) {
      // The caller spoke on before the answer began: the gateway would drop its audio, so no engine is paid for
      // it. The question stays in the history with an answer the caller did not hear; their next turn follows.
      history.recordCancel(callSid, turn, "");
      history.recordTurn(callSid, turn, heard.userText(), null);
      log.info("transcript of a turn the caller spoke on after (BARGE_IN before its answer began): not answered");
      return;
    }
    if (isPersonKey(heard.keypad())) {
      log.info("caller pressed the person key: handing the call to a person");
      String phrase = business.transferText();
      output.transferSegment(SpeechText.prepare(phrase), SCRIPTED);
      history.recordTurn(callSid, turn, heard.userText(), phrase);
      return;
    }
    if (heard.understood() == Heard.Understood.OK) {
      Optional<DigitCollection.Step> step = digitCollection.answer(history.messages(callSid), heard.keypad(), heard.text());
      if (step.isPresent()) {
        log.info("ID collection: {}", step.get() instanceof DigitCollection.Step.Confirmed ? "valid ID read back"
            : "not a valid ID (" + ((DigitCollection.Step.Invalid) step.get()).digits() + " digits), asking again");
        String reply = step.get().reply();
        output.segment(SpeechText.prepare(reply), true, ReplyKind.ANSWER, false, SCRIPTED);
        history.recordTurn(callSid, turn, heard.userText(), reply);
        return;
      }
    }
    if (heard.understood() != Heard.Understood.OK || heard.userText().isEmpty()) {
      log.info("transcript {} ({}): asking the caller to repeat", heard.understood(), heard.reason());
      String repeat = business.repeatText(false);
      output.segment(repeat, true, heard.understood() == Heard.Understood.FAILED ? ReplyKind.FALLBACK : ReplyKind.ANSWER,
          false, SCRIPTED);
      history.recordTurn(callSid, turn, null, repeat);
      return;
    }
    ReplyResult result = replier.reply(conversation(callSid), heard.userText(), output, cancel, properties.replyMaxChars(), SpeechText::prepare);
    if (cancellations.takenBack(callSid, turn)) {
      history.forgetTurn(callSid, turn); // also stops a recordTurn racing with the cancellation's forgetTurn
      log.info("turn taken back while answering (CALLER_CONTINUED): stopped, not recorded");
      return;
    }
    history.recordTurn(callSid, turn, heard.userText(), result.text());
    log.info("turn answered by {} ({}{}{})", result.engine(), result.kind(), result.endCall() ? ", ends the call" : "",
        result.cancelled() ? ", cancelled" : "");
  }

  /** A keypad turn of the person key alone (with or without #): the caller asks for a person. */
  private boolean isPersonKey(String keypad) {
    return !keypad.isEmpty() && keypad.replace("#", "").equals(properties.keypad().personKey());
  }

  /** The stream started: the greeting is turn 0. A call that already has a history is not greeted again. */
  public void greet(String callSid, ReplyOutput output) {
    greet(callSid, null, output);
  }

  /**
   * The stream started. A call the customer placed hears the greeting; a call we placed (POST /api/calls, with its
   * context) is opened by the engine from the context instead (the scripted fallback opens it when the engine
   * fails), and the context stays with the call for every later turn. Either is turn 0, and never twice.
   */
  public void greet(String callSid, @Nullable String outboundContext, ReplyOutput output) {
    transferring.remove(callSid); // a transferred call back on a new stream: nobody took it
    if (history.lastTurn(callSid) >= 0) {
      log.info("call already has history (redelivered stream start?): not greeting again");
      return;
    }
    if (outboundContext != null && !outboundContext.isBlank()) {
      outboundContexts.put(callSid, outboundContext);
      open(callSid, output);
      return;
    }
    String greeting = business.greetingText();
    List<String> sentences = SentenceSplitter.split(greeting, properties.minSentenceChars());
    for (int i = 0; i < sentences.size(); i++) {
      output.segment(SpeechText.prepare(sentences.get(i)), i == sentences.size() - 1, ReplyKind.GREETING, false, SCRIPTED);
    }
    history.recordTurn(callSid, 0, null, greeting);
    log.info("greeted in {} segment(s)", sentences.size());
  }

  /** Turn 0 of an outbound call: the agent speaks first. */
  private void open(String callSid, ReplyOutput output) {
    CancellationToken cancel = activeTurns.begin(callSid, 0);
    ReplyResult result = replier.reply(conversation(callSid), Conversation.CALL_ANSWERED, output, cancel,
        properties.replyMaxChars(), SpeechText::prepare);
    history.recordTurn(callSid, 0, null, result.text());
    log.info("outbound call opened by {} ({})", result.engine(), result.kind());
  }

  private Conversation conversation(String callSid) {
    return new Conversation(callSid, Conversation.Channel.VOICE, history.messages(callSid), outboundContexts.get(callSid));
  }

  /** The call is over: stop what it is answering at once, before the records queued behind it. */
  public void callEnding(String callSid) {
    activeTurns.forget(callSid, "call ended");
  }

  /** The gateway re-pointed the call to dial a person: the stream stop that follows does not end the conversation. */
  public void transferring(String callSid) {
    transferring.add(callSid);
    log.info("call handed to a person: its history is kept in case nobody answers");
  }

  public boolean isTransferring(String callSid) {
    return transferring.contains(callSid);
  }

  /** The call is over, and everything before its end has been handled: its history goes. */
  public void callEnded(String callSid) {
    transferring.remove(callSid);
    outboundContexts.remove(callSid);
    history.drop(callSid);
    log.info("call ended: history dropped");
  }

  /**
   * A cancellation, read by every instance. Remember-then-check here and begin-then-check in {@link #answer}
   * leave no gap for a cancellation to slip through: {@link TurnCancellations} remembers it before calling.
   */
  private void cancelled(TurnCancellation cancellation) {
    String callSid = cancellation.callSid();
    int turn = cancellation.turn();
    if (!activeTurns.answered(callSid, turn)) {
      return; // another instance answered that turn, or none yet (a taken-back transcript is then skipped)
    }
    try (var ctx = CallContext.open(callSid, turn)) {
      if (cancellation.cause() == TurnCancellation.Cause.CALLER_CONTINUED) {
        log.info("speculative turn taken back: the caller went on speaking; stopping it and forgetting it");
        activeTurns.cancel(callSid, turn, "cancelled: " + cancellation.cause());
        history.forgetTurn(callSid, turn);
        return;
      }
      log.info("turn cancelled ({}); the caller heard {} segment(s)", cancellation.cause(), cancellation.heardSegments());
      // History first: when the turn notices the cancel, what was heard is already known.
      history.recordCancel(callSid, turn, cancellation.heardText());
      activeTurns.cancel(callSid, turn, "cancelled: " + cancellation.cause());
    }
  }
}
