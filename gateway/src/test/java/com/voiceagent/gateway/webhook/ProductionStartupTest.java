package com.voiceagent.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voiceagent.gateway.GatewayApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The real gateway, started in the prod profile without TWILIO_AUTH_TOKEN, refuses to start and says why. */
class ProductionStartupTest {
  @Test
  void theGatewayInTheProdProfileWithoutTwilioAuthTokenDoesNotStart() {
    assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class).profiles("prod")
        .run("--server.port=0", "--voice.edge.auth-token=", "--voice.edge.signature-validation=true",
            "--spring.kafka.bootstrap-servers=localhost:1", "--voice.gateway.public-host=voice.example.com",
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
}
