package com.voiceagent.edge.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.voiceagent.edge.testapp.EdgeTestApp;
import com.voiceagent.twiliokit.TwilioSigner;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

class UnsafeSettingsHttpTest {
  static final String API_TOKEN = "unsafe-settings-api-token";

  /** Without a token (outside prod) the app starts, but the signed paths fail closed. */
  @Nested
  @SpringBootTest(classes = EdgeTestApp.class, properties =
      "spring.autoconfigure.exclude=org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
  @AutoConfigureMockMvc
  class WithoutToken {
    @Autowired MockMvc mvc;

    @Test
    void withoutATokenEverySignedPathIsRefused() throws Exception {
      String anySignature = TwilioSigner.sign("some-token", "http://localhost/webhook/whatsapp/status", Map.of("A", "1"));
      mvc.perform(post("/webhook/whatsapp/status").contentType(MediaType.APPLICATION_FORM_URLENCODED).param("A", "1")
          .header("X-Twilio-Signature", anySignature)).andExpect(status().isForbidden());
    }
  }

  /** Validation switched off in local development mode: unsigned callbacks pass, budgets still apply. */
  @Nested
  @SpringBootTest(classes = EdgeTestApp.class, properties = {
      "spring.autoconfigure.exclude=org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
      "voice.edge.local-development=true",
      "voice.edge.signature-validation=false",
      "voice.edge.api-tokens=" + UnsafeSettingsHttpTest.API_TOKEN,
      "voice.edge.rate-limits[0].path=/webhook/whatsapp/status",
      "voice.edge.rate-limits[0].per-minute=60",
      "voice.edge.rate-limits[1].path=/api/whatsapp/send*",
      "voice.edge.rate-limits[1].per-minute=30"})
  @AutoConfigureMockMvc
  class ValidationOff {
    @Autowired MockMvc mvc;

    @Test
    void withValidationSwitchedOffUnsignedCallbacksPassAndTheBudgetStillApplies() throws Exception {
      int budget = 60;
      for (int i = 0; i < budget; i++) {
        mvc.perform(post("/webhook/whatsapp/status").contentType(MediaType.APPLICATION_FORM_URLENCODED).param("i", "" + i))
            .andExpect(status().isOk());
      }
      // Refill is greedy (one token a second), so a token or two may have come back during the burst.
      var refused = firstRefusal("/webhook/whatsapp/status", 5);
      assertThat(refused.getHeader("Retry-After")).isNotBlank();
    }

    @Test
    void theSendApiBudgetOf30PerMinuteAppliesToTheClient() throws Exception {
      for (int i = 0; i < 30; i++) {
        mvc.perform(post("/api/whatsapp/send-template").header("Authorization", "Bearer " + API_TOKEN))
            .andExpect(status().isAccepted());
      }
      assertThat(firstRefusal("/api/whatsapp/send-template", 5).getStatus()).isEqualTo(429);
    }


    private org.springframework.mock.web.MockHttpServletResponse firstRefusal(String path, int attempts) throws Exception {
      for (int i = 0; i < attempts; i++) {
        var response = mvc.perform(post(path).contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .header("Authorization", "Bearer " + API_TOKEN)).andReturn().getResponse();
        if (response.getStatus() == 429) {
          return response;
        }
      }
      throw new AssertionError("no 429 within " + attempts + " requests past the budget of " + path);
    }
  }
}
