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
    // voice.edge.rate-limits: /api/whatsapp/send 2 per minute and client in this context
    assertThat(send(asClientA("/api/whatsapp/send", "1")).statusCode()).isEqualTo(202);
    assertThat(send(asClientA("/api/whatsapp/send", "2")).statusCode()).isEqualTo(202);
    HttpResponse<String> third = send(asClientA("/api/whatsapp/send", "3"));
    assertThat(third.statusCode()).isEqualTo(429);
    long retryAfter = Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(1L, 60L);
  }

  @Test
  void pathsWithoutARuleAreNotLimited() throws Exception {
    // The configured list replaced the defaults, so the sibling path has no budget here.
    for (int i = 0; i < 5; i++) {
      assertThat(send(asClientA("/api/whatsapp/send-template", "" + i)).statusCode()).isEqualTo(202);
    }
  }

  private java.net.http.HttpRequest.Builder asClientA(String path, String value) {
    return postForm(port, path, Map.of("x", value)).header("Authorization", "Bearer " + EdgeAppTest.CLIENT_A);
  }
}
