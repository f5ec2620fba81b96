package com.voiceagent.gateway.call;

import com.voiceagent.audio.DetectedUtterance;
import com.voiceagent.audio.Endpointer;
import com.voiceagent.audio.MuLaw;
import com.voiceagent.gateway.twilio.CallControl;
import com.voiceagent.platform.CallContext;
import com.voiceagent.platform.control.TurnCancellation;
import com.voiceagent.gateway.token.StreamEnd;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One phone call as the gateway sees it: caller audio in (endpointed into utterances), reply audio out
 * (in order, with a mark per segment), barge-in and hang-up. Knows nothing of JSON or sockets.
 *
 * <p>Speculative turns: at a short pause the utterance so far is published as the next turn; the end
 * silence confirms it (nothing more is published) and speech before that takes it back
 * (TurnCancelled CALLER_CONTINUED, the whole utterance follows as a new turn). Reply audio of a turn
 * not yet confirmed is held, and dropped if it is taken back.
 *
 * <p>Barge-in: sustained caller speech cuts what the agent is saying (a clear, TurnCancelled BARGE_IN with what
 * was heard) and also the reply the caller is still waiting for, even over the holding phrase or between two
 * sentences: that audio would otherwise start while they talk. What they say next is the next turn.
 *
 * <p>Threads: inbound methods run on the call's socket thread, {@link #onReplyAudio} on the Kafka
 * consumer thread; both only touch state under this object's lock and queue I/O elsewhere, so neither
 * ever waits for the network.
 */
public final class CallSession {
  static final int FRAME_BYTES = 160; // 20 ms of 8 kHz mu-law
  /** The stream parameter saying why a stream of a call already greeted started (beside the token). */
  public static final String AFTER_PARAMETER = "after";
  /** {@link #AFTER_PARAMETER}: the person did not take the transfer; the call is back with the agent. */
  public static final String AFTER_UNANSWERED_TRANSFER = "transfer-unanswered";
  private static final Logger log = LoggerFactory.getLogger(CallSession.class);

  private final String callSid;
  private final String streamSid;
  private final Endpointer endpointer;
  private final CallEvents events;
  private final OutboundLane outbound;
  private final CallOutput output;
  private final CallControl callControl;
  private final Executor blockingWork;
  private final Clock clock;
  private final int chunkBytes;
  private final Opening opening;
  private final Phrases phrases;
  private final ScheduledExecutorService timers;
  private final Duration holdAfter;
  private final Duration keypadPause;
  private final CallTransfer transfer;
  private final Instant startedAt;
  private final ArrivalClock arrivals = new ArrivalClock(512);
  private final SpeechListener speech = new SpeechListener();

  // Guarded by this.
  private final Playback playback;
  private final Map<Integer, Instant> speechEndedAt = recentTurns();
  /** When the end silence confirmed each recent speculative turn: audio that waited for it was held, not slow. */
  private final Map<Integer, Instant> confirmedAt = recentTurns();
  private int lastTurn;
  /** The turn published at a pause whose end the endpointer has not confirmed yet; -1 when none. */
  private int speculativeTurn = -1;
  private boolean ended;
  private boolean callerSpeaking;
  /** Keys pressed since the last keypad turn; published at {@code #} or after {@link #keypadPause} without a key. */
  private final StringBuilder keys = new StringBuilder();
  private ScheduledFuture<?> keysPause;
  /** Stream time just after the newest caller audio: where a keypad turn sits on the call's clock. */
  private long streamTimeMs;

  CallSession(String callSid, String streamSid, Opening opening, Endpointer endpointer, CallEvents events,
      CallOutput output, CallControl callControl, Executor blockingWork, Clock clock, int chunkFrames, int maxHeldSegments,
      Phrases phrases, ScheduledExecutorService timers, Duration holdAfter, Duration keypadPause,
      CallTransfer transfer) {
    this.transfer = transfer;
    this.callSid = callSid;
    this.streamSid = streamSid;
    this.endpointer = endpointer;
    this.events = events;
    this.output = output;
    this.outbound = new OutboundLane(callSid, output, blockingWork);
    this.callControl = callControl;
    this.blockingWork = blockingWork;
    this.clock = clock;
    this.chunkBytes = chunkFrames * FRAME_BYTES;
    this.playback = new Playback(maxHeldSegments);
    this.opening = opening;
    this.phrases = phrases;
    this.timers = timers;
    this.holdAfter = holdAfter;
    this.keypadPause = keypadPause;
    this.lastTurn = opening.turnsBefore();
    this.startedAt = clock.instant();
  }

