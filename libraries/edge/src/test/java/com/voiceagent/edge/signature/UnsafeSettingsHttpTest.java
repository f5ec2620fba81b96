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

  /** Validation switched off explicitly (local development): unsigned callbacks pass, budgets still apply. */
  @Nested
  @SpringBootTest(classes = EdgeTestApp.class, properties = {
      "spring.autoconfigure.exclude=org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
      "voice.edge.signature-validation=false"})
  @AutoConfigureMockMvc
  class ValidationOff {
    @Autowired MockMvc mvc;

    @Test
    void withValidationSwitchedOffUnsignedCallbacksPassAndTheDefaultBudgetOf60PerMinuteApplies() throws Exception {
      for (int i = 0; i < 60; i++) {
        mvc.perform(post("/webhook/whatsapp/status").contentType(MediaType.APPLICATION_FORM_URLENCODED).param("i", "" + i))
            .andExpect(status().isOk());
      }
      // Refill is greedy (one token per second), so a token or two may have come back during the burst.
      var refused = firstRefusal("/webhook/whatsapp/status", 5);
      assertThat(refused.getHeader("Retry-After")).isNotBlank();
    }

    @Test
    void theDefaultBudgetOfTheSendApiIs30PerMinute() throws Exception {
      for (int i = 0; i < 30; i++) {
        mvc.perform(post("/api/whatsapp/send-template")).andExpect(status().isAccepted());
      }
      assertThat(firstRefusal("/api/whatsapp/send-template", 5).getStatus()).isEqualTo(429);
    }

    private org.springframework.mock.web.MockHttpServletResponse firstRefusal(String path, int attempts) throws Exception {
      for (int i = 0; i < attempts; i++) {
        var response = mvc.perform(post(path).contentType(MediaType.APPLICATION_FORM_URLENCODED)).andReturn().getResponse();
        if (response.getStatus() == 429) {
          return response;
        }
      }
      throw new AssertionError("no 429 within " + attempts + " requests past the budget of " + path);
    }
  }
}
