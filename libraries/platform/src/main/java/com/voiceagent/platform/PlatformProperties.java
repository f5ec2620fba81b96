package com.voiceagent.platform;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings every service shares ({@code voice.platform.*}).
 *
 * @param instanceId this instance's id: names its reply topic (gateway) and its control consumer group;
 *     blank means hostname plus a random suffix (env {@code INSTANCE_ID})
 * @param replicationFactor replication of the topics this service creates (1 for a single local broker)
 * @param maxRecordAge voice records older than this are skipped: a reply to something said a minute ago
 *     helps nobody on a live call (for example after a long outage)
 * @param warmUpTimeout how long startup waits for the producer to connect and load the topics' metadata
 *     before the first caller (longer only delays a start while the broker is unreachable)
 * @param heartbeatInterval how often the instance publishes its heartbeat to platform.instances
 * @param shareConsumers share-group consumers per instance of a shared stage (stt, tts): the records each
 *     instance works on at once; several per partition, so one slow record never holds back the others
 * @param shareLockDuration how long a shared stage's record stays with the consumer that took it: longer than
 *     the stage's budget (never handed out twice while handled); a hung instance's records move on after it
 *     (a dead instance's at once: its connections close)
 * @param groupSessionTimeout how long a group waits for a silent member before giving its work to the others
 *     (share groups and the consumer group protocol); brokers must allow it (group.*.min.session.timeout.ms)
 * @param groupHeartbeatInterval how often members tell their group they are alive (below the session timeout)
 * @param maxDeliveries a shared record delivered this often without being settled is dead-lettered
 * @param callerAudioRetention how long voice.utterances (the caller's voice) is kept, set when the topic is
 *     created: personal data, so said out loud rather than left to the catalogue's replay window
 * @param brokerStartupTimeout how long a starting service waits for its broker to answer before it stops with an
 *     error naming the address (a wrong KAFKA_BOOTSTRAP_SERVERS fails instead of hanging); 0 skips the check.
 *     Long enough for a broker that answers slowly while several services start beside it on two cores (5 s
 *     made ./voice up --brokers 3 fail there), short enough to beat the minutes Spring's own waits would take
 */
@Validated
@ConfigurationProperties("voice.platform")
public record PlatformProperties(
    @DefaultValue("") String instanceId,
    @DefaultValue("1") @Min(1) short replicationFactor,
    @DefaultValue("60s") @NotNull Duration maxRecordAge,
    @DefaultValue("10s") @NotNull Duration warmUpTimeout,
    @DefaultValue("1s") @NotNull Duration heartbeatInterval,
    @DefaultValue("16") @Min(1) int shareConsumers,
    @DefaultValue("10s") @NotNull Duration shareLockDuration,
    @DefaultValue("3s") @NotNull Duration groupSessionTimeout,
    @DefaultValue("1s") @NotNull Duration groupHeartbeatInterval,
    @DefaultValue("3") @Min(1) int maxDeliveries,
    @DefaultValue("7d") @NotNull Duration callerAudioRetention,
    @DefaultValue("30s") @NotNull Duration brokerStartupTimeout) {

  public PlatformProperties {
    if (callerAudioRetention != null && callerAudioRetention.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException("voice.platform.caller-audio-retention must be at least 1m, was " + callerAudioRetention);
    }
  }
}
