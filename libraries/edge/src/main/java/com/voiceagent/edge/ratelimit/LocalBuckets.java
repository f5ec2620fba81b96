package com.voiceagent.edge.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;

/** Buckets in this JVM: each instance enforces its own budget. */
final class LocalBuckets implements BucketSource {
  @Override
  public Bucket bucket(String key, BucketConfiguration configuration) {
    var builder = Bucket.builder();
    for (var bandwidth : configuration.getBandwidths()) {
      builder.addLimit(bandwidth);
    }
    return builder.build();
  }

  @Override
  public String describe() {
    return "local (per instance)";
  }
}
