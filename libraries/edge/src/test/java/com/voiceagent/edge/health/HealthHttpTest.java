package com.voiceagent.edge.health;

import static com.voiceagent.edge.EdgeHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.edge.EdgeAppTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@EdgeAppTest
class HealthHttpTest {
  @LocalServerPort int port;

  private HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)));
  }

  @Test
  void healthAnswers200() throws Exception {
    HttpResponse<String> response = get("/health");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"status\":\"UP\"");
  }

  @Test
  void readinessIs200WhenTheBrokerAnswers() throws Exception {
    HttpResponse<String> response = get("/health/ready");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"kafka\":\"UP\"");
  }
}
