package com.voiceagent.edge.api;

import static com.voiceagent.edge.EdgeHttp.postForm;
import static com.voiceagent.edge.EdgeHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.edge.EdgeAppTest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The send API's budget (2 per minute and client in this context) can be spent only by the client it
 * belongs to: a stranger's requests are refused before they reach the rate limit.
 */
@EdgeAppTest
class ApiBudgetHttpTest {
  @LocalServerPort int port;

  @Test
  void thirtyUnauthenticatedRequestsAreRefusedAndLeaveEveryClientItsBudget() throws Exception {
    for (int i = 0; i < 30; i++) {
      HttpResponse<String> stranger = send(postForm(port, "/api/whatsapp/send", Map.of("i", "" + i))
          .header("Authorization", "Bearer not-a-client-token-" + i));
      assertThat(stranger.statusCode()).isEqualTo(401);
      assertThat(stranger.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    }
    HttpResponse<String> client = send(postForm(port, "/api/whatsapp/send", Map.of("x", "1"))
        .header("Authorization", "Bearer " + EdgeAppTest.CLIENT_B));
    assertThat(client.statusCode()).isEqualTo(202);
  }

  @Test
  void aClientThatSpentItsBudgetDoesNotSpendAnothers() throws Exception {
    int status = 0;
    for (int i = 0; i < 5 && status != 429; i++) {
      status = send(postForm(port, "/api/whatsapp/send", Map.of("i", "" + i))
          .header("Authorization", "Bearer " + EdgeAppTest.CLIENT_C)).statusCode();
    }
    assertThat(status).isEqualTo(429);
    HttpResponse<String> other = send(postForm(port, "/api/whatsapp/send", Map.of("x", "1"))
        .header("Authorization", "Bearer " + EdgeAppTest.CLIENT_B));
    assertThat(other.statusCode()).isEqualTo(202);
  }
}
