package com.voiceagent.analyst;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/** Reading calls from the broker: the one place the commands turn topics into conversations. */
final class Calls {
  private Calls() {}

  /** The archive of every call (or the calls passing {@code keys}) since a time (null: all the topics keep). */
  static Archive read(String broker, Instant since, Predicate<String> keys) {
    try (TopicReader reader = new TopicReader(broker); Progress progress = Progress.forTerminal("reading the topics")) {
      return reader.read(since, keys, progress);
    }
  }

  /** Calls started at or after {@code since} (all when null), oldest first; warm-up calls only when asked. */
  static List<Conversation> conversations(Archive archive, Instant since, boolean withWarmUps) {
    return archive.calls.values().stream().map(Conversation::new)
        .filter(c -> withWarmUps || !c.warmUp())
        .filter(c -> since == null || !c.startedAt().isBefore(since))
        .sorted(Comparator.comparing(Conversation::startedAt)).toList();
  }

  static Instant since(Duration window, Clock clock) {
    return window == null ? null : clock.instant().minus(window);
  }
}
