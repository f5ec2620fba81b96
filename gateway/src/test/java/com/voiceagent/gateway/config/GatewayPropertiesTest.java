package com.voiceagent.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.audio.EndpointerConfig;
import com.voiceagent.gateway.GatewayProperties;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.io.ClassPathResource;

class GatewayPropertiesTest {
  @Configuration
  @EnableConfigurationProperties(GatewayProperties.class)
  static class Config {}

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
      .withUserConfiguration(Config.class);

  /** What Spring binds from the application.yml the gateway ships, with no environment variable set. */
  private static GatewayProperties shippedSettings() throws IOException {
    MutablePropertySources yml = new MutablePropertySources();
    new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml")).forEach(yml::addLast);
    Binder binder = new Binder(ConfigurationPropertySources.from(yml), new PropertySourcesPlaceholdersResolver(yml));
    return binder.bindOrCreate("voice.gateway", GatewayProperties.class);
  }

  @Test
  void theShippedApplicationYmlGivesTheDocumentedDefaults() throws IOException {
    GatewayProperties properties = shippedSettings();

    assertThat(properties.endpoint().endSilence()).isEqualTo(Duration.ofMillis(600));
    assertThat(properties.endpoint().maxUtterance()).isEqualTo(Duration.ofSeconds(8));
    assertThat(properties.endpoint().minSpeech()).isEqualTo(Duration.ofMillis(150));
    assertThat(properties.endpoint().bargeInMinSpeech()).isEqualTo(Duration.ofMillis(250));
    assertThat(properties.endpoint().speculativeSilence()).isEqualTo(EndpointerConfig.DEFAULT_SPECULATIVE_SILENCE);
    assertThat(properties.outbound().chunkFrames()).isEqualTo(10);
    assertThat(properties.inbound().maxMessageSize().toBytes()).isEqualTo(16 * 1024);
    assertThat(properties.inbound().floodLimitPerSecond()).isEqualTo(200);
    assertThat(properties.inbound().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void theSecurityLimitsHaveTheirDocumentedDefaults() {
    runner.run(context -> {
      GatewayProperties properties = context.getBean(GatewayProperties.class);
      assertThat(properties.streams().tokenLifetime()).isEqualTo(Duration.ofSeconds(60));
      assertThat(properties.streams().completedCallMemory()).isEqualTo(Duration.ofHours(1));
      assertThat(properties.streams().liveCallMemory()).isEqualTo(Duration.ofHours(5));
      assertThat(properties.streams().maxResumes()).isEqualTo(10);
      assertThat(properties.inbound().maxSockets()).isEqualTo(200);
      assertThat(properties.inbound().startTimeout()).isEqualTo(Duration.ofSeconds(5));
      assertThat(properties.inbound().maxMediaPayload().toBytes()).isEqualTo(640);
      assertThat(properties.inbound().maxAudioAhead()).isEqualTo(Duration.ofSeconds(2));
      assertThat(properties.inbound().warningInterval()).isEqualTo(Duration.ofSeconds(10));
      assertThat(properties.publish().maxQueuedPerCall()).isEqualTo(32);
    });
  }

  @Test
  void aLimitThatWouldSwitchADefenceOffFailsStartupNamingTheSetting() {
    runner.withPropertyValues("voice.gateway.streams.token-lifetime=0s").run(context -> assertThat(context).getFailure()
        .rootCause().hasMessageContaining("voice.gateway.streams.token-lifetime must be positive"));
    runner.withPropertyValues("voice.gateway.inbound.max-audio-ahead=-1s").run(context -> assertThat(context).getFailure()
        .rootCause().hasMessageContaining("voice.gateway.inbound.max-audio-ahead must be positive"));
    runner.withPropertyValues("voice.gateway.inbound.max-media-payload=100B").run(context -> assertThat(context).getFailure()
        .rootCause().hasMessageContaining("voice.gateway.inbound.max-media-payload must be 160B"));
    runner.withPropertyValues("voice.gateway.inbound.max-sockets=0").run(context ->
        assertThat(context).getFailure().hasStackTraceContaining("voice.gateway.inbound.max-sockets must be at least 1"));
  }

  @Test
  void anOutOfRangeChunkSizeFailsStartupNamingTheSetting() {
    runner.withPropertyValues("voice.gateway.outbound.chunk-frames=0").run(context ->
        assertThat(context).getFailure().rootCause().hasMessageContaining("voice.gateway.outbound.chunk-frames must be 1..50"));
  }

  @Test
  void aStreamTokenSecretShorterThan16BytesFailsStartupNamingTheVariable() {
    runner.withPropertyValues("voice.gateway.stream-token-secret=fifteen-bytes!!").run(context ->
        assertThat(context).getFailure().rootCause()
            .hasMessageContaining("voice.gateway.stream-token-secret (STREAM_TOKEN_SECRET) must be at least 16 bytes, was 15"));
  }

  @Test
  void theStreamTokenSecretIsNeverInToString() {
    runner.withPropertyValues("voice.gateway.stream-token-secret=another-secret-0123456789")
        .run(context -> assertThat(context.getBean(GatewayProperties.class).toString())
            .doesNotContain("another-secret-0123456789").contains("streamTokenSecret=<set>"));
  }

  @Test
  void keypadAndTransferHaveTheirDocumentedDefaultsAndTransfersAreOffWithoutANumber() throws IOException {
    GatewayProperties properties = shippedSettings();
    assertThat(properties.keypad().digitPause()).isEqualTo(Duration.ofSeconds(3));
    assertThat(properties.transfer().configured()).isFalse();
    assertThat(properties.transfer().ringTimeout()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void aTransferNumberThatIsNotE164OrARingTimeoutOutOfRangeFailsStartupNamingTheVariable() {
    runner.withPropertyValues("voice.gateway.transfer.number=031234567").run(context -> assertThat(context).getFailure()
        .rootCause().hasMessageContaining("voice.gateway.transfer.number (TRANSFER_NUMBER) must be an E.164 number"));
    runner.withPropertyValues("voice.gateway.transfer.number=+97231234567", "voice.gateway.transfer.ring-timeout=2s")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("voice.gateway.transfer.ring-timeout (TRANSFER_RING_TIMEOUT) must be 5s..600s"));
    runner.withPropertyValues("voice.gateway.keypad.digit-pause=0ms").run(context -> assertThat(context).getFailure()
        .rootCause().hasMessageContaining("voice.gateway.keypad.digit-pause must be positive"));
  }
}
