package com.voiceagent.simulator;

import com.voiceagent.audio.MuLaw;
import com.voiceagent.events.ReplyKind;
import com.voiceagent.events.ReplySegment;
import com.voiceagent.events.Transcript;
import com.voiceagent.events.TurnCompleted;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The phone side of one call while it is connected: every 20 ms it sends the next inbound frame and
 * plays 20 ms of the agent's buffered audio (echoing marks as playback reaches them), and it decides
 * when the call is over. Media pacing is real time on purpose: this simulates a phone.
 */
final class LiveCall implements WebSocket.Listener, TurnObserver.Listener {
  /** Outbound audio closer together than this belongs to the same answer. */
  static final long BURST_GAP_MS = 400;

  private final CallOptions options;
  private final CallerAudio caller;
  private final MediaStreamProtocol protocol;
  private final PrintStream console;
  private final Clock clock;
  private final Object lock = new Object();
  private final CompletableFuture<String> finished = new CompletableFuture<>();

  // Guarded by lock.
  private final PlaybackBuffer playback = new PlaybackBuffer();
  private final ByteArrayOutputStream heard = new ByteArrayOutputStream();
  private final List<Instant> burstStarts = new ArrayList<>();
  /** Arrival of every outbound media message, to find when a turn's first audio reached the phone. */
  private final List<Long> mediaArrivals = new ArrayList<>();
  private final List<String> protocolErrors = new ArrayList<>();
  private final Map<Integer, TurnCompleted> completed = new TreeMap<>();
  private final Map<Integer, String> transcripts = new TreeMap<>();
  private final Map<Integer, Map<Integer, String>> replies = new TreeMap<>();
  private final Map<Integer, Boolean> lastSegmentSeen = new TreeMap<>();
  private int frameIndex;
  private boolean recordingSent;
  private Instant recordingEndedAt;
  private Instant callerSpeechStartedAt;
  private final int firstSpeechFrame;
  private long lastOutboundMillis = -1;
  private int marksEchoed;
  private int clears;
  private boolean hungUp;
  private volatile boolean closingOurselves;

  private volatile OutboundMessages out;
  private Instant streamStart;
  private final StringBuilder partialText = new StringBuilder();

  LiveCall(CallOptions options, CallerAudio caller, MediaStreamProtocol protocol, PrintStream console, Clock clock) {
    this.options = options;
    this.caller = caller;
    this.protocol = protocol;
    this.console = console;
    this.clock = clock;
    this.firstSpeechFrame = caller.firstSpeechFrame();
  }

  /** Sends connected + start, streams until the call is over, then stop; returns why it ended. */
  String stream(WebSocket socket, Map<String, String> customParameters) {
    streamStart = clock.instant();
    out.send(protocol.connected());
    out.sendNumbered(n -> protocol.start(n, customParameters));
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "phone-line");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleAtFixedRate(this::tick, 0, CallerAudio.FRAME_MS, TimeUnit.MILLISECONDS);
    String reason;
    try {
      reason = finished.get(options.maxDuration().toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      reason = "timeout";
    } catch (Exception e) {
      reason = "error: " + e.getMessage();
    } finally {
      ticker.shutdownNow();
    }
    try { // so that no media frame can follow the stop
      ticker.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closingOurselves = true; // from here on a close is the answer to our stop, not the gateway hanging up
    synchronized (lock) {
      if (!hungUp) {
        out.sendNumbered(protocol::stop);
      }
    }
    try {
      out.flushed().get(2, TimeUnit.SECONDS);
      if (!hungUp()) {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "call ended").get(2, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      socket.abort();
    }
    return reason;
  }

  Instant streamStart() {
    return streamStart;
  }

  /** One 20 ms step of the phone line. */
  private void tick() {
    try {
      synchronized (lock) {
        CallerAudio.MediaFrame frame = caller.frame(frameIndex++);
        out.sendNumbered(n -> protocol.media(n, frame));
        if (frameIndex - 1 == firstSpeechFrame) {
          callerSpeechStartedAt = clock.instant();
        }
        if (!frame.fromRecording() && !recordingSent) {
          recordingSent = true;
          recordingEndedAt = clock.instant();
          say("the recording has been sent (" + caller.durationMs() + " ms); the line stays open with silence");
        }
        PlaybackBuffer.Played played = playback.play(CallerAudio.FRAME_BYTES);
        if (!burstStarts.isEmpty()) {
          heard.writeBytes(played.audio());
          byte[] gap = new byte[CallerAudio.FRAME_BYTES - played.audio().length];
          Arrays.fill(gap, MuLaw.SILENCE);
          heard.writeBytes(gap);
        }
        played.marksReached().forEach(this::echoMark);
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
    boolean quiet = playback.isEmpty() && (lastOutboundMillis < 0 || now - lastOutboundMillis >= options.linger().toMillis());
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

  private void echoMark(String name) {
    out.sendNumbered(n -> protocol.mark(n, name));
    marksEchoed++;
  }

  // ---- WebSocket.Listener: what the gateway sends ----

  @Override
  public void onOpen(WebSocket webSocket) {
    out = new OutboundMessages(webSocket); // before any message can arrive, so a mark can always be echoed
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partialText.append(data);
    if (last) {
      String text = partialText.toString();
      partialText.setLength(0);
      handle(text);
    }
    webSocket.request(1);
    return null;
  }

  private void handle(String text) {
    synchronized (lock) {
      try {
        switch (protocol.read(text)) {
          case MediaStreamProtocol.Media media -> {
            long now = clock.millis();
            if (playback.isEmpty() && (lastOutboundMillis < 0 || now - lastOutboundMillis > BURST_GAP_MS)) {
              burstStarts.add(clock.instant());
              say("agent audio starts");
            }
            playback.appendAudio(media.muLaw());
            mediaArrivals.add(now);
            lastOutboundMillis = now;
          }
          case MediaStreamProtocol.Mark mark -> playback.addMark(mark.name()).forEach(this::echoMark);
          case MediaStreamProtocol.Clear clear -> {
            long droppedMs = playback.bufferedBytes() / 8;
            List<String> pending = playback.clear();
            clears++;
            say("clear: dropped " + droppedMs + " ms of unplayed audio, echoing marks " + pending);
            pending.forEach(this::echoMark);
          }
        }
      } catch (MediaStreamProtocol.ProtocolViolation e) {
        protocolErrors.add(e.getMessage());
        say("PROTOCOL ERROR (Twilio would log " + e.getMessage() + ")");
      }
    }
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    synchronized (lock) {
      protocolErrors.add("31950 binary WebSocket frame");
      say("PROTOCOL ERROR (Twilio would log 31950: binary frame)");
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    if (closingOurselves) {
      return null; // the gateway acknowledging our own close
    }
    synchronized (lock) {
      hungUp = true;
    }
    say("the gateway closed the stream (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + "): call ended");
    finished.complete("hung up by the gateway");
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    if (closingOurselves) {
      return;
    }
    synchronized (lock) {
      hungUp = true;
    }
    finished.complete("WebSocket error: " + error);
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
    synchronized (lock) {
      return marksEchoed;
    }
  }

  int clears() {
    synchronized (lock) {
      return clears;
    }
  }

  List<String> protocolErrors() {
    synchronized (lock) {
      return List.copyOf(protocolErrors);
    }
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
