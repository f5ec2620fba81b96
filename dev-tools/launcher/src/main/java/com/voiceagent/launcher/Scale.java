package com.voiceagent.launcher;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How many instances of each service {@code ./voice up} runs: {@code --scale} or VOICE_SCALE, e.g.
 * {@code gateway=2,stt-service=3}. A service not named runs once.
 *
 * @param counts instances per service, every service present, in {@link ServiceInstance#SERVICES} order
 */
record Scale(Map<String, Integer> counts) {
  /** Each instance is a JVM of several hundred MB: more than this on one machine is a typo, not a plan. */
  static final int MAX_INSTANCES = 10;
  static final Scale ONE_EACH = new Scale(Map.of());

  Scale {
    Map<String, Integer> complete = new LinkedHashMap<>();
    for (String service : ServiceInstance.SERVICES) {
      complete.put(service, counts.getOrDefault(service, 1));
    }
    counts = java.util.Collections.unmodifiableMap(complete);
  }

  /**
   * @param source where the value came from ({@code --scale} or {@code VOICE_SCALE}), named in every message
   * @throws IllegalArgumentException naming the source, the service and what is wrong
   */
  static Scale parse(String value, String source) {
    String text = value.trim();
    if (text.isEmpty()) {
      throw new IllegalArgumentException(source + " needs a value such as gateway=2,stt-service=3");
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String part : text.split(",", -1)) {
      String entry = part.trim();
      int equals = entry.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException(source + ": '" + entry + "' must be SERVICE=COUNT (e.g. gateway=2,stt-service=3)");
      }
      String service = entry.substring(0, equals).trim();
      String count = entry.substring(equals + 1).trim();
      if (!ServiceInstance.SERVICES.contains(service)) {
        throw new IllegalArgumentException(source + ": unknown service '" + service + "'; the services are "
            + String.join(", ", ServiceInstance.SERVICES));
      }
      if (counts.containsKey(service)) {
        throw new IllegalArgumentException(source + ": " + service + " is given twice");
      }
      counts.put(service, count(source, service, count));
    }
    return new Scale(counts);
  }

  private static int count(String source, String service, String count) {
    int n;
    try {
      n = Integer.parseInt(count);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + ": the count of " + service + " must be a whole number, was '" + count + "'");
    }
    if (ServiceInstance.SINGLE_INSTANCE.contains(service) && n != 1) {
      throw new IllegalArgumentException(source + ": " + service + " runs once, was " + n);
    }
    if (n < 1 || n > MAX_INSTANCES) {
      throw new IllegalArgumentException(source + ": the count of " + service + " must be between 1 and " + MAX_INSTANCES
          + ", was " + n);
    }
    return n;
  }

  int of(String service) {
    Integer n = counts.get(service);
    if (n == null) {
      throw new IllegalArgumentException("unknown service " + service);
    }
    return n;
  }

  /** Gateway and whatsapp-service are reached on one port each; with several instances nginx holds it. */
  boolean needsLoadBalancer() {
    return of("gateway") > 1 || of("whatsapp-service") > 1;
  }

  @Override
  public String toString() {
    return counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }
}