  public String callSid() {
    return callSid;
  }

  public String streamSid() {
    return streamSid;
  }

  /**
   * The stream is up: dialog-service answers STREAM_STARTED with the greeting (turn 0), unless the call is
   * resuming on a new stream (it was greeted already). {@code parameters} are the stream's custom parameters
   * without the token; they go on STREAM_STARTED for analysis.
   */
  public void started(Map<String, String> parameters) {
    if (opening.resumed()) {
      log.info("media stream {} started: the call resumes after its previous stream ended ({}), turns after {}", streamSid,
          opening.resumedAfter(), lastTurn);
    } else {
      log.info("media stream {} started", streamSid);
    }
    events.streamStarted(callSid, streamSid, parameters, opening.resumedAfter(), lastTurn);
    if (AFTER_UNANSWERED_TRANSFER.equals(parameters.get(AFTER_PARAMETER))) {
      // Back from a transfer nobody took: the agent says so before anything else.
      log.info("the transfer was not taken: the call is back with the agent");
      synchronized (this) {
        sayOwnPhrase(Phrases.Phrase.TRANSFER_UNANSWERED);
      }
    } else if (opening.resumedAfter() == StreamEnd.LOST) {
      // The caller heard the line go quiet mid-turn, and what they said then is gone: say so, at once.
      synchronized (this) {
        sayOwnPhrase(Phrases.Phrase.RESUMED);
      }
    }
  }

  /** The last turn this stream published (or its predecessors, before its first). */
  public synchronized int lastTurn() {
    return lastTurn;
  }

  /**
   * Between turns: nothing is playing, no reply is awaited, the caller is not speaking. A stream closed now
   * (a draining gateway handing the call over) loses nothing and interrupts nobody.
   */
  public synchronized boolean atTurnBoundary() {
    return !ended && !callerSpeaking && speculativeTurn < 0 && keys.isEmpty() && playback.idle();
  }

  /** Caller audio: {@code timestampMs} is the stream time of its first sample. */
  public void onMedia(long timestampMs, byte[] muLaw) {
    if (muLaw.length == 0) {
      return;
    }
    arrivals.arrived(timestampMs + muLaw.length / 8, clock.millis());
    synchronized (this) {
      streamTimeMs = Math.max(streamTimeMs, timestampMs + muLaw.length / 8);
    }
    endpointer.accept(MuLaw.decode(muLaw), timestampMs, speech);
  }

  public void onMark(String name) {
    Playback.SentMark mark;
    synchronized (this) {
      mark = playback.markEchoed(name);
    }
    if (mark == null) {
      log.debug("mark {} echoed after a clear or unknown: not counted as heard", name);
      return;
    }
    log.debug("caller heard {}", name);
    if (mark.endCall()) {
      hangUp();
    } else if (mark.transfer()) {
      transfer();
    }
  }

