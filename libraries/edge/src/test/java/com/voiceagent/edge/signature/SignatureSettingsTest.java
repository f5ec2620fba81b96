package com.voiceagent.edge.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voiceagent.edge.testapp.EdgeTestApp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** What happens at startup for each combination of profile, token and the validation switch. */
class SignatureSettingsTest {
  private static final String NO_KAFKA = "spring.autoconfigure.exclude=org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration";

  private static SpringApplicationBuilder app(String... properties) {
    return new SpringApplicationBuilder(EdgeTestApp.class).properties("server.port=0", NO_KAFKA).properties(properties);
  }

  private static Throwable rootCause(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  @Test
  void theProductionProfileWithoutAnAuthTokenStopsStartupNamingTwilioAuthToken() {
    assertThatThrownBy(() -> app().profiles("prod").run().close())
        .satisfies(e -> assertThat(rootCause(e))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageStartingWith("TWILIO_AUTH_TOKEN is not set: the prod profile validates X-Twilio-Signature"));
  }

  @Test
  void theProductionProfileRefusesSwitchedOffValidation() {
    assertThatThrownBy(() -> app("voice.edge.auth-token=t", "voice.edge.signature-validation=false").profiles("prod").run().close())
        .satisfies(e -> assertThat(rootCause(e)).hasMessageContaining("TWILIO_SIGNATURE_VALIDATION=false"));
  }

  @Test
  void theProductionProfileWithAnAuthTokenStarts() {
    try (ConfigurableApplicationContext context = app("voice.edge.auth-token=t").profiles("prod").run()) {
      assertThat(context.isRunning()).isTrue();
    }
  }

  @Test
  void theTokenNeverAppearsInTheSettingsToString() {
    try (ConfigurableApplicationContext context = app("voice.edge.auth-token=very-secret-token").run()) {
      String printed = context.getBean(com.voiceagent.edge.EdgeProperties.class).toString();
      assertThat(printed).doesNotContain("very-secret-token").contains("authToken=<set>");
    }
  }
}
