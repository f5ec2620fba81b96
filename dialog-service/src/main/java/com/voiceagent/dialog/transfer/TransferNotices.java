package com.voiceagent.dialog.transfer;

import com.voiceagent.dialog.engine.Message;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the person a call is handed to what it is about: when the gateway reports the hand-over
 * (TRANSFERRED), a {@link HandOverNotice} with a short Hebrew summary of the conversation so far goes to
 * voice.transfer-notices (the Kafka side writes it as the TransferNotice record), and whatsapp-service sends it by WhatsApp to TRANSFER_NOTIFY_WHATSAPP through its
 * outbox (once per callSid + transferId, whatever Kafka redelivers).
 *
 * <p>The summary is the model's paragraph when OpenAI is configured and answers in time, else (offline, or
 * the model failed) the deterministic {@link TransferSummary}. The caller's number is known only from the
 * call's status callbacks (when the Twilio number has a status callback) and is sent masked to its last 4 digits.
 */
public final class TransferNotices {
  public static final String SCRIPTED = "scripted";
  /**
   * A call handed to a person and answered ends without a stream stop this service sees as its end (only a final
   * status callback, when the number has one), so what is remembered per call is also bounded: past this many calls
   * it is forgotten. Harmless: a redelivered notice is still sent once (whatsapp-service's idempotency key), and a
   * caller's number is remembered again from the call's next status callback.
   */
  static final int MAX_REMEMBERED = 50_000;
  private static final Logger log = LoggerFactory.getLogger(TransferNotices.class);

  private final String notifyTo;
  private final Function<String, List<Message>> history;
  private final Optional<ModelSummary> model;
  private final Consumer<HandOverNotice> publisher;
  private final String instanceId;
  private final Clock clock;
  private final Map<String, String> callers = new ConcurrentHashMap<>();
  /** callSid + transferId already told by this instance (a redelivered TRANSFERRED is not summarized twice). */
  private final Set<String> told = ConcurrentHashMap.newKeySet();

  /**
   * @param notifyTo TRANSFER_NOTIFY_WHATSAPP (+E164), blank = nobody is told
   * @param history the conversation so far of a call
   */
  public TransferNotices(String notifyTo, Function<String, List<Message>> history, Optional<ModelSummary> model,
      Consumer<HandOverNotice> publisher, String instanceId, Clock clock) {
    this.notifyTo = notifyTo == null ? "" : notifyTo.strip();
    this.history = Objects.requireNonNull(history, "history");
    this.model = Objects.requireNonNull(model, "model");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public boolean enabled() {
    return !notifyTo.isEmpty();
  }

  /** A status callback's From: the caller's number, remembered (masked) for the call's notices. */
  public void callerNumber(String callSid, String from) {
    String masked = TransferSummary.maskedNumber(from);
    if (enabled() && !masked.isEmpty()) {
      if (callers.size() >= MAX_REMEMBERED) {
        callers.clear();
      }
      callers.putIfAbsent(callSid, masked);
    }
  }

  /**
   * The call was handed to a person.
   *
   * @param transferId names this hand-over within the call (the stream it ended); a call that comes back and
   *     is handed over again has a new one
   */
  public void transferred(String callSid, int turn, String transferId) {
    if (!enabled()) {
      return;
    }
    if (told.size() >= MAX_REMEMBERED) {
      told.clear();
    }
    if (!told.add(callSid + ":" + transferId)) {
      log.info("hand-over {} was told before (a redelivered event): not summarized again", transferId);
      return;
    }
    List<Message> messages = history.apply(callSid);
    String deterministic = TransferSummary.of(messages);
    String summary = deterministic;
    String engine = SCRIPTED;
    if (model.isPresent() && !deterministic.equals(TransferSummary.NOTHING_SAID)) {
      Optional<String> paragraph = model.get().summarize(deterministic);
      if (paragraph.isPresent()) {
        summary = paragraph.get();
        engine = ModelSummary.ENGINE;
      }
    }
    publisher.accept(new HandOverNotice(callSid, turn, transferId, notifyTo, callers.getOrDefault(callSid, ""), summary,
        engine, instanceId, clock.instant()));
    log.info("hand-over summary ({}, {} characters) published for {}", engine, summary.length(), TransferSummary.maskedNumber(notifyTo));
  }

  /** The call is over: what was remembered for it goes. */
  public void callEnded(String callSid) {
    callers.remove(callSid);
    told.removeIf(key -> key.startsWith(callSid + ":"));
  }
}
