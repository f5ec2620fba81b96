package com.voiceagent.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.platform.stage.Delivery;
import com.voiceagent.platform.stage.Stages;
import com.voiceagent.schemas.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import com.voiceagent.platform.PlatformProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;

/**
 * A service pointed at a broker that does not answer stops within seconds, saying where it looked, instead of
 * waiting on Spring's KafkaAdmin and the stages' group settings (a minute each). The check passing against a live broker is exercised by every context that
 * starts against the embedded broker (PlatformKafkaIT, StagesIT, the services' ITs).
 */
class BrokerAtStartupTest {

  /** Like every stage service: a stage declared while its bean is built (which sets its group's timings). */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Service {
    @Bean
    String transcriber(Stages stages) {
      stages.stage("transcriber").group("broker-check-test").delivery(Delivery.SHARED).on(Topics.UTTERANCES, inbound -> {}).start();
      return "transcriber";
    }
  }

  @Test
  void aServicePointedAtAClosedPortStopsWithinItsTimeoutNamingTheAddress() throws IOException {
    String address = "localhost:" + closedPort();
    // Once, so that what is timed below is the wait for the broker, not this JVM loading Spring's classes.
    catchStartup("--spring.kafka.bootstrap-servers=" + address, "--voice.platform.broker-startup-timeout=1s");
    long started = System.nanoTime();
    Throwable failure = catchStartup("--spring.kafka.bootstrap-servers=" + address, "--voice.platform.broker-startup-timeout=3s");
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("without the check: a minute per stage group, then KafkaAdmin's 30 s").isLessThan(Duration.ofSeconds(10));
    assertThat(messages(failure)).contains("No Kafka broker answered at [" + address + "] within PT3S")
        .contains("KAFKA_BOOTSTRAP_SERVERS").contains("voice.platform.broker-startup-timeout");
  }

  @Test
  void byDefaultAServiceWaitsHalfAMinuteForItsBroker() {
    PlatformProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
        .bindOrCreate("voice.platform", PlatformProperties.class);
    assertThat(defaults.brokerStartupTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aHostNameThatDoesNotResolveStopsTheStartToo() {
    Throwable failure = catchStartup("--spring.kafka.bootstrap-servers=no-such-broker.invalid:9092",
        "--voice.platform.broker-startup-timeout=2s");
    assertThat(messages(failure)).contains("No Kafka broker answered at [no-such-broker.invalid:9092] within PT2S");
  }

  @Test
  void aTimeoutOfZeroLeavesTheStartToTheServiceAsBefore() {
    // Tests of what a service does while its broker is away start it without one (whatsapp-service's KafkaDownIT).
    long started = System.nanoTime();
    new BrokerAtStartup(Map.of("bootstrap.servers", "localhost:1"), Duration.ZERO).afterPropertiesSet();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
  }

  private static Throwable catchStartup(String... arguments) {
    try {
      new SpringApplicationBuilder(Service.class).web(WebApplicationType.NONE).run(arguments).close();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("the service started without a broker: " + String.join(" ", arguments));
  }

  private static String messages(Throwable failure) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort(); // closed again when this returns: nothing listens there
    }
  }
}
