package com.voiceagent.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voiceagent.gateway.GatewayApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The real gateway, started with settings that would leave it open or weak, refuses to start and says why. */
class ProductionStartupTest {
  @Test
  void theGatewayInTheProdProfileWithoutTwilioAuthTokenDoesNotStart() {
    assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class).profiles("prod")
        .run("--server.port=0", "--voice.twilio.auth-token=", "--voice.edge.signature-validation=true",
            "--spring.kafka.bootstrap-servers=localhost:1", "--voice.twilio.public-host=voice.example.com",
            "--voice.gateway.stream-token-secret=prod-startup-test-secret-0123456789")
        .close())
        .satisfies(e -> {
          Throwable root = e;
          while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
          }
          assertThat(root).isInstanceOf(IllegalStateException.class)
              .hasMessageStartingWith("TWILIO_AUTH_TOKEN is not set: the prod profile validates X-Twilio-Signature");
        });
  }

  @Test
  void theGatewayInTheProdProfileWithoutAPublicBaseUrlDoesNotStart() {
    assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class).profiles("prod")
        .run("--server.port=0", "--voice.twilio.auth-token=prod-startup-test-auth-token",
            "--spring.kafka.bootstrap-servers=localhost:1",
            "--voice.gateway.stream-token-secret=prod-startup-test-secret-0123456789")
        .close())
        .satisfies(e -> assertThat(rootCause(e)).isInstanceOf(IllegalStateException.class)
            .hasMessageStartingWith("PUBLIC_BASE_URL (or PUBLIC_HOST) is not set"));
  }

  @Test
  void aStreamTokenSecretShorterThanTheMinimumStopsStartupInsteadOfBeingPadded() {
    assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class)
        .properties("STREAM_TOKEN_SECRET=short-secret")
        .run("--server.port=0", "--spring.kafka.bootstrap-servers=localhost:1")
        .close())
        .satisfies(e -> assertThat(rootCause(e)).hasMessageContaining(
            "voice.gateway.stream-token-secret (STREAM_TOKEN_SECRET) must be at least 16 bytes, was 12"));
  }

  @Test
  void aShortTwilioAuthTokenStandingInForTheStreamTokenSecretStopsStartup() {
    assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class)
        .run("--server.port=0", "--spring.kafka.bootstrap-servers=localhost:1", "--voice.twilio.auth-token=short-token")
        .close())
        .satisfies(e -> assertThat(rootCause(e)).isInstanceOf(IllegalStateException.class)
            .hasMessageStartingWith("STREAM_TOKEN_SECRET is not set and TWILIO_AUTH_TOKEN"));
  }

  private static Throwable rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }
}
