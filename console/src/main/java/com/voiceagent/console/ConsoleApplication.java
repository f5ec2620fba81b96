package com.voiceagent.console;

import com.voiceagent.edge.EdgeProperties;
import com.voiceagent.edge.health.ReadinessCheck;
import com.voiceagent.edge.health.ReadinessChecks;
import java.time.Clock;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The analysts' web console: live calls, their turns and latencies, each call's recording, behind a token. */
@SpringBootApplication
@EnableConfigurationProperties(ConsoleSettings.class)
public class ConsoleApplication {
  /**
   * The settings file is console.yml, not application.yml: the console's tests run the real gateway in the same
   * JVM, which must keep reading its own application.yml from the classpath.
   */
  public static final String CONFIG_NAME = "console";

  public static void main(String[] args) {
    builder().run(args);
  }

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(ConsoleApplication.class).properties("spring.config.name=" + CONFIG_NAME);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** /health/ready: the broker the console reads answers. */
  @Bean
  ReadinessCheck consoleKafkaReadiness(ConsoleSettings settings, EdgeProperties edge) {
    return ReadinessChecks.kafka(Map.of("bootstrap.servers", settings.kafkaBootstrapServers()), edge.readinessTimeout());
  }
}
