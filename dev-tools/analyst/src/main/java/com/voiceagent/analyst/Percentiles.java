package com.voiceagent.analyst;

import java.util.List;

/** Percentiles by the nearest-rank method: always a value that was measured, never an interpolation. */
final class Percentiles {
  private Percentiles() {}

  /** The {@code p}th percentile of {@code values}, null when there are none. */
  static Long nearestRank(List<Long> values, int p) {
    if (values.isEmpty()) {
      return null;
    }
    List<Long> sorted = values.stream().sorted().toList();
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
