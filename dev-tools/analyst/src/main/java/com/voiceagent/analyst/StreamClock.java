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
 */
final class StreamClock {
  private final long originWallMs;
  private final Map<String, Long> offsets;

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
    return new StreamClock(origin, offsets);
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

  /** A wall-clock instant on the stream clock. */
  long toStreamMs(Instant wall) {
    return wall.toEpochMilli() - originWallMs;
  }

  /** Where an utterance's first sample is on the stream clock. */
  long toStreamMs(Utterance utterance) {
    long offset = offsets.getOrDefault(utterance.getStreamSid(), originWallMs);
    return offset - originWallMs + utterance.getStreamStartMs();
  }
}
