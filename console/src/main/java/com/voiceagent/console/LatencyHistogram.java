package com.voiceagent.console;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Turn latencies (caller's last word to the first reply audio) counted in buckets, for the live page. */
final class LatencyHistogram {
  /** Upper bounds of the buckets, ms; a last bucket holds everything above. Finer where the target (~1 s) is. */
  static final List<Long> BOUNDS = List.of(250L, 500L, 750L, 1000L, 1250L, 1500L, 2000L, 3000L, 5000L);

  /**
   * @param fromMs inclusive lower bound
   * @param toMs exclusive upper bound, null for the last bucket
   */
  record Bucket(long fromMs, Long toMs, int count) {}

  private LatencyHistogram() {}

  static List<Bucket> of(Collection<List<Long>> latenciesPerCall) {
    int[] counts = new int[BOUNDS.size() + 1];
    for (List<Long> latencies : latenciesPerCall) {
      for (long latency : latencies) {
        counts[bucketOf(latency)]++;
      }
    }
    List<Bucket> buckets = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      buckets.add(new Bucket(i == 0 ? 0 : BOUNDS.get(i - 1), i < BOUNDS.size() ? BOUNDS.get(i) : null, counts[i]));
    }
    return List.copyOf(buckets);
  }

  private static int bucketOf(long latency) {
    for (int i = 0; i < BOUNDS.size(); i++) {
      if (latency < BOUNDS.get(i)) {
        return i;
      }
    }
    return BOUNDS.size();
  }
}
