package com.voiceagent.e2e;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What the services asked of the broker while the measured calls ran: requests by type and records
 * appended per topic, read from the embedded broker's own meters (it runs in this JVM). Platform teams
 * sizing a broker, and anyone chasing broker CPU, start from these counts.
 */
final class BrokerTraffic {
  private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();
  private final Map<String, Long> requests;
  private final Map<String, Long> records;

  private BrokerTraffic(Map<String, Long> requests, Map<String, Long> records) {
    this.requests = requests;
    this.records = records;
  }

  static BrokerTraffic now() {
    return new BrokerTraffic(counts("kafka.network:type=RequestMetrics,name=RequestsPerSec,*", "request"),
        counts("kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec,topic=*", "topic"));
  }

  /** The counts since {@code before}, per second of {@code seconds}, busiest first. */
  String reportSince(BrokerTraffic before, double seconds, int turns) {
    StringBuilder report = new StringBuilder(String.format("broker traffic during the measured calls (%.0f s)%n", seconds));
    report.append(section("requests per second", requests, before.requests, seconds));
    report.append(section("records appended per second", records, before.records, seconds));
    report.append(String.format("  per answered turn: %.1f requests, %.1f records appended%n",
        total(requests, before.requests) / (double) Math.max(1, turns), total(records, before.records) / (double) Math.max(1, turns)));
    return report.toString();
  }

  private static long total(Map<String, Long> after, Map<String, Long> before) {
    return after.entrySet().stream().mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum();
  }

  private static String section(String title, Map<String, Long> after, Map<String, Long> before, double seconds) {
    StringBuilder out = new StringBuilder("  " + title + ":");
    after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> out.append(String.format(" %s=%.1f", e.getKey(), e.getValue() / seconds)));
    return out.append(System.lineSeparator()).toString();
  }

  /** Sums the Count attribute of the meters matching the pattern, by the value of one key property. */
  private static Map<String, Long> counts(String pattern, String key) {
    Map<String, Long> counts = new TreeMap<>();
    try {
      for (ObjectName name : JMX.queryNames(new ObjectName(pattern), null)) {
        String label = name.getKeyProperty(key);
        if (label != null) {
          counts.merge(label, ((Number) JMX.getAttribute(name, "Count")).longValue(), Long::sum);
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the broker's meters: " + e, e);
    }
    return counts;
  }
}
