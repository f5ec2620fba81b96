package com.voiceagent.edge.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;

/** Where a rule's bucket lives: in this JVM, or in a store shared by every instance. */
interface BucketSource {
  Bucket bucket(String key, BucketConfiguration configuration);

  String describe();
}
