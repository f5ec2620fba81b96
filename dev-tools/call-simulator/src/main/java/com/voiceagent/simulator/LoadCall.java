package com.voiceagent.simulator;

import com.voiceagent.events.ReplyKind;
import com.voiceagent.events.ReplySegment;
import com.voiceagent.events.Transcript;
import com.voiceagent.events.TurnCompleted;
import com.voiceagent.twiliokit.media.MediaStreamClient;
import com.voiceagent.twiliokit.media.Speech;
import com.voiceagent.twiliokit.media.StreamIds;
import com.voiceagent.twiliokit.media.StreamInstruction;
import com.voiceagent.twiliokit.media.TwilioDialer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * One caller of a load run, from the webhook to the hang-up, played as Twilio and a person would: it waits
 * for the greeting, says its recording once per turn after the agent has finished (or, in a barge-in
 * turn, while the agent's answer plays), and measures on its side of the socket when the answer and the
 * {@code clear} arrive. When the server closes the stream under it (a gateway dying or draining), it
 * follows the TwiML's Redirect as Twilio does and goes on on the new stream; a turn that was waiting for
 * its answer then is said again, as the agent's lost-turn phrase asks.
 */
final class LoadCall implements TurnObserver.Listener {
  /** How a call ended. */
  enum Ending { COMPLETED, ENDED_BY_AGENT, DROPPED }

  private enum TurnResult { ANSWERED, LOST, CLOSED_BEFORE_SPEAKING, CLOSED_AWAITING_ANSWER }

  /** Why a call whose stream closed did not go on: {@code hungUp} when the Redirect answered with a hang-up. */
  private record NotResumed(boolean hungUp, String why) {}

  /** How long a barge-in lets the agent's answer play before speaking over it. */
  static final long BARGE_IN_AFTER_MS = 400;
  /** The agent must have been quiet this long before the caller takes the next turn (sentences come one by one). */
  static final long PAUSE_MS = 600;
  /** A turn whose stream keeps dropping before its answer is said at most this often again, then lost. */
  static final int MAX_REPEATS = 2;
  private static final long SLICE_NANOS = Duration.ofMillis(100).toNanos();
  private static final Duration AGENT_MAY_TALK = Duration.ofSeconds(60);
  private static final Duration RESUMED_PHRASE_WITHIN = Duration.ofSeconds(3);
  private static final Duration CLEAR_WITHIN = Duration.ofSeconds(10);

  private final LoadOptions options;
  private final byte[] speech;
  private final int firstSpeechSample;
  private final int lastSpeechSample;
  private final long speechNanos;
  private final boolean[] bargesIn;
  private final LoadTally tally;
  private final TwilioDialer twilio;
  private final String callSid = StreamIds.randomSid("CA");

  private final Set<Integer> fallbackTurns = ConcurrentHashMap.newKeySet();
  private volatile boolean agentEnding;

  private final List<MediaStreamClient> streams = new ArrayList<>();
  private StreamInstruction instruction;
  private MediaStreamClient stream;

  /** @param bargesIn index t (from 1): whether turn t speaks over the agent's answer */
  LoadCall(LoadOptions options, CallerAudio caller, boolean[] bargesIn, LoadTally tally) {
    this.options = options;
    this.speech = caller.muLaw();
    this.firstSpeechSample = caller.firstSpeechFrame() * CallerAudio.FRAME_BYTES;
    this.lastSpeechSample = caller.lastSpeechFrame() * CallerAudio.FRAME_BYTES;
    this.speechNanos = Duration.ofMillis(caller.durationMs()).toNanos();
    this.bargesIn = bargesIn.clone();
    this.tally = tally;
    CallOptions call = options.call();
    this.twilio = new TwilioDialer(call.gateway(), call.publicHost(), call.authToken());
  }

  String callSid() {
    return callSid;
  }

  /** Places the call and plays it to its end; every outcome goes to the tally. Never throws but for an interrupt. */
  void run() throws InterruptedException {
    tally.placed();
    int turns = options.call().turns();
    try {
      instruction = twilio.answer(new StreamIds(options.call().accountSid(), callSid, "unused"), options.call().from(),
          options.call().to());
      stream = open(instruction);
    } catch (IOException | RuntimeException e) {
      tally.failedToStart(callSid, String.valueOf(e.getMessage()), turns);
      return;
    }
    tally.started();
    long endBy = System.nanoTime() + options.call().maxDuration().toNanos();
    Ending ending = Ending.COMPLETED;
    String why = null;
    int turn = 1;
    int repeats = 0;
    try {
      listen(options.greetingWait());
      while (turn <= turns) {
        if (System.nanoTime() > endBy) {
          ending = Ending.DROPPED;
          why = "the call lasted longer than --max-seconds " + options.call().maxDuration().toSeconds();
          break;
        }
        boolean bargeIn = bargesIn[turn] && repeats == 0; // a repeat follows the lost-turn phrase, never speaks over it
        bargesIn[turn] = false; // tried once: after a reconnect there is no answer playing to speak over
        TurnResult result = turn(turn, bargeIn, repeats > 0);
        if (result == TurnResult.ANSWERED || result == TurnResult.LOST) {
          turn++;
          repeats = 0;
          continue;
        }
        boolean awaiting = result == TurnResult.CLOSED_AWAITING_ANSWER;
        Optional<NotResumed> notResumed = resume();
        if (notResumed.isPresent()) {
          // A hang-up after the agent said goodbye ends the call as meant; any other is a dropped call.
          ending = agentEnding && notResumed.get().hungUp() ? Ending.ENDED_BY_AGENT : Ending.DROPPED;
          why = notResumed.get().why();
          if (awaiting) {
            tally.lost(callSid, turn, "its stream closed before the answer and the call did not resume");
            turn++;
          }
          break;
        }
        listen(RESUMED_PHRASE_WITHIN); // the lost-turn phrase, if the gateway says one
        if (awaiting && ++repeats > MAX_REPEATS) {
          tally.lost(callSid, turn, "its stream closed before the answer " + (MAX_REPEATS + 1) + " times");
          turn++;
          repeats = 0;
        }
      }
      if (ending == Ending.COMPLETED) {
        awaitQuiet(stream, System.nanoTime() + AGENT_MAY_TALK.toNanos()); // the last answer plays out
      }
    } catch (RuntimeException e) {
      ending = Ending.DROPPED;
      why = "the load generator failed: " + e;
    } finally {
      stream.close();
    }
    tally.ended(ending, turns - turn + 1, fallbackTurns.size(), holdingPhrases(), protocolErrors(), callSid, why);
  }

  /** One turn: the caller speaks, then waits for the answer. */
  private TurnResult turn(int turn, boolean bargeIn, boolean again) throws InterruptedException {
    MediaStreamClient s = stream;
    if (bargeIn) {
      tally.bargeInPlanned();
      Thread.sleep(BARGE_IN_AFTER_MS); // the previous answer has started: let it play a little
      if (!s.agentSpeaking()) {
        tally.bargeInSkipped();
        bargeIn = false;
      }
    }
    if (!bargeIn) {
      awaitQuiet(s, System.nanoTime() + AGENT_MAY_TALK.toNanos());
    }
    if (closed(s)) {
      return TurnResult.CLOSED_BEFORE_SPEAKING;
    }
    int mediaBefore = s.count("media");
    int clearsBefore = s.count("clear");
    Speech said = s.say(speech);
    tally.said(again);
    if (bargeIn) {
      JsonNode clear = await(s, "clear", clearsBefore, System.nanoTime() + speechNanos + CLEAR_WITHIN.toNanos());
      long spokeAt = said.sentAt(firstSpeechSample);
      if (clear != null && spokeAt != 0) {
        tally.bargeIn((s.receivedAt(clear) - spokeAt) / 1_000_000);
      } else if (closed(s)) {
        return TurnResult.CLOSED_AWAITING_ANSWER;
      } else {
        tally.bargeInWithoutClear(callSid, turn);
      }
    }
    long deadlineNanos = options.turnDeadline().toNanos();
    long deadline = System.nanoTime() + speechNanos + deadlineNanos; // refined once the last word is sent
    for (int index = mediaBefore; ; ) {
      JsonNode media = await(s, "media", index, deadline);
      long lastWord = said.sentAt(lastSpeechSample);
      if (media == null) {
        if (closed(s)) {
          return TurnResult.CLOSED_AWAITING_ANSWER;
        }
        if (lastWord != 0 && System.nanoTime() < lastWord + deadlineNanos) {
          deadline = lastWord + deadlineNanos;
          continue;
        }
        tally.lost(callSid, turn, "no agent audio within " + options.turnDeadline().toSeconds() + " s of the caller's last word");
        return TurnResult.LOST;
      }
      long at = s.receivedAt(media);
      if (lastWord == 0 || at <= lastWord) { // audio the agent sent while the caller was still speaking
        index++;
        if (lastWord != 0) {
          deadline = lastWord + deadlineNanos;
        }
        continue;
      }
      if (at - lastWord > deadlineNanos) {
        tally.lost(callSid, turn, "the answer came " + (at - lastWord) / 1_000_000 + " ms after the caller's last word");
        return TurnResult.LOST;
      }
      tally.answered((at - lastWord) / 1_000_000);
      return TurnResult.ANSWERED;
    }
  }

  /**
   * The server closed the stream: Twilio follows the TwiML's Redirect, and the answer puts the call on a
   * new stream. Empty when it did; else why the call is over.
   */
  private Optional<NotResumed> resume() {
    long droppedAt = System.nanoTime();
    MediaStreamClient old = stream;
    String closedWith = "the server closed the stream (" + old.closeCode().getNow(null) + ")";
    Optional<StreamInstruction> next;
    try {
      next = twilio.followRedirect(instruction, old.ids(), options.call().from(), options.call().to());
    } catch (IllegalArgumentException | IllegalStateException | IOException e) {
      return Optional.of(new NotResumed(false, closedWith + " and its Redirect failed: " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of(new NotResumed(false, closedWith + "; interrupted while following its Redirect"));
    }
    if (next.isEmpty()) {
      return Optional.of(new NotResumed(true, closedWith + " and its Redirect answered <Hangup/>"));
    }
    try {
      stream = open(next.get());
      instruction = next.get();
    } catch (RuntimeException e) {
      return Optional.of(new NotResumed(false, closedWith + "; the Redirect's new stream failed: " + e.getMessage()));
    }
    tally.reconnected((System.nanoTime() - droppedAt) / 1_000_000);
    return Optional.empty();
  }

  /** Opens the TwiML's stream (Twilio's connected and start, marked as a load call) and starts the phone line. */
  private MediaStreamClient open(StreamInstruction twiml) {
    StreamIds ids = StreamIds.forCall(options.call().accountSid(), callSid);
    MediaStreamClient client = twilio.connect(twiml, ids, Map.of(LoadRun.PARAMETER, "true"), new MediaStreamClient.Listener() {});
    streams.add(client);
    return client.startLine();
  }

  /** Lets the agent speak first if it does within {@code within} (a greeting, the lost-turn phrase), to the end. */
  private void listen(Duration within) throws InterruptedException {
    MediaStreamClient s = stream;
    if (await(s, "media", 0, System.nanoTime() + within.toNanos()) != null) {
      awaitQuiet(s, System.nanoTime() + AGENT_MAY_TALK.toNanos());
    }
  }

  /** Until the agent has been quiet for {@link #PAUSE_MS}, the stream closed, or the deadline passed. */
  private static void awaitQuiet(MediaStreamClient s, long deadline) throws InterruptedException {
    while (!closed(s) && System.nanoTime() < deadline) {
      if (s.awaitAgentSilent(Duration.ofNanos(SLICE_NANOS))) {
        Thread.sleep(PAUSE_MS);
        if (!s.agentSpeaking()) {
          return;
        }
      }
    }
  }

  /** The index-th message of that event; null at the deadline, or once the stream has closed without it. */
  private static JsonNode await(MediaStreamClient s, String event, int index, long deadline) throws InterruptedException {
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      JsonNode message = s.awaitEvent(event, index, Duration.ofNanos(Math.min(left, SLICE_NANOS)));
      if (message != null) {
        return message;
      }
      if (closed(s)) {
        return s.count(event) > index ? s.events(event).get(index) : null;
      }
    }
  }

  private static boolean closed(MediaStreamClient s) {
    return s.closeCode().isDone();
  }

  private long holdingPhrases() {
    return streams.stream().flatMap(s -> s.events("mark").stream())
        .filter(m -> m.path("mark").path("name").asString("").startsWith(HOLDING_PHRASE_MARK)).count();
  }

  private List<String> protocolErrors() {
    return streams.stream().flatMap(s -> s.protocolErrors().stream()).toList();
  }

  /** The gateway names the marks of its own phrases own-NAME-N; the holding phrase is "hold". */
  static final String HOLDING_PHRASE_MARK = "own-hold-";

  // ---- what the pipeline reports on Kafka about this call ----

  @Override
  public void transcript(Transcript transcript) {}

  @Override
  public void reply(ReplySegment segment) {
    if (segment.getKind() == ReplyKind.FALLBACK) {
      fallbackTurns.add(segment.getTurn());
    }
    if (segment.getEndCall()) {
      agentEnding = true;
    }
  }

  @Override
  public void turnCompleted(TurnCompleted turn) {
    if (turn.getKind() == ReplyKind.FALLBACK) {
      fallbackTurns.add(turn.getTurn());
    }
  }

  @Override
  public void unreadable(String topic, String reason) {}
}
