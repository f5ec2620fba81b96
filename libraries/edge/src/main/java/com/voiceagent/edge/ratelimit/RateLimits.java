package com.voiceagent.edge.ratelimit;

import com.voiceagent.edge.EdgeProperties;
import com.voiceagent.edge.EdgeProperties.RateLimitBackend;
import com.voiceagent.edge.EdgeProperties.RateLimitRule;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import jakarta.servlet.Filter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.util.pattern.PathPatternParser;

/** Builds the rate-limit filter for the configured rules and backend. */
public final class RateLimits {
  private static final Logger log = LoggerFactory.getLogger(RateLimits.class);

  private RateLimits() {}

  /**
   * @param dataSource the application's DataSource, or null when it has none
   * @throws IllegalStateException when the postgresql backend is chosen and there is no DataSource
   */
  public static Filter filter(EdgeProperties properties, DataSource dataSource) {
    BucketSource source;
    if (properties.rateLimitBackend() == RateLimitBackend.POSTGRESQL) {
      if (dataSource == null) {
        throw new IllegalStateException("voice.edge.rate-limit-backend=postgresql needs a DataSource"
            + " (spring.datasource.url); this application has none");
      }
      source = new PostgresBuckets(dataSource, properties.rateLimitTable());
    } else {
      source = new LocalBuckets();
    }
    List<RateLimitFilter.Limit> limits = new ArrayList<>();
    for (RateLimitRule rule : properties.rateLimits()) {
      BucketConfiguration configuration = BucketConfiguration.builder()
          .addLimit(Bandwidth.builder().capacity(rule.perMinute()).refillGreedy(rule.perMinute(), Duration.ofMinutes(1)).build())
          .build();
      // The key names rule and budget, so a changed budget starts a fresh shared bucket.
      String key = "edge:" + rule.path() + ":" + rule.perMinute();
      // One bucket per API client: there are as many as configured tokens, so the map stays small.
      Map<String, Bucket> buckets = new ConcurrentHashMap<>();
      limits.add(new RateLimitFilter.Limit(PathPatternParser.defaultInstance.parse(rule.path()), rule.perMinute(),
          client -> buckets.computeIfAbsent(client == null ? key : key + ":" + client, k -> source.bucket(k, configuration))));
    }
    log.info("rate limits {} in {}", properties.rateLimits(), source.describe());
    return new RateLimitFilter(limits);
  }
}
