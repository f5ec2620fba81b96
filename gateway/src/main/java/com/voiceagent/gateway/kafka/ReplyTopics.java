package com.voiceagent.gateway.kafka;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What happens to the reply topics (voice.audio.&lt;instanceId&gt;) of gateways that are gone
 * ({@code voice.gateway.reply-topics.*}).
 *
 * @param expiry a reply topic whose gateway has sent no heartbeat on platform.instances for this long is deleted
 *     (an instance that restarts under a new id leaves its old topic behind otherwise); at most the heartbeat
 *     topic's retention, which is how far back heartbeats can be read
 * @param sweepInterval how often a gateway looks for such topics
 */
@Validated
@ConfigurationProperties("voice.gateway.reply-topics")
record ReplyTopics(@DefaultValue("1h") @NotNull Duration expiry, @DefaultValue("10m") @NotNull Duration sweepInterval) {
  ReplyTopics {
    if (expiry != null && (expiry.isNegative() || expiry.compareTo(Duration.ofMinutes(5)) < 0)) {
      throw new IllegalArgumentException("voice.gateway.reply-topics.expiry must be at least 5m (a gateway's heartbeats can"
          + " pause for a while without it being gone), was " + expiry);
    }
  }
}
