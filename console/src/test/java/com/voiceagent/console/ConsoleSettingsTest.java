package com.voiceagent.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The settings as Spring binds them from console.yml and the environment, checked once at startup. */
class ConsoleSettingsTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(ConsoleSettings.class)
  @Import(ValidationAutoConfiguration.class)
  static class OnlySettings {}

  private static ConsoleSettings bind(String... args) {
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(OnlySettings.class)
        .web(WebApplicationType.NONE).properties("spring.config.name=" + ConsoleApplication.CONFIG_NAME).run(args)) {
      return context.getBean(ConsoleSettings.class);
    }
  }

  @Test
  void theDefaultsComeFromConsoleYml() {
    ConsoleSettings settings = bind();

    assertThat(settings.kafkaBootstrapServers()).isEqualTo("localhost:9092");
    assertThat(settings.history()).isEqualTo(Duration.ofHours(6));
    assertThat(settings.maxCalls()).isEqualTo(100);
    assertThat(settings.lastTurns()).isEqualTo(3);
  }

  @Test
  void theVariablesOfConsoleYmlSetThem() {
    ConsoleSettings settings = bind("--CONSOLE_HISTORY=30m", "--CONSOLE_MAX_CALLS=20", "--KAFKA_BOOTSTRAP_SERVERS=kafka:9092");

    assertThat(settings.history()).isEqualTo(Duration.ofMinutes(30));
    assertThat(settings.maxCalls()).isEqualTo(20);
    assertThat(settings.kafkaBootstrapServers()).isEqualTo("kafka:9092");
  }

  @Test
  void aWrongValueStopsTheStartNamingTheVariable() {
    assertThatThrownBy(() -> bind("--CONSOLE_MAX_CALLS=0")).rootCause().hasMessageContaining("CONSOLE_MAX_CALLS");
    assertThatThrownBy(() -> bind("--CONSOLE_HISTORY=-1h")).rootCause().hasMessageContaining("CONSOLE_HISTORY");
  }
}
