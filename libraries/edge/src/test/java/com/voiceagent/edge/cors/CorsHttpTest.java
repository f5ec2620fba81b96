package com.voiceagent.edge.cors;

import static com.voiceagent.edge.EdgeHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.edge.EdgeAppTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@EdgeAppTest
class CorsHttpTest {
  @LocalServerPort int port;

  private HttpResponse<String> preflight(String origin) throws Exception {
    return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/open"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin).header("Access-Control-Request-Method", "GET"));
  }

  @Test
  void aListedOriginIsAllowedByNameNeverByWildcard() throws Exception {
    for (String origin : new String[] {"https://app.example.com", "https://preview.example.com"}) {
      HttpResponse<String> response = preflight(origin);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains(origin);
    }
    HttpResponse<String> get = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/open"))
        .header("Origin", "https://app.example.com"));
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example.com");
  }

  @Test
  void anUnlistedOriginIsDenied() throws Exception {
    HttpResponse<String> response = preflight("https://evil.example.net");
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    HttpResponse<String> get = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/open"))
        .header("Origin", "https://evil.example.net"));
    assertThat(get.statusCode()).isEqualTo(403);
    assertThat(get.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void aWildcardOriginIsRejectedAsASetting() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CorsFilters.filter(java.util.List.of("*")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CORS_ALLOWED_ORIGINS");
  }

  @Test
  void browsersAreNotAskedForCredentialsAndOnlyTheApisMethodsAreAllowed() throws Exception {
    HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/whatsapp/send"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://app.example.com").header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization, content-type, idempotency-key"));
    assertThat(post.statusCode()).isEqualTo(200);
    assertThat(post.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    for (String method : new String[] {"PUT", "DELETE"}) {
      HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/whatsapp/send"))
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
          .header("Origin", "https://app.example.com").header("Access-Control-Request-Method", method));
      assertThat(refused.statusCode()).as(method).isEqualTo(403);
    }
  }
}
