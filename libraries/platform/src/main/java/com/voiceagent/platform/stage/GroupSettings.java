package com.voiceagent.platform.stage;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-group settings that decide how fast a group gives a dead member's work to the others (session
 * timeout, heartbeat, share-record lock), set on the broker for each group a stage uses. Brokers bound
 * them (group.consumer.min.session.timeout.ms, group.share.min.record.lock.duration.ms, ...): a value
 * outside the broker's bounds is refused, logged, and the broker's defaults apply (slower failover, nothing
 * else). docs/running.md says what a platform team configures on its brokers.
 */
final class GroupSettings {
  private static final Logger log = LoggerFactory.getLogger(GroupSettings.class);
  private static final long TIMEOUT_MS = 10_000;
  private static final int ATTEMPTS = 3;

  private final Map<String, Object> adminProperties;
  private final Duration sessionTimeout;
  private final Duration heartbeat;
  private final Duration shareLock;
  private final Duration shareReset;

  GroupSettings(Map<String, Object> adminProperties, Duration sessionTimeout, Duration heartbeat, Duration shareLock,
      Duration shareReset) {
    this.adminProperties = Map.copyOf(adminProperties);
    this.sessionTimeout = sessionTimeout;
    this.heartbeat = heartbeat;
    this.shareLock = shareLock;
    this.shareReset = shareReset;
  }

  /** Settings of a consumer group on the consumer group protocol (KIP-848). */
  void consumerGroup(String group) {
    apply(group, Map.of(
        "consumer.session.timeout.ms", Long.toString(sessionTimeout.toMillis()),
        "consumer.heartbeat.interval.ms", Long.toString(heartbeat.toMillis())));
  }

  /**
   * Settings of a share group. A new share group starts from records as old as the voice record age
   * limit: older ones would be skipped anyway, and "latest" would lose the records written while the
   * group was being created.
   */
  void shareGroup(String group) {
    // Apart from the timings: a broker refusing a timing refuses the whole request, and the reset matters more.
    apply(group, Map.of("share.auto.offset.reset", "by_duration:" + shareReset));
    apply(group, Map.of(
        "share.session.timeout.ms", Long.toString(sessionTimeout.toMillis()),
        "share.heartbeat.interval.ms", Long.toString(heartbeat.toMillis()),
        "share.record.lock.duration.ms", Long.toString(shareLock.toMillis())));
  }

  private void apply(String group, Map<String, String> settings) {
    List<AlterConfigOp> ops = settings.entrySet().stream()
        .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET)).toList();
    // A broker too busy to answer in time (many instances starting at once) is asked again: given up, the
    // group would run on the broker's defaults (a 45 s session) for its whole life. A refusal is final.
    Retry retry = Retry.of("group-settings-" + group, RetryConfig.custom().maxAttempts(ATTEMPTS)
        .waitDuration(Duration.ofSeconds(1)).retryOnException(GroupSettings::worthAskingAgain).build());
    try (Admin admin = Admin.create(adminProperties)) {
      retry.executeCheckedSupplier(() -> admin.incrementalAlterConfigs(
          Map.of(new ConfigResource(ConfigResource.Type.GROUP, group), ops)).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
      log.info("group {}: {}", group, settings);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable e) {
      log.warn("group {}: the broker refused {} ({}); its defaults apply. See docs/running.md, \"Failover settings\"",
          group, settings, (e.getCause() == null ? e : e.getCause()).toString());
    }
  }

  private static boolean worthAskingAgain(Throwable failure) {
    Throwable cause = failure instanceof java.util.concurrent.ExecutionException && failure.getCause() != null
        ? failure.getCause() : failure;
    return cause instanceof java.util.concurrent.TimeoutException
        || cause instanceof org.apache.kafka.common.errors.RetriableException;
  }

}
