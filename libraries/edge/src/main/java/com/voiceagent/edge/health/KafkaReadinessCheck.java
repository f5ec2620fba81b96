package com.voiceagent.edge.health;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.DisposableBean;

/** The broker answers describeCluster within the timeout. One AdminClient, created on first use. */
final class KafkaReadinessCheck implements ReadinessCheck, DisposableBean {
  private final Map<String, Object> adminConfig;
  private Admin admin;

  KafkaReadinessCheck(Map<String, Object> adminConfig, Duration timeout) {
    this.adminConfig = new HashMap<>(adminConfig);
    int millis = (int) Math.max(500, timeout.toMillis());
    this.adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    this.adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    this.adminConfig.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "edge-readiness");
  }

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public void check(Duration timeout) throws Exception {
    int millis = (int) Math.max(1, timeout.toMillis());
    int nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs(millis)).nodes().get(millis, TimeUnit.MILLISECONDS).size();
    if (nodes == 0) {
      throw new IllegalStateException("no broker in the cluster");
    }
  }

  private synchronized Admin admin() {
    if (admin == null) {
      admin = Admin.create(adminConfig);
    }
    return admin;
  }

  @Override
  public synchronized void destroy() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(1));
      admin = null;
    }
  }
}