  /**
   * A key the caller pressed. Keys collect into one keypad turn, published at {@code #} or once no key came for
   * the keypad pause. Decision: a key does not stop the agent talking (speech does): a caller keying in a number
   * while its request still plays must not cut that request, or the dialog would not know what the keys answer;
   * the reply to the keys plays once the agent's current words are done.
   */
  public void onDtmf(String digit) {
    if (digit == null || !digit.matches("[0-9*#]")) {
      log.debug("dtmf event without a key 0-9, * or #: ignored");
      return;
    }
    synchronized (this) {
      if (ended) {
        return;
      }
      keys.append(digit);
      if (keysPause != null) {
        keysPause.cancel(false);
        keysPause = null;
      }
      if (!digit.equals("#")) {
        keysPause = timers.schedule(this::keypadPaused, keypadPause.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    if (digit.equals("#")) {
      publishKeys();
    }
  }

  private void keypadPaused() {
    synchronized (this) {
      keysPause = null;
    }
    publishKeys();
  }

  /** The keys pressed so far become one turn: an utterance without audio that carries them. */
  private void publishKeys() {
    Instant now = clock.instant();
    String pressed;
    int turn;
    long streamTime;
    synchronized (this) {
      if (ended || keys.isEmpty()) {
        return;
      }
      pressed = keys.toString();
      keys.setLength(0);
      turn = ++lastTurn;
      streamTime = streamTimeMs;
      speechEndedAt.put(turn, now);
      playback.utterancePublished(turn);
      holdIfSilent(turn, now);
    }
    opening.turnPublished().accept(turn);
    try (var ctx = CallContext.open(callSid, turn)) {
      log.info("keypad entry of {} key(s) published as turn {}", pressed.length(), turn);
    }
    events.utterance(new CallerUtterance(callSid, streamSid, turn, new short[0], streamTime, streamTime, now, false, now,
        false, pressed));
  }

  /** The stream ended (Twilio stop, the socket closed, the call handed over): idempotent. */
  public void ended(String why, StreamEnd reason) {
    Playback.Cut cut;
    int turn;
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      if (keysPause != null) {
        keysPause.cancel(false);
      }
      cut = playback.endCall();
      turn = lastTurn;
    }
    outbound.close();
    log.info("media stream {} ended: {}", streamSid, why);
    if (cut != null) {
      events.turnCancelled(cancellation(cut, TurnCancellation.Cause.CALL_ENDED));
    }
    events.streamStopped(callSid, streamSid, turn, reason);
  }

  /** Reply audio from the Kafka consumer thread: queued for sending, never sent here. */
  public void onAgentSpeech(AgentSpeech speech, Instant receivedAt) {
    synchronized (this) {
      if (ended) {
        try (var ctx = turnContext(speech.turn())) {
          log.info("reply audio for turn {} after the stream ended: dropped", speech.turn());
        }
        return;
      }
      List<Playback.Ready> ready = playback.accept(speech, receivedAt);
      if (ready.isEmpty() && !playback.lastDropReason().isEmpty()) {
        try (var ctx = turnContext(speech.turn())) {
          log.info("reply audio t{}-s{} dropped: {}", speech.turn(), speech.seq(), playback.lastDropReason());
        }
      }
      for (Playback.Ready segment : ready) {
        queue(segment);
      }
    }
  }

  private void queue(Playback.Ready segment) {
    byte[] frames = frameAligned(segment.speech().audio());
    boolean first = segment.firstOfTurn();
    for (int offset = 0; offset < frames.length; offset += chunkBytes) {
      byte[] chunk = Arrays.copyOfRange(frames, offset, Math.min(frames.length, offset + chunkBytes));
      boolean announce = first && offset == 0;
      outbound.audio(out -> {
        out.sendAudio(chunk);
        if (announce) {
          turnStartedPlaying(segment);
        }
      });
    }
    String mark = segment.markName();
    boolean silentFirst = first && frames.length == 0; // a text-only segment still starts the turn
    outbound.audio(out -> {
      out.sendMark(mark);
      if (silentFirst) {
        turnStartedPlaying(segment);
      }
    });
  }

  private void turnStartedPlaying(Playback.Ready segment) {
    Instant sentAt = clock.instant();
    AgentSpeech speech = segment.speech();
    Instant speechEnd = speech.speechEndedAt();
    if (speechEnd == null) {
      synchronized (this) {
        speechEnd = speechEndedAt.getOrDefault(speech.turn(), startedAt);
      }
    }
    // The playback stage's "engine" time is how long the audio waited for the caller to finish (the end
    // silence confirming a speculative turn): endpointing, not pipeline work, so overhead figures exclude it.
    long heldMs;
    synchronized (this) {
      Instant confirmed = confirmedAt.get(speech.turn());
      heldMs = confirmed == null ? 0 : Math.max(0, Math.min(sentAt.toEpochMilli(), confirmed.toEpochMilli())
          - segment.receivedAt().toEpochMilli());
    }
    try (var ctx = turnContext(speech.turn())) {
      log.info("turn {} first audio sent, {} ms after the caller stopped ({} ms held for the end of the turn)", speech.turn(),
          sentAt.toEpochMilli() - speechEnd.toEpochMilli(), heldMs);
    }
    events.turnPlayed(new TurnPlayed(callSid, speech.turn(), speechEnd, sentAt, speech.text(), speech.kind(),
        segment.receivedAt(), heldMs, speech.timeline()));
  }

  /** A per-turn record of the last 16 turns: enough for replies still in flight, bounded for long calls. */
  private static Map<Integer, Instant> recentTurns() {
    return new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Integer, Instant> eldest) {
        return size() > 16;
      }
    };
  }

  /** Whole 20 ms frames: Twilio plays ragged chunks with audible jitter; pad with mu-law silence. */
  static byte[] frameAligned(byte[] audio) {
    int padded = (audio.length + FRAME_BYTES - 1) / FRAME_BYTES * FRAME_BYTES;
    byte[] frames = Arrays.copyOf(audio, padded);
    Arrays.fill(frames, audio.length, padded, MuLaw.SILENCE);
    return frames;
  }

