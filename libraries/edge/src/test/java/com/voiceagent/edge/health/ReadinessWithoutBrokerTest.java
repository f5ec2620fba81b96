package com.voiceagent.edge.health;

import static com.voiceagent.edge.EdgeHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.edge.testapp.EdgeTestApp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The broker address points at a closed port: liveness stays 200, readiness says 503 and why. */
@SpringBootTest(classes = EdgeTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.kafka.bootstrap-servers=localhost:1",
    "voice.edge.readiness-timeout=500ms",
    "voice.edge.local-development=true",
    "voice.edge.signature-validation=false"})
class ReadinessWithoutBrokerTest {
  @LocalServerPort int port;

  @Test
  void readinessIs503WhenTheBrokerDoesNotAnswerWhileHealthStays200() throws Exception {
    HttpResponse<String> ready = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health/ready")));
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).contains("\"kafka\":\"DOWN");
    assertThat(send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health"))).statusCode()).isEqualTo(200);
  }
}
