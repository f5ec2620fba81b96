package com.voiceagent.launcher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every port a local run listens on, derived from the port settings. With one instance of a service it
 * listens where it always did; with several, nginx takes the service's port and instance {@code n} listens
 * {@code 2n} above it. Brokers step by 2 the same way. The step is 2, not 1, because the defaults put
 * GATEWAY_PORT and WHATSAPP_PORT (8080, 8081) and KAFKA_PORT and KAFKA_CONTROLLER_PORT (9092, 9093) one
 * apart: stepping by 2 interleaves them instead of colliding.
 */
record PortLayout(int kafkaPort, int kafkaControllerPort, int brokers, int postgresPort, int gatewayPort,
    int whatsappPort, int consolePort, Scale scale) {

  static final int STEP = 2;
  /**
   * The stage services have no public HTTP, only a management port (MANAGEMENT_SERVER_PORT: /actuator/prometheus,
   * /actuator/health): stt-service's instance n listens on 9100 + 2(n-1), dialog-service's on 9120 + 2(n-1),
   * tts-service's on 9140 + 2(n-1), clear of the ports above (up to ten instances each).
   */
  static final java.util.Map<String, Integer> MANAGEMENT_BASE = java.util.Map.of(
      "stt-service", 9100, "dialog-service", 9120, "tts-service", 9140);

  int kafkaClientPort(int brokerId) {
    return kafkaPort + STEP * (brokerId - 1);
  }

  int kafkaControllerPort(int brokerId) {
    return kafkaControllerPort + STEP * (brokerId - 1);
  }

  List<String> kafkaBootstrapServers() {
    return java.util.stream.IntStream.rangeClosed(1, brokers).mapToObj(id -> "localhost:" + kafkaClientPort(id)).toList();
  }

  /** The port the service is reached on: nginx's when it has several instances, else its only instance's. */
  Integer frontPort(String service) {
    return switch (service) {
      case "gateway" -> gatewayPort;
      case "whatsapp-service" -> whatsappPort;
      case "console" -> consolePort;
      default -> null;
    };
  }

  boolean behindLoadBalancer(String service) {
    return frontPort(service) != null && scale.of(service) > 1;
  }

  /** The HTTP port of instance {@code number} (1-based), or null for a service without HTTP. */
  Integer instancePort(String service, int number) {
    Integer front = frontPort(service);
    if (front == null) {
      return null;
    }
    return behindLoadBalancer(service) ? front + STEP * number : front;
  }

  /** The management port of a stage service's instance {@code number} (1-based), or null for the other services. */
  Integer managementPort(String service, int number) {
    Integer base = MANAGEMENT_BASE.get(service);
    return base == null ? null : base + STEP * (number - 1);
  }

  /** Every port with the setting it comes from, for messages; in a stable order. */
  Map<String, Integer> named() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (int id = 1; id <= brokers; id++) {
      ports.put(id == 1 ? "KAFKA_PORT" : "Kafka broker " + id + " (KAFKA_PORT+" + STEP * (id - 1) + ")", kafkaClientPort(id));
      ports.put(id == 1 ? "KAFKA_CONTROLLER_PORT" : "Kafka controller " + id + " (KAFKA_CONTROLLER_PORT+" + STEP * (id - 1) + ")",
          kafkaControllerPort(id));
    }
    ports.put("PG_PORT", postgresPort);
    ports.put("GATEWAY_PORT", gatewayPort);
    ports.put("WHATSAPP_PORT", whatsappPort);
    ports.put("CONSOLE_PORT", consolePort);
    for (String service : List.of("stt-service", "dialog-service", "tts-service")) {
      for (int n = 1; n <= scale.of(service); n++) {
        ports.put(service + "-" + n + " (management port)", managementPort(service, n));
      }
    }
    for (String service : List.of("gateway", "whatsapp-service")) {
      if (behindLoadBalancer(service)) {
        String setting = service.equals("gateway") ? "GATEWAY_PORT" : "WHATSAPP_PORT";
        for (int n = 1; n <= scale.of(service); n++) {
          ports.put(service + "-" + n + " (" + setting + "+" + STEP * n + ")", instancePort(service, n));
        }
      }
    }
    return ports;
  }

  /** @throws IllegalArgumentException naming both settings when two ports coincide, or one is out of range */
  void requireDistinctValidPorts() {
    Map<Integer, String> seen = new LinkedHashMap<>();
    named().forEach((name, port) -> {
      if (port > 65535) {
        throw new IllegalArgumentException(name + " would be " + port + ", above 65535; choose a lower port");
      }
      String other = seen.putIfAbsent(port, name);
      if (other != null) {
        throw new IllegalArgumentException(name + " and " + other + " are both " + port + "; give each its own port");
      }
    });
  }
}
