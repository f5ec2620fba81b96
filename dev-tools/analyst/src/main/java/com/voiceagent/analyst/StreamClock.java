package com.voiceagent.analyst;

import com.voiceagent.events.CallLifecycle;
import com.voiceagent.events.CallLifecycleKind;
import com.voiceagent.events.Utterance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The call's stream clock: milliseconds from the first sample of its (first) media stream, the clock Twilio
 * stamps caller audio with. Caller audio is placed on it by its own stream times; everything the gateway
 * stamped with the wall clock (first reply audio sent, a barge-in's clear, the stream's stop) is moved onto it
 * by the stream's offset: the wall-clock time at which the stream's time 0 arrived, which each utterance tells
 * (speechEndedAt is when its last sample, streamEndMs, arrived). A call resumed on a second stream keeps the
 * first stream's clock: the second is placed by its own offset.
 *
 * <p>A stream's clock counts the audio frames that arrived, and a phone line that falls behind real time (a
 * loaded machine, a congested network) makes it run slow against the wall clock. So a wall-clock instant is
 * placed from the last utterance that ended before it (its last sample's stream time and arrival), not from
 * one offset for the whole call: the error is what drifted since the caller last spoke, not since the call began.
 */
final class StreamClock {
  private final long originWallMs;
  private final Map<String, Long> offsets;
  /** Arrival (wall ms) of each utterance's last speech sample -> its place on the call's clock. */
  private final java.util.TreeMap<Long, Long> anchors = new java.util.TreeMap<>();

  private StreamClock(long originWallMs, Map<String, Long> offsets) {
    this.originWallMs = originWallMs;
    this.offsets = offsets;
  }

  static StreamClock of(CallRecords records) {
    Map<String, List<Long>> samples = new HashMap<>();
    for (Utterance u : records.utterances) {
      samples.computeIfAbsent(u.getStreamSid(), s -> new ArrayList<>())
          .add(u.getSpeechEndedAt().toEpochMilli() - u.getStreamEndMs());
    }
    Map<String, Long> offsets = new HashMap<>();
    // The median: one utterance whose last sample's arrival was delayed (a GC pause) does not shift the clock.
    samples.forEach((stream, values) -> offsets.put(stream, Percentiles.nearestRank(values, 50)));
    List<CallLifecycle> starts = records.lifecycle.stream().filter(e -> e.getKind() == CallLifecycleKind.STREAM_STARTED)
        .sorted(Comparator.comparing(CallLifecycle::getEventTime)).toList();
    for (CallLifecycle start : starts) {
      if (start.getStreamSid() != null) {
        offsets.putIfAbsent(start.getStreamSid(), start.getEventTime().toEpochMilli());
      }
    }
    long origin;
    if (!starts.isEmpty() && starts.getFirst().getStreamSid() != null) {
      origin = offsets.get(starts.getFirst().getStreamSid());
    } else if (!offsets.isEmpty()) {
      origin = offsets.values().stream().min(Long::compare).orElseThrow();
    } else {
      origin = firstWallTime(records);
    }
    StreamClock clock = new StreamClock(origin, offsets);
    for (Utterance u : records.utterances) {
      clock.anchors.put(u.getSpeechEndedAt().toEpochMilli(), clock.toStreamMs(u) + u.getStreamEndMs() - u.getStreamStartMs());
    }
    return clock;
  }

  private static long firstWallTime(CallRecords records) {
    long first = Long.MAX_VALUE;
    for (var r : records.replies) {
      first = Math.min(first, r.getEventTime().toEpochMilli());
    }
    for (var t : records.turns) {
      first = Math.min(first, t.getSpeechEndedAt().toEpochMilli());
    }
    return first == Long.MAX_VALUE ? 0 : first;
  }

  /** A wall-clock instant on the stream clock, from the last utterance that ended before it (else the first). */
  long toStreamMs(Instant wall) {
    long t = wall.toEpochMilli();
    var anchor = anchors.floorEntry(t);
    if (anchor == null) {
      anchor = anchors.firstEntry();
    }
    return anchor == null ? t - originWallMs : anchor.getValue() + (t - anchor.getKey());
  }

  /** Where an utterance's first sample is on the stream clock. */
  long toStreamMs(Utterance utterance) {
    long offset = offsets.getOrDefault(utterance.getStreamSid(), originWallMs);
    return offset - originWallMs + utterance.getStreamStartMs();
  }
}
