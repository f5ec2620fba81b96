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
 */
@Validated
@ConfigurationProperties("voice.platform")
public record PlatformProperties(
    @DefaultValue("") String instanceId,
    @DefaultValue("1") @Min(1) short replicationFactor,
    @DefaultValue("60s") @NotNull Duration maxRecordAge,
    @DefaultValue("10s") @NotNull Duration warmUpTimeout,
    @DefaultValue("1s") @NotNull Duration heartbeatInterval) {}
