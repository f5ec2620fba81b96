package com.voiceagent.edge.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voiceagent.edge.testapp.EdgeTestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What happens at startup for each combination of profile, token, public base, local development mode and
 * the validation switch: each refusal is a real application start that fails.
 */
@ExtendWith(OutputCaptureExtension.class)
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
  void aServiceWithoutSignedPathsNeedsNoTwilioTokenEvenInTheProductionProfile() {
    try (ConfigurableApplicationContext context = app("voice.edge.signed-paths=", "voice.twilio.public-host=voice.example.com")
        .profiles("prod").run()) {
      assertThat(context.isRunning()).isTrue();
    }
  }

  @Test
  void theProductionProfileRefusesSwitchedOffValidation() {
    assertThatThrownBy(() -> app("voice.twilio.auth-token=t", "voice.twilio.public-host=voice.example.com",
        "voice.edge.signature-validation=false").profiles("prod").run().close())
        .satisfies(e -> assertThat(rootCause(e)).hasMessageContaining("TWILIO_SIGNATURE_VALIDATION=false"));
  }

  @Test
  void switchedOffValidationIsRefusedInAnyProfileOutsideLocalDevelopmentMode() {
    // Not literally "prod": the old rule let these through.
    for (String profile : new String[] {"production", "staging", "default"}) {
      assertThatThrownBy(() -> app("voice.twilio.auth-token=t", "TWILIO_SIGNATURE_VALIDATION=false")
          .profiles(profile).run().close())
          .satisfies(e -> assertThat(rootCause(e)).isInstanceOf(IllegalStateException.class)
              .hasMessageStartingWith("TWILIO_SIGNATURE_VALIDATION=false (voice.edge.signature-validation) is only allowed in"
                  + " local development mode"));
    }
  }

  @Test
  void localDevelopmentModeIsRefusedInTheProductionProfile() {
    assertThatThrownBy(() -> app("voice.twilio.auth-token=t", "voice.twilio.public-host=voice.example.com",
        "VOICE_LOCAL_DEVELOPMENT=true").profiles("prod").run().close())
        .satisfies(e -> assertThat(rootCause(e)).hasMessageStartingWith("VOICE_LOCAL_DEVELOPMENT=true"));
  }

  @Test
  void inLocalDevelopmentModeValidationMaySwitchOffWithALoudWarning(CapturedOutput output) {
    try (ConfigurableApplicationContext context =
        app("VOICE_LOCAL_DEVELOPMENT=true", "TWILIO_SIGNATURE_VALIDATION=false").run()) {
      assertThat(context.isRunning()).isTrue();
      assertThat(output).contains("TWILIO SIGNATURE VALIDATION IS OFF");
    }
  }

  @Test
  void theProductionProfileWithoutAPublicBaseUrlStopsStartup() {
    assertThatThrownBy(() -> app("voice.twilio.auth-token=t").profiles("prod").run().close())
        .satisfies(e -> assertThat(rootCause(e)).isInstanceOf(IllegalStateException.class)
            .hasMessageStartingWith("PUBLIC_BASE_URL (or PUBLIC_HOST) is not set"));
  }

  @Test
  void theProductionProfileWithAnAuthTokenAndAPublicBaseUrlStarts() {
    try (ConfigurableApplicationContext context = app("voice.twilio.auth-token=t", "PUBLIC_BASE_URL=https://voice.example.com")
        .profiles("prod").run()) {
      assertThat(context.isRunning()).isTrue();
    }
  }

  @Test
  void secretsNeverAppearInTheSettingsToString() {
    try (ConfigurableApplicationContext context = app("TWILIO_AUTH_TOKEN=very-secret-token",
        "voice.edge.api-tokens=api-token-secret-0123456789").run()) {
      String twilio = context.getBean(com.voiceagent.edge.TwilioProperties.class).toString();
      String edge = context.getBean(com.voiceagent.edge.EdgeProperties.class).toString();
      assertThat(twilio).doesNotContain("very-secret-token").contains("authToken=<set>");
      assertThat(edge).doesNotContain("api-token-secret-0123456789").contains("apiTokens=<1 set>");
    }
  }

  @Test
  void aShortApiTokenStopsStartupNamingTheVariables() {
    assertThatThrownBy(() -> app("voice.edge.api-tokens=short").run().close())
        .satisfies(e -> assertThat(rootCause(e)).hasMessageContaining("WHATSAPP_API_TOKEN, GATEWAY_API_TOKEN")
            .hasMessageContaining("at least 16 characters"));
  }

  @Test
  void aTrustedProxyThatIsNotAnAddressStopsStartup() {
    assertThatThrownBy(() -> app("TRUSTED_PROXIES=nginx.internal").run().close())
        .satisfies(e -> assertThat(rootCause(e)).hasMessageContaining("TRUSTED_PROXIES")
            .hasMessageContaining("nginx.internal"));
  }
}
