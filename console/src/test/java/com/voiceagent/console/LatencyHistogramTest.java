package com.voiceagent.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void eachLatencyCountsInTheBucketFromItsLowerBoundUpToButNotIncludingItsUpperBound() {
    List<LatencyHistogram.Bucket> buckets = LatencyHistogram.of(List.of(List.of(0L, 249L, 250L), List.of(999L, 1000L)));

    assertThat(buckets.getFirst()).isEqualTo(new LatencyHistogram.Bucket(0, 250L, 2));
    assertThat(buckets.get(1)).isEqualTo(new LatencyHistogram.Bucket(250, 500L, 1));
    assertThat(buckets.get(3)).isEqualTo(new LatencyHistogram.Bucket(750, 1000L, 1));
    assertThat(buckets.get(4)).isEqualTo(new LatencyHistogram.Bucket(1000, 1250L, 1));
    assertThat(buckets.stream().mapToInt(LatencyHistogram.Bucket::count).sum()).isEqualTo(5);
  }

  @Test
  void theLastBucketHoldsEverythingFromTheHighestBoundOnAndHasNoUpperBound() {
    List<LatencyHistogram.Bucket> buckets = LatencyHistogram.of(List.of(List.of(5000L, 60_000L)));

    assertThat(buckets).hasSize(LatencyHistogram.BOUNDS.size() + 1);
    assertThat(buckets.getLast()).isEqualTo(new LatencyHistogram.Bucket(5000, null, 2));
  }

  @Test
  void noCallsGiveEmptyBuckets() {
    assertThat(LatencyHistogram.of(List.of())).allSatisfy(b -> assertThat(b.count()).isZero());
  }
}
