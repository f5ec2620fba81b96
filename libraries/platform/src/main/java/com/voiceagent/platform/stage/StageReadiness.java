package com.voiceagent.platform.stage;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which stages can consume: a consumer-group stage once its group gave it an assignment (possibly empty: an
 * instance beyond the partition count is a member all the same, ready to take over), a shared stage once its
 * consumers run (a share group has no assignment to wait for). A service is ready only when every stage is:
 * before that, a call sent its way would wait for a group that has not taken it in.
 */
final class StageReadiness {
  /** Printed once every stage of the service consumes; the local launcher waits for it. */
  static final String READY_LINE = "every stage consuming";
  private static final Logger log = LoggerFactory.getLogger(StageReadiness.class);

  private final Set<String> expected = ConcurrentHashMap.newKeySet();
  private final Set<String> joined = ConcurrentHashMap.newKeySet();
  private volatile boolean announced;

  void expect(String stage) {
    expected.add(stage);
  }

  /** Tells this readiness when the stage's consumer group assigns it partitions. */
  ConsumerRebalanceListener listenerFor(String stage) {
    return new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // Revocations are part of a rebalance, not a loss of readiness: the member stays in its group.
      }

      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        joined(stage);
      }
    };
  }

  void joined(String stage) {
    joined.add(stage);
    if (!announced && ready()) {
      synchronized (this) {
        if (!announced) {
          announced = true;
          log.info("{} ({} stage(s): {}): ready", READY_LINE, expected.size(), expected);
        }
      }
    }
  }

  /** The service stopped consuming (its context was stopped): it must join again before it is ready. */
  void stopped() {
    joined.clear();
    announced = false;
  }

  boolean ready() {
    return joined.containsAll(expected);
  }
}
