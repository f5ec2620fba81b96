package com.voiceagent.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

/** No CONSOLE_API_TOKEN configured: the console is closed (503), never open, for scripts and browsers alike. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleWithoutTokenIT {
  private final HttpClient http = HttpClient.newHttpClient();
  private ConfigurableApplicationContext console;
  private String base;

  @BeforeAll
  void startWithoutToken() {
    // No broker either: the pages' answers must not wait for one (the follower retries in the background).
    console = TestConsole.start("--voice.console.kafka-bootstrap-servers=localhost:1", "--voice.edge.api-tokens=");
    base = TestConsole.address(console);
  }

  @AfterAll
  void stop() {
    console.close();
  }

  @Test
  void everyPageAndApiAnswers503AndTheLoginAcceptsNoToken() throws Exception {
    assertThat(get("/", "text/html", null).statusCode()).isEqualTo(503);
    assertThat(get("/calls/CA0", "text/html", null).statusCode()).isEqualTo(503);
    assertThat(get("/api/calls", "application/json", "Bearer any-token-of-sixteen-chars").statusCode()).isEqualTo(503);
    assertThat(get("/api/events", "text/event-stream", null).statusCode()).isEqualTo(503);
    HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("token=any-token-of-sixteen-chars")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(503);
    assertThat(login.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void aTokenShorterThanSixteenCharactersStopsTheStart() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestConsole.start(
        "--voice.console.kafka-bootstrap-servers=localhost:1", "--voice.edge.api-tokens=short").close())
        .rootCause().hasMessageContaining("at least 16 characters");
  }

  private HttpResponse<String> get(String path, String accept, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", accept);
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
