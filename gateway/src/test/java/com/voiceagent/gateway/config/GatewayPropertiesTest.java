package com.voiceagent.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.gateway.GatewayProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class GatewayPropertiesTest {
  @Configuration
  @EnableConfigurationProperties(GatewayProperties.class)
  static class Config {}

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
      .withUserConfiguration(Config.class);

  @Test
  void defaultsMatchTheIssue() {
    runner.run(context -> {
      GatewayProperties properties = context.getBean(GatewayProperties.class);
      assertThat(properties.publicHost()).isEqualTo("localhost:8080");
      assertThat(properties.endpoint().endSilence()).isEqualTo(Duration.ofMillis(600));
      assertThat(properties.endpoint().maxUtterance()).isEqualTo(Duration.ofSeconds(8));
      assertThat(properties.endpoint().bargeInMinSpeech()).isEqualTo(Duration.ofMillis(250));
      assertThat(properties.endpoint().speculativeSilence()).isEqualTo(Duration.ofMillis(250));
      assertThat(properties.inbound().maxMessageSize().toBytes()).isEqualTo(64 * 1024);
    });
  }

  @Test
  void anOutOfRangeChunkSizeFailsStartupNamingTheSetting() {
    runner.withPropertyValues("voice.gateway.outbound.chunk-frames=0").run(context ->
        assertThat(context).getFailure().rootCause().hasMessageContaining("voice.gateway.outbound.chunk-frames must be 1..50"));
  }

  @Test
  void aPublicHostWithASchemeFailsStartupNamingTheSetting() {
    runner.withPropertyValues("voice.gateway.public-host=https://x.example/path").run(context ->
        assertThat(context).getFailure().rootCause().hasMessageContaining("voice.gateway.public-host must be host[:port]"));
  }

  @Test
  void theAuthTokenIsNeverInToString() {
    runner.withPropertyValues("voice.gateway.twilio.auth-token=super-secret-token", "voice.gateway.stream-token-secret=another-secret")
        .run(context -> assertThat(context.getBean(GatewayProperties.class).toString())
            .doesNotContain("super-secret-token").doesNotContain("another-secret"));
  }
}
