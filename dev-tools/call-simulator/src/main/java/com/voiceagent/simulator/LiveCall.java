package com.voiceagent.simulator;

import com.voiceagent.audio.MuLaw;
import com.voiceagent.events.ReplyKind;
import com.voiceagent.events.ReplySegment;
import com.voiceagent.events.Transcript;
import com.voiceagent.events.TurnCompleted;
import com.voiceagent.twiliokit.media.MediaStreamClient;
import com.voiceagent.twiliokit.media.Speech;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The phone side of one call while it is connected. The Media Streams client runs the line (a frame out
 * and 20 ms of the agent's audio played every 20 ms, marks echoed as playback reaches them); this follows
 * it live, keeps what the caller heard, and decides when the call is over. Media pacing is real time on
 * purpose: this simulates a phone.
 */
final class LiveCall implements MediaStreamClient.Listener, TurnObserver.Listener {
  /** Outbound audio closer together than this belongs to the same answer. */
  static final long BURST_GAP_MS = 400;

  private final CallOptions options;
  private final CallerAudio caller;
  private final PrintStream console;
  private final Clock clock;
  private final Object lock = new Object();
  private final CompletableFuture<String> finished = new CompletableFuture<>();

  // Guarded by lock.
  private final ByteArrayOutputStream heard = new ByteArrayOutputStream();
  private final List<Instant> burstStarts = new ArrayList<>();
  /** Arrival of every outbound media message, to find when a turn's first audio reached the phone. */
  private final List<Long> mediaArrivals = new ArrayList<>();
  private final Map<Integer, TurnCompleted> completed = new TreeMap<>();
  private final Map<Integer, String> transcripts = new TreeMap<>();
  private final Map<Integer, Map<Integer, String>> replies = new TreeMap<>();
  private final Map<Integer, Boolean> lastSegmentSeen = new TreeMap<>();
  private boolean recordingSent;
  private Instant recordingEndedAt;
  private Instant callerSpeechStartedAt;
  private final int firstSpeechFrame;
  private long lastOutboundMillis = -1;
  private int clears;
  private boolean hungUp;

  private volatile MediaStreamClient client;
  private volatile Speech recording;
  private volatile Instant streamStart;

  LiveCall(CallOptions options, CallerAudio caller, PrintStream console, Clock clock) {
    this.options = options;
    this.caller = caller;
    this.console = console;
    this.clock = clock;
    this.firstSpeechFrame = caller.firstSpeechFrame();
  }

  /** The stream is about to open: the call's timeline counts from here. */
  void begin() {
    streamStart = clock.instant();
  }

  /** Plays the recording on the open stream, then line silence, until the call is over; hangs up; returns why it ended. */
  String stream(MediaStreamClient stream) {
    client = stream;
    recording = stream.say(caller.muLaw());
    stream.startLine();
    String reason;
    try {
      reason = finished.get(options.maxDuration().toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      reason = "timeout";
    } catch (Exception e) {
      reason = "error: " + e.getMessage();
    }
    stream.close(); // hangs up as Twilio does: stop, then the WebSocket close (nothing left when the gateway hung up)
    return reason;
  }

  Instant streamStart() {
    return streamStart;
  }

  // ---- MediaStreamClient.Listener: the line ----

  /** One 20 ms step of the line: what the caller heard, and whether the call is over. */
  @Override
  public void played(byte[] muLaw) {
    try {
      synchronized (lock) {
        Speech said = recording;
        boolean speechSent = firstSpeechFrame >= 0 && said.sentAt(firstSpeechFrame * CallerAudio.FRAME_BYTES) != 0;
        if (callerSpeechStartedAt == null && speechSent) {
          callerSpeechStartedAt = clock.instant();
        }
        if (!recordingSent && said.spoken().isDone()) {
          recordingSent = true;
          recordingEndedAt = clock.instant();
          say("the recording has been sent (" + caller.durationMs() + " ms); the line stays open with silence");
        }
        if (!burstStarts.isEmpty()) {
          heard.writeBytes(muLaw);
          byte[] gap = new byte[CallerAudio.FRAME_BYTES - muLaw.length];
          Arrays.fill(gap, MuLaw.SILENCE);
          heard.writeBytes(gap);
        }
        checkFinished();
      }
    } catch (RuntimeException e) {
      finished.complete("error: " + e);
    }
  }

  private void checkFinished() {
    long now = clock.millis();
    if (now - streamStart.toEpochMilli() >= options.maxDuration().toMillis()) {
      finished.complete("timeout");
      return;
    }
    boolean lingered = lastOutboundMillis < 0 || now - lastOutboundMillis >= options.linger().toMillis();
    boolean quiet = !client.agentSpeaking() && lingered;
    if (recordingSent && quiet && answers() >= options.turns() && repliesComplete()) {
      finished.complete("answered");
    }
  }

  /**
   * Answers so far: the pipeline's turns (not greetings); without Kafka, bursts of agent audio that
   * started after the caller began speaking.
   */
  int answers() {
    synchronized (lock) {
      if (options.kafka() != null) {
        return (int) completed.values().stream().filter(t -> t.getKind() != ReplyKind.GREETING).count();
      }
      Instant from = callerSpeechStartedAt != null ? callerSpeechStartedAt : recordingEndedAt;
      return from == null ? 0 : (int) burstStarts.stream().filter(b -> b.isAfter(from)).count();
    }
  }

  private boolean repliesComplete() {
    if (options.kafka() == null) {
      return true;
    }
    return completed.keySet().stream().allMatch(turn -> lastSegmentSeen.getOrDefault(turn, false));
  }

  // ---- MediaStreamClient.Listener: what the gateway sends ----

  @Override
  public void agentAudio(byte[] muLaw, boolean lineWasSilent) {
    synchronized (lock) {
      long now = clock.millis();
      if (lineWasSilent && (lastOutboundMillis < 0 || now - lastOutboundMillis > BURST_GAP_MS)) {
        burstStarts.add(clock.instant());
        say("agent audio starts");
      }
      mediaArrivals.add(now);
      lastOutboundMillis = now;
    }
  }

  @Override
  public void cleared(long droppedBytes, List<String> echoedMarks) {
    synchronized (lock) {
      clears++;
    }
    say("clear: dropped " + droppedBytes / 8 + " ms of unplayed audio, echoing marks " + echoedMarks);
  }

  @Override
  public void protocolError(String error) {
    say("PROTOCOL ERROR (Twilio would log " + error + ")");
  }

  @Override
  public void hungUp(int statusCode, String reason) {
    synchronized (lock) {
      hungUp = true;
    }
    say("the gateway closed the stream (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + "): call ended");
    finished.complete("hung up by the gateway");
  }

  // ---- TurnObserver.Listener: what the pipeline reports on Kafka ----

  @Override
  public void transcript(Transcript transcript) {
    synchronized (lock) {
      transcripts.put(transcript.getTurn(), transcript.getText());
    }
    String reason = transcript.getReason() == null ? "" : " (" + transcript.getReason() + ")";
    say("transcript, turn " + transcript.getTurn() + " [" + transcript.getStatus() + "]: \"" + transcript.getText() + "\"" + reason);
  }

  @Override
  public void reply(ReplySegment segment) {
    synchronized (lock) {
      replies.computeIfAbsent(segment.getTurn(), t -> new TreeMap<>()).put(segment.getSeq(), segment.getText());
      if (segment.getLast()) {
        lastSegmentSeen.put(segment.getTurn(), true);
      }
    }
    say("reply, turn " + segment.getTurn() + " sentence " + (segment.getSeq() + 1) + (segment.getLast() ? " (last)" : "")
        + " [" + segment.getKind() + "]: \"" + segment.getText() + "\"");
  }

  @Override
  public void turnCompleted(TurnCompleted turn) {
    synchronized (lock) {
      completed.put(turn.getTurn(), turn);
    }
    say("turn " + turn.getTurn() + " measured: last speech -> first audio sent "
        + (turn.getFirstAudioSentAt().toEpochMilli() - turn.getSpeechEndedAt().toEpochMilli()) + " ms");
  }

  @Override
  public void unreadable(String topic, String reason) {
    say("could not read a record of " + topic + ": " + reason);
  }

  // ---- results ----

  List<TurnTimeline> timelines() {
    synchronized (lock) {
      List<TurnTimeline> result = new ArrayList<>();
      for (TurnCompleted turn : completed.values()) {
        Map<Integer, String> segments = replies.getOrDefault(turn.getTurn(), Map.of());
        long sent = turn.getFirstAudioSentAt().toEpochMilli() - 50; // tolerance for clock reading order
        Instant heardAt = mediaArrivals.stream().filter(at -> at >= sent).findFirst().map(Instant::ofEpochMilli).orElse(null);
        result.add(new TurnTimeline(turn, transcripts.get(turn.getTurn()), new ArrayList<>(segments.values()), heardAt));
      }
      return result;
    }
  }

  byte[] heardAudio() {
    synchronized (lock) {
      return heard.toByteArray();
    }
  }

  int marksEchoed() {
    return client == null ? 0 : client.marksEchoed();
  }

  int clears() {
    synchronized (lock) {
      return clears;
    }
  }

  List<String> protocolErrors() {
    return client == null ? List.of() : client.protocolErrors();
  }

  boolean hungUp() {
    synchronized (lock) {
      return hungUp;
    }
  }

  private void say(String message) {
    Instant start = streamStart;
    String at = start == null ? "" : TurnTimeline.at(start, clock.instant()).trim();
    console.println("[" + at + "] " + message);
  }
}