  private void bargeIn(long streamTimeMs) {
    List<Playback.Cut> cuts;
    boolean agentSpeaking;
    synchronized (this) {
      if (ended) {
        return;
      }
      agentSpeaking = playback.agentSpeaking();
      cuts = playback.bargeIn();
      if (agentSpeaking) {
        outbound.dropAudioThenControl(CallOutput::sendClear);
        if (cuts.isEmpty()) {
          log.info("barge-in at stream {} ms: clear sent over a phrase of the gateway's own", streamTimeMs);
        }
      }
    }
    for (Playback.Cut cut : cuts) {
      try (var ctx = turnContext(cut.turn())) {
        log.info("barge-in at stream {} ms: turn {} cut after {} heard segment(s){}", streamTimeMs, cut.turn(),
            cut.heardSegments(), agentSpeaking ? ", clear sent" : ", nothing was playing");
      }
      events.turnCancelled(cancellation(cut, TurnCancellation.Cause.BARGE_IN));
    }
  }

  /**
   * The caller paused for the speculative silence: publish what they said so far as a new turn now, so
   * STT, the LLM and TTS run while the endpointer waits for the full end silence. Its reply audio is held
   * until {@link #utterance} confirms the turn and dropped if {@link #speechResumed} cancels it.
   */
  private void speechPaused(DetectedUtterance soFar) {
    publish(soFar, true);
  }

  /** The caller went on after a speculative turn: it never happened (dialog forgets it, its audio is dropped). */
  private void speechResumed(long streamTimeMs) {
    int turn;
    synchronized (this) {
      if (ended || speculativeTurn < 0) {
        return;
      }
      turn = speculativeTurn;
      speculativeTurn = -1;
      playback.abandon(turn);
    }
    try (var ctx = turnContext(turn)) {
      log.info("caller went on speaking at stream {} ms: speculative turn {} cancelled", streamTimeMs, turn);
    }
    events.turnCancelled(new TurnCancellation(callSid, turn, TurnCancellation.Cause.CALLER_CONTINUED, 0, ""));
  }

  /** The call, the turn and (while the turn is open) its trace id on the lines logged inside it. */
  private CallContext turnContext(int turn) {
    return CallContext.open(callSid, turn, events.traceIdOf(callSid, turn));
  }

  private void utterance(DetectedUtterance detected) {
    synchronized (this) {
      if (!ended && speculativeTurn >= 0) {
        // The end silence confirms the turn published at the pause: same audio, nothing new to publish.
        int turn = speculativeTurn;
        speculativeTurn = -1;
        confirmedAt.put(turn, clock.instant());
        holdIfSilent(turn, speechEndedAt.getOrDefault(turn, clock.instant()));
        List<Playback.Ready> ready = playback.confirm(turn);
        try (var ctx = turnContext(turn)) {
          log.info("speculative turn {} confirmed by the end silence; {} held segment(s) released", turn, ready.size());
        }
        for (Playback.Ready segment : ready) {
          queue(segment);
        }
        return;
      }
    }
    publish(detected, false);
  }

  private void publish(DetectedUtterance detected, boolean speculative) {
    Instant now = clock.instant();
    Instant speechEnd = Instant.ofEpochMilli(arrivals.wallClockOf(detected.endMs(), now.toEpochMilli()));
    int turn;
    synchronized (this) {
      if (ended) {
        return;
      }
      turn = ++lastTurn;
      speechEndedAt.put(turn, speechEnd);
      if (speculative) {
        speculativeTurn = turn;
        playback.speculativeUtterancePublished(turn);
      } else {
        playback.utterancePublished(turn);
        holdIfSilent(turn, speechEnd);
      }
    }
    opening.turnPublished().accept(turn);
    // The record's streamStartMs is the stream time of its first sample (the pre-roll's), as its schema says:
    // that is what places the audio on the call's clock (the analyst's recording).
    events.utterance(new CallerUtterance(callSid, streamSid, turn, detected.samples(), detected.audioStartMs(), detected.endMs(),
        speechEnd, detected.cutAtMaxLength(), now, speculative));
    // After publishing: the turn's trace begins with its utterance, and this line carries it.
    try (var ctx = turnContext(turn)) {
      log.info("{}utterance {}..{} ms ({} samples) published as turn {}", speculative ? "speculative " : "",
          detected.startMs(), detected.endMs(), detected.samples().length, turn);
    }
  }

  private TurnCancellation cancellation(Playback.Cut cut, TurnCancellation.Cause cause) {
    return new TurnCancellation(callSid, cut.turn(), cause, cut.heardSegments(), cut.heardText());
  }

