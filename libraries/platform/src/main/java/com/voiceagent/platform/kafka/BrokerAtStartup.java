package com.voiceagent.platform.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.springframework.beans.factory.InitializingBean;

/**
 * Stops a starting service, with a message naming the address it tried, when no Kafka broker answers within
 * {@code voice.platform.broker-startup-timeout}. Without it a wrong KAFKA_BOOTSTRAP_SERVERS looked like a hang:
 * Spring's KafkaAdmin waited 30 s for the catalogue's topics, logged, and the service ran on with consumers
 * waiting for a broker that would never come, while an orchestrator saw a live process.
 *
 * <p>Runs when the bean is created, before anything else talks to the broker: {@code Stages} depends on it (its
 * stages set their groups' timings while they are built, each waiting up to a minute for an absent broker),
 * KafkaAdmin creates the topics only once every singleton exists, and the compacted replicas read their topics
 * when the context starts. A broker that goes away after the start is another matter: the services ride that
 * out (readiness says so, the producers retry).
 */
final class BrokerAtStartup implements InitializingBean {
  private final Map<String, Object> adminConfig;
  private final Duration timeout;

  /**
   * @param adminConfig the admin client settings Spring Boot built (bootstrap servers, security)
   * @param timeout how long the broker has to answer; zero skips the check
   */
  BrokerAtStartup(Map<String, Object> adminConfig, Duration timeout) {
    this.adminConfig = Map.copyOf(adminConfig);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public void afterPropertiesSet() {
    if (timeout.isZero()) {
      return;
    }
    Object servers = adminConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
    Admin admin;
    try {
      admin = Admin.create(adminConfig);
    } catch (KafkaException e) { // a host name that does not resolve is refused here
      throw unreachable(servers, e);
    }
    try {
      admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
          .clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw unreachable(servers, e.getCause());
    } catch (TimeoutException e) {
      throw unreachable(servers, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(servers, e);
    } finally {
      admin.close(Duration.ofSeconds(1)); // nothing is pending that is worth waiting for
    }
  }

  private IllegalStateException unreachable(Object servers, Throwable cause) {
    return new IllegalStateException("No Kafka broker answered at " + servers + " within " + timeout
        + " (spring.kafka.bootstrap-servers, env KAFKA_BOOTSTRAP_SERVERS): is the broker running and the address"
        + " right? Stopping instead of waiting (voice.platform.broker-startup-timeout). Cause: " + cause, cause);
  }
}
