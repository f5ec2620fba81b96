package com.voiceagent.analyst;

import com.voiceagent.events.CancelReason;
import com.voiceagent.events.ReplyAudio;
import com.voiceagent.events.TurnCancelled;
import com.voiceagent.events.TurnCompleted;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * What of the agent's audio the caller heard, and when, on the stream clock. The gateway sends a turn's
 * audio when {@code firstAudioSentAt} says, and the phone plays what it is sent in order, in real time: each
 * sentence starts when the one before it ended or when its own audio arrived, whichever is later. A barge-in
 * (or the call ending) clears what was still to play at the moment of the cancellation: that audio was never
 * heard and is not here.
 */
final class AgentPlayback {
  /** 8 kHz mu-law: 8 bytes a millisecond. */
  static final int BYTES_PER_MS = 8;
  /** The gateway sends whole 20 ms frames. */
  private static final int FRAME_BYTES = 160;

  /** Agent audio the caller heard: {@code muLaw} from {@code startMs} on the stream clock. */
  record Played(int turn, int seq, long startMs, byte[] muLaw, boolean endCall) {
    long durationMs() {
      return muLaw.length / BYTES_PER_MS;
    }

    long endMs() {
      return startMs + durationMs();
    }
  }

  private final List<Played> played;

  private AgentPlayback(List<Played> played) {
    this.played = played;
  }

  List<Played> played() {
    return played;
  }

  /** The whole of a sentence that ends the call (a goodbye) was played. */
  boolean goodbyeHeard() {
    return played.stream().anyMatch(Played::endCall);
  }

  static AgentPlayback of(CallRecords records, StreamClock clock, Set<Integer> takenBack) {
    List<TurnCompleted> started = records.turns.stream().filter(t -> !takenBack.contains(t.getTurn()))
        .sorted(Comparator.comparing(TurnCompleted::getFirstAudioSentAt)).toList();
    List<Played> played = new ArrayList<>();
    long busyUntil = Long.MIN_VALUE;
    for (TurnCompleted turn : started) {
      long cutAt = cutOf(records, turn.getTurn(), clock);
      TreeMap<Integer, CallRecords.AudioRecord> segments = new TreeMap<>();
      records.audio.stream().filter(a -> a.audio().getTurn() == turn.getTurn())
          .forEach(a -> segments.putIfAbsent(a.audio().getSeq(), a));
      long at = Math.max(clock.toStreamMs(turn.getFirstAudioSentAt()), busyUntil);
      boolean first = true;
      for (CallRecords.AudioRecord segment : segments.values()) {
        long start = first ? at : Math.max(at, clock.toStreamMs(segment.publishedAt()));
        first = false;
        byte[] audio = frameAligned(bytesOf(segment.audio()));
        long heardMs = Math.min(audio.length / BYTES_PER_MS, cutAt - start);
        if (heardMs <= 0) {
          at = start;
          break;
        }
        boolean whole = heardMs * BYTES_PER_MS >= audio.length;
        played.add(new Played(turn.getTurn(), segment.audio().getSeq(), start,
            Arrays.copyOf(audio, (int) heardMs * BYTES_PER_MS), whole && segment.audio().getEndCall()));
        at = start + heardMs;
        if (!whole) {
          break;
        }
      }
      busyUntil = Math.max(busyUntil, at);
    }
    return new AgentPlayback(List.copyOf(played));
  }

  /**
   * When the turn's playback was cleared: a barge-in, or the call ending while it played (the gateway then
   * publishes CALL_ENDED). A turn with neither was heard to its end (its last mark came back).
   */
  private static long cutOf(CallRecords records, int turn, StreamClock clock) {
    return records.cancellations.stream()
        .filter(c -> c.getTurn() == turn && (c.getReason() == CancelReason.BARGE_IN || c.getReason() == CancelReason.CALL_ENDED))
        .map(TurnCancelled::getEventTime).min(Comparator.naturalOrder()).map(clock::toStreamMs)
        .orElse(Long.MAX_VALUE);
  }

  private static byte[] bytesOf(ReplyAudio audio) {
    ByteBuffer buffer = audio.getAudio().duplicate();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  private static byte[] frameAligned(byte[] audio) {
    int padded = (audio.length + FRAME_BYTES - 1) / FRAME_BYTES * FRAME_BYTES;
    byte[] frames = Arrays.copyOf(audio, padded);
    Arrays.fill(frames, audio.length, padded, com.voiceagent.audio.MuLaw.SILENCE);
    return frames;
  }
}