  private void hangUp() {
    log.info("goodbye heard: ending the call");
    blockingWork.execute(() -> {
      try (var ctx = CallContext.open(callSid)) {
        try {
          callControl.complete(callSid);
          log.info("call completed through the Twilio REST API");
        } catch (Exception e) {
          log.warn("could not complete the call through Twilio ({}): closing the media stream instead", e.toString());
          output.hangUp("call ended by the agent");
        }
      }
    });
  }

  /**
   * The caller heard the transfer phrase: the live call is re-pointed to TwiML that dials the person (the media
   * stream then stops). When that cannot start, the caller hears the transfer-failed phrase and the agent goes on.
   */
  private void transfer() {
    blockingWork.execute(() -> {
      try (var ctx = CallContext.open(callSid)) {
        Optional<String> dial = transfer.dialTwiml(callSid);
        if (dial.isEmpty()) {
          log.warn("transfer phrase heard but no TRANSFER_NUMBER is set: the caller stays with the agent");
          transferFailed();
          return;
        }
        try {
          callControl.update(callSid, dial.get());
          log.info("transfer phrase heard: the call was re-pointed to dial the transfer number");
          events.transferred(callSid, streamSid, lastTurn());
        } catch (Exception e) {
          log.warn("could not hand the call over through Twilio ({}): the caller stays with the agent", e.toString());
          transferFailed();
        }
      }
    });
  }

  private synchronized void transferFailed() {
    if (!ended) {
      sayOwnPhrase(Phrases.Phrase.TRANSFER_FAILED);
    }
  }

  /** Test hook: how many marks wait for their echo. */
  synchronized int outstandingMarks() {
    return playback.outstandingMarks();
  }

  private synchronized void callerSpeaking(boolean speaking) {
    callerSpeaking = speaking;
  }

  /**
   * Arms the holding phrase of {@code turn}: if the caller still hears nothing {@code holdAfter} after they
   * stopped speaking, the gateway says it. Runs under the lock.
   */
  private void holdIfSilent(int turn, Instant speechEnd) {
    long delay = Math.max(0, speechEnd.plus(holdAfter).toEpochMilli() - clock.millis());
    timers.schedule(() -> {
      synchronized (this) {
        if (!ended && turn == lastTurn && playback.awaitingReply(turn)) {
          try (var ctx = turnContext(turn)) {
            log.warn("no reply audio {} ms after the caller stopped: saying the holding phrase", holdAfter.toMillis());
            sayOwnPhrase(Phrases.Phrase.HOLD);
            events.holdingPhraseSaid(callSid, turn);
          }
        }
      }
    }, delay, TimeUnit.MILLISECONDS);
  }

  /** Sends a phrase of the gateway's own, with a mark so barge-in and turn boundaries see it. Runs under the lock. */
  private void sayOwnPhrase(Phrases.Phrase phrase) {
    Optional<Phrases.Spoken> spoken = phrases.get(phrase);
    if (spoken.isEmpty()) {
      log.warn("no audio for the {} phrase yet (tts-service has not made it): the caller hears nothing", phrase);
      return;
    }
    byte[] frames = frameAligned(spoken.get().audio());
    String mark = playback.ownPhrase(phrase.name().toLowerCase(java.util.Locale.ROOT), spoken.get().text());
    for (int offset = 0; offset < frames.length; offset += chunkBytes) {
      byte[] chunk = Arrays.copyOfRange(frames, offset, Math.min(frames.length, offset + chunkBytes));
      outbound.audio(out -> out.sendAudio(chunk));
    }
    outbound.audio(out -> out.sendMark(mark));
  }

  private final class SpeechListener implements Endpointer.Listener {
    @Override
    public void speechStarted(long streamTimeMs) {
      callerSpeaking(true);
    }

    @Override
    public void speechSustained(long streamTimeMs) {
      bargeIn(streamTimeMs);
    }

    @Override
    public void speechPaused(DetectedUtterance soFar) {
      CallSession.this.speechPaused(soFar);
    }

    @Override
    public void speechResumed(long streamTimeMs) {
      CallSession.this.speechResumed(streamTimeMs);
    }

    @Override
    public void utterance(DetectedUtterance detected) {
      callerSpeaking(false);
      CallSession.this.utterance(detected);
    }

    @Override
    public void discarded(long startMs, long endMs, String reason) {
      callerSpeaking(false);
      log.debug("sound {}..{} ms discarded: {}", startMs, endMs, reason);
    }
  }
}
