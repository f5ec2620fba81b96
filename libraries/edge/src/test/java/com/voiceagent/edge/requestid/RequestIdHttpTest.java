package com.voiceagent.edge.requestid;

import static com.voiceagent.edge.EdgeHttp.postForm;
import static com.voiceagent.edge.EdgeHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.voiceagent.edge.EdgeAppTest;
import com.voiceagent.edge.testapp.EdgeTestApp;
import com.voiceagent.twiliokit.TwilioSigner;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.web.server.LocalServerPort;

@EdgeAppTest
class RequestIdHttpTest {
  @LocalServerPort int port;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void capture() {
    appender.start();
    root.addAppender(appender);
  }

  @AfterEach
  void release() {
    root.detachAppender(appender);
  }

  private HttpResponse<String> getOpen(String requestId) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/open"));
    if (requestId != null) {
      request.header("X-Request-ID", requestId);
    }
    return send(request);
  }

  @Test
  void aValidRequestIdIsEchoedAndOnTheRequestsLogLines() throws Exception {
    HttpResponse<String> response = getOpen("req-abc.123:x");
    assertThat(response.headers().firstValue("X-Request-ID")).contains("req-abc.123:x");
    assertThat(linesWith(EdgeTestApp.CONTROLLER_LOG_LINE)).isNotEmpty()
        .anySatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("requestId", "req-abc.123:x"));
  }

  @Test
  void aMissingRequestIdIsGeneratedAndLogged() throws Exception {
    HttpResponse<String> response = getOpen(null);
    String generated = response.headers().firstValue("X-Request-ID").orElseThrow();
    assertThat(generated).matches("[0-9a-f-]{36}");
    assertThat(linesWith(EdgeTestApp.CONTROLLER_LOG_LINE))
        .anySatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("requestId", generated));
  }

  @Test
  void aMalformedRequestIdIsReplacedByAGeneratedOne() throws Exception {
    for (String bad : List.of("has space", "x".repeat(129), "evil\\nline", "ünïcode")) {
      String returned = getOpen(bad).headers().firstValue("X-Request-ID").orElseThrow();
      assertThat(returned).isNotEqualTo(bad).matches("[0-9a-f-]{36}");
    }
  }

  @Test
  void aRefusedWebhookIsLoggedWithItsRequestIdAndWithoutTokenOrSignature() throws Exception {
    String signature = TwilioSigner.sign("not-the-token", "http://localhost:" + port + "/webhook/whatsapp/status", Map.of("A", "1"));
    HttpResponse<String> response = send(postForm(port, "/webhook/whatsapp/status", Map.of("A", "1"))
        .header("X-Request-ID", "refused-1").header("X-Twilio-Signature", signature));
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("X-Request-ID")).contains("refused-1");
    List<ILoggingEvent> refusals = linesWith("refused POST /webhook/whatsapp/status");
    assertThat(refusals).hasSize(1);
    assertThat(refusals.getFirst().getMDCPropertyMap()).containsEntry("requestId", "refused-1");
    assertThat(appender.list).allSatisfy(e -> assertThat(e.getFormattedMessage())
        .doesNotContain(EdgeAppTest.TOKEN).doesNotContain(signature));
  }

  private List<ILoggingEvent> linesWith(String text) {
    return appender.list.stream().filter(e -> e.getFormattedMessage().contains(text)).toList();
  }
}
