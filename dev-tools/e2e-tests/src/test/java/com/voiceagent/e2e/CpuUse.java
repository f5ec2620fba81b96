package com.voiceagent.e2e;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The CPU time each part of a benchmark used while its measured calls ran: each service's process (all its threads,
 * as the operating system counts them), and this JVM split into the embedded broker's threads and the rest (the
 * simulated callers, the engine fixtures, this JVM's compiler and collector). Capacity work starts from where the
 * cores go, per call, not from the latency alone.
 */
final class CpuUse {
  /**
   * The embedded KRaft broker's threads, by the names Kafka gives them. The test's own Kafka clients (topic reader,
   * admin) run outside the measured calls.
   */
  static final Pattern BROKER_THREAD = Pattern.compile(
      "(?i).*(kafka|raft|broker|controller|data-plane|expirationreaper|coordinator|request-handler|"
          + "logdirfailure|quorum|metadata|replica|log-cleaner|throttledchannelreaper|sensorexpiration|"
          + "transactionmarker|share-group|persister|fetch-session|remote-log|delayed).*");
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Map<String, Duration> services;
  private final Map<String, Long> thisJvmThreadsNanos;
  private final long thisJvmNanos;

  private CpuUse(Map<String, Duration> services, Map<String, Long> thisJvmThreadsNanos, long thisJvmNanos) {
    this.services = services;
    this.thisJvmThreadsNanos = thisJvmThreadsNanos;
    this.thisJvmNanos = thisJvmNanos;
  }

  static CpuUse now(List<ServiceProcess> services) {
    Map<String, Duration> byService = new LinkedHashMap<>();
    services.forEach(s -> byService.put(s.name(), s.cpuTime()));
    Map<String, Long> threads = new TreeMap<>();
    long[] ids = THREADS.getAllThreadIds();
    ThreadInfo[] infos = THREADS.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      long nanos = THREADS.getThreadCpuTime(ids[i]);
      if (infos[i] != null && nanos > 0) {
        threads.put(infos[i].getThreadName() + "#" + ids[i], nanos);
      }
    }
    long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    return new CpuUse(byService, threads, process);
  }

  /**
   * CPU seconds per component since {@code before}, their share of the machine's cores over {@code seconds}, and the
   * CPU milliseconds per call and per turn; then this JVM's busiest threads, so the broker's share can be checked.
   */
  String reportSince(CpuUse before, double seconds, int calls, int turns) {
    int cores = Runtime.getRuntime().availableProcessors();
    Map<String, Double> used = new LinkedHashMap<>();
    services.forEach((name, cpu) -> used.put(name, (cpu.toNanos() - before.services.getOrDefault(name, Duration.ZERO).toNanos()) / 1e9));
    Map<String, Double> threadSeconds = new TreeMap<>();
    thisJvmThreadsNanos.forEach((thread, nanos) -> threadSeconds.put(thread, (nanos - before.thisJvmThreadsNanos.getOrDefault(thread, 0L)) / 1e9));
    double broker = threadSeconds.entrySet().stream().filter(e -> BROKER_THREAD.matcher(e.getKey()).matches())
        .mapToDouble(Map.Entry::getValue).sum();
    double thisJvm = (thisJvmNanos - before.thisJvmNanos) / 1e9;
    used.put("broker (embedded, its threads)", broker);
    used.put("callers, engine fixtures and their JVM", thisJvm - broker);
    double total = used.values().stream().mapToDouble(Double::doubleValue).sum();

    StringBuilder out = new StringBuilder(String.format("CPU during the measured calls (%.0f s, %d cores; %d calls, %d turns)%n",
        seconds, cores, calls, turns));
    out.append(String.format("  %-40s %9s %12s %13s %13s%n", "component", "CPU s", "% of cores", "CPU ms/call", "CPU ms/turn"));
    used.forEach((name, cpu) -> out.append(row(name, cpu, seconds, cores, calls, turns)));
    out.append(row("total", total, seconds, cores, calls, turns));
    out.append("  this JVM's busiest threads (CPU s):");
    threadSeconds.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(12)
        .forEach(e -> out.append(String.format(" %s=%.2f%s", e.getKey().replaceAll("#\\d+$", ""), e.getValue(),
            BROKER_THREAD.matcher(e.getKey()).matches() ? "(broker)" : "")));
    return out.append(System.lineSeparator()).toString();
  }

  private static String row(String name, double cpu, double seconds, int cores, int calls, int turns) {
    return String.format("  %-40s %9.1f %11.0f%% %13.0f %13.0f%n", name, cpu, 100 * cpu / (seconds * cores),
        1000 * cpu / Math.max(1, calls), 1000 * cpu / Math.max(1, turns));
  }
}
