package com.voiceagent.edge.ratelimit;

import static com.voiceagent.edge.EdgeHttp.postForm;
import static com.voiceagent.edge.EdgeHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.edge.EdgeAppTest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@EdgeAppTest
class RateLimitHttpTest {
  @LocalServerPort int port;

  @Test
  void overTheBudgetTheSendApiAnswers429WithRetryAfter() throws Exception {
    // voice.edge.rate-limits: /api/whatsapp/send 2 per minute in this context
    assertThat(send(postForm(port, "/api/whatsapp/send", Map.of("x", "1"))).statusCode()).isEqualTo(202);
    assertThat(send(postForm(port, "/api/whatsapp/send", Map.of("x", "2"))).statusCode()).isEqualTo(202);
    HttpResponse<String> third = send(postForm(port, "/api/whatsapp/send", Map.of("x", "3")));
    assertThat(third.statusCode()).isEqualTo(429);
    long retryAfter = Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(1L, 60L);
  }

  @Test
  void pathsWithoutARuleAreNotLimited() throws Exception {
    // The configured list replaced the defaults, so the sibling path has no budget here.
    for (int i = 0; i < 5; i++) {
      assertThat(send(postForm(port, "/api/whatsapp/send-template", Map.of("i", "" + i))).statusCode()).isEqualTo(202);
    }
  }
}
