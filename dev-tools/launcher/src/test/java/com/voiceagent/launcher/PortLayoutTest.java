package com.voiceagent.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PortLayoutTest {
  private static PortLayout layout(int brokers, String scale) {
    return new PortLayout(19092, 19093, brokers, 15433, 18080, 18081, 18090, Scale.parse(scale, "--scale"));
  }

  @Test
  void oneInstanceOfEachListensWhereItAlwaysDid() {
    PortLayout ports = new PortLayout(9092, 9093, 1, 5433, 8080, 8081, 8090, Scale.ONE_EACH);

    assertThat(ports.instancePort("gateway", 1)).isEqualTo(8080);
    assertThat(ports.instancePort("whatsapp-service", 1)).isEqualTo(8081);
    assertThat(ports.instancePort("stt-service", 1)).isNull();
    assertThat(ports.kafkaBootstrapServers()).containsExactly("localhost:9092");
    assertThat(ports.named()).containsOnlyKeys("KAFKA_PORT", "KAFKA_CONTROLLER_PORT", "PG_PORT", "GATEWAY_PORT",
        "WHATSAPP_PORT", "CONSOLE_PORT", "stt-service-1 (management port)", "dialog-service-1 (management port)",
        "tts-service-1 (management port)");
    assertThat(ports.managementPort("tts-service", 1)).isEqualTo(9140);
    assertThat(ports.managementPort("gateway", 1)).isNull();
  }

  @Test
  void brokersStepByTwoSoClientAndControllerPortsOneApartInterleave() {
    PortLayout ports = layout(3, "gateway=1");

    assertThat(ports.kafkaBootstrapServers()).containsExactly("localhost:19092", "localhost:19094", "localhost:19096");
    assertThat(ports.kafkaControllerPort(1)).isEqualTo(19093);
    assertThat(ports.kafkaControllerPort(3)).isEqualTo(19097);
    ports.requireDistinctValidPorts();
  }

  @Test
  void severalEdgeInstancesListenBehindTheServicesPortWhichNginxTakes() {
    PortLayout ports = layout(1, "gateway=2,whatsapp-service=3");

    assertThat(ports.behindLoadBalancer("gateway")).isTrue();
    assertThat(ports.named()).containsAllEntriesOf(Map.of(
        "GATEWAY_PORT", 18080, "gateway-1 (GATEWAY_PORT+2)", 18082, "gateway-2 (GATEWAY_PORT+4)", 18084,
        "WHATSAPP_PORT", 18081, "whatsapp-service-3 (WHATSAPP_PORT+6)", 18087));
    ports.requireDistinctValidPorts();
  }

  @Test
  void aCollisionNamesBothSettings() {
    PortLayout ports = new PortLayout(9092, 9093, 1, 5433, 8080, 8082, 8090, Scale.parse("gateway=2", "--scale"));

    assertThatThrownBy(ports::requireDistinctValidPorts)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gateway-1 (GATEWAY_PORT+2) and WHATSAPP_PORT are both 8082; give each its own port");
    assertThatThrownBy(() -> new PortLayout(9092, 9094, 3, 5433, 8080, 8081, 8090, Scale.ONE_EACH).requireDistinctValidPorts())
        .hasMessage("Kafka broker 2 (KAFKA_PORT+2) and KAFKA_CONTROLLER_PORT are both 9094; give each its own port");
  }

  @Test
  void aPortPushedAboveTheLastOneIsRefused() {
    assertThatThrownBy(() -> new PortLayout(65534, 9093, 3, 5433, 8080, 8081, 8090, Scale.ONE_EACH).requireDistinctValidPorts())
        .hasMessage("Kafka broker 2 (KAFKA_PORT+2) would be 65536, above 65535; choose a lower port");
  }
}
