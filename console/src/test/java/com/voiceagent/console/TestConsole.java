package com.voiceagent.console;

import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The console as its jar runs it, in a test. The tests' classpath also holds the gateway (the simulated calls'
 * target) with the platform library and Spring Kafka, which the console's jar has not: their auto-configurations
 * stay out, so the console under test is the one that ships.
 */
final class TestConsole {
  static final String NOT_IN_THE_JAR = "--spring.autoconfigure.exclude="
      + "com.voiceagent.platform.kafka.KafkaPlatformConfiguration,"
      + "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration";

  private TestConsole() {}

  static ConfigurableApplicationContext start(String... args) {
    List<String> all = new ArrayList<>(List.of("--server.port=0", NOT_IN_THE_JAR));
    all.addAll(List.of(args));
    return ConsoleApplication.builder().run(all.toArray(String[]::new));
  }

  static String address(ConfigurableApplicationContext console) {
    return "http://localhost:" + console.getEnvironment().getProperty("local.server.port");
  }
}
