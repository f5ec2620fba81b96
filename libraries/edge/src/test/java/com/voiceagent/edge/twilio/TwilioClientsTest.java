package com.voiceagent.edge.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real twilio-java request path, sent to a local HTTP fixture through TWILIO_API_BASE_URL. */
class TwilioClientsTest {
  record Received(String method, String path, String authorization, String contentType, String body) {}

  static final String SID = "AC00000000000000000000000000000001";
  static final String TOKEN = "fixture-token";
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private HttpServer fixture;

  @BeforeEach
  void startFixture() throws IOException {
    fixture = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fixture.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
          exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Content-Type"), body));
      String json = exchange.getRequestURI().getPath().contains("/Calls/")
          ? "{\"sid\":\"CA00000000000000000000000000000002\",\"account_sid\":\"" + SID + "\",\"status\":\"completed\"}"
          : "{\"sid\":\"SM00000000000000000000000000000003\",\"account_sid\":\"" + SID + "\",\"status\":\"queued\",\"body\":\"שלום\"}";
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(exchange.getRequestURI().getPath().contains("/Calls/") ? 200 : 201, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    fixture.start();
  }

  @AfterEach
  void stopFixture() {
    fixture.stop(0);
  }

  private String base() {
    return "http://127.0.0.1:" + fixture.getAddress().getPort();
  }

  @Test
  void endingACallGoesToTheFixtureWithTwiliosPathFormAndBasicAuth() {
    TwilioRestClient client = TwilioClients.create(SID, TOKEN, base());
    Call call = Call.updater("CA00000000000000000000000000000002").setStatus(Call.UpdateStatus.COMPLETED).update(client);
    assertThat(call.getStatus()).isEqualTo(Call.Status.COMPLETED);
    assertThat(received).hasSize(1);
    Received request = received.getFirst();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + SID + "/Calls/CA00000000000000000000000000000002.json");
    assertThat(request.body()).isEqualTo("Status=completed");
    assertThat(request.authorization()).isEqualTo("Basic " + Base64.getEncoder()
        .encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void sendingAWhatsAppMessageGoesToTheFixtureWithItsHebrewBody() {
    TwilioRestClient client = TwilioClients.create(SID, TOKEN, base() + "/");
    Message message = Message.creator(new PhoneNumber("whatsapp:+972501234567"), new PhoneNumber("whatsapp:+14155238886"), "שלום")
        .create(client);
    assertThat(message.getSid()).isEqualTo("SM00000000000000000000000000000003");
    Received request = received.getFirst();
    assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + SID + "/Messages.json");
    assertThat(URLDecoder.decode(request.body(), StandardCharsets.UTF_8))
        .contains("To=whatsapp:+972501234567").contains("From=whatsapp:+14155238886").contains("Body=שלום");
  }

  @Test
  void withoutABaseUrlTheClientKeepsTwiliosOwnHttpClient() {
    TwilioRestClient client = TwilioClients.create(SID, TOKEN, null);
    assertThat(client.getHttpClient()).isNotInstanceOf(BaseUrlHttpClient.class);
    assertThat(TwilioClients.create(SID, TOKEN, base()).getHttpClient()).isInstanceOf(BaseUrlHttpClient.class);
  }

  @Test
  void missingCredentialsAndBadBaseUrlsAreRefusedWithExactMessages() {
    assertThatThrownBy(() -> TwilioClients.create(" ", TOKEN, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("TWILIO_ACCOUNT_SID is required to build a Twilio REST client");
    assertThatThrownBy(() -> TwilioClients.create(SID, null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("TWILIO_AUTH_TOKEN is required to build a Twilio REST client");
    assertThatThrownBy(() -> TwilioClients.create(SID, TOKEN, "ftp://x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("TWILIO_API_BASE_URL must be http(s)://host[:port], was 'ftp://x'");
  }
}
