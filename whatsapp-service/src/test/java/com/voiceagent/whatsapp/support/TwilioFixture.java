package com.voiceagent.whatsapp.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Twilio's REST API as a local fixture (WireMock): POST /2010-04-01/Accounts/{sid}/Messages.json answers
 * a realistic Message resource (a fresh SM sid, status queued) or Twilio's JSON error shape. One server per
 * JVM so that Spring test contexts (which carry its URL) can be cached.
 */
public final class TwilioFixture {
  public static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
  public static final String AUTH_TOKEN = "test-auth-token-12345";
  public static final String MESSAGES_PATH = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";

  private static WireMockServer server;

  private TwilioFixture() {}

  public static synchronized WireMockServer server() {
    if (server == null) {
      server = new WireMockServer(options().dynamicPort().globalTemplating(true));
      server.start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    }
    return server;
  }

  public static String baseUrl() {
    return server().baseUrl();
  }

  public static void reset() {
    server().resetAll();
  }

  /** Every message create answers 201 with a new SM sid and status queued, echoing To and From. */
  public static void acceptMessages() {
    server().stubFor(post(urlPathEqualTo(MESSAGES_PATH)).atPriority(5).willReturn(aResponse()
        .withStatus(201).withHeader("Content-Type", "application/json")
        .withBody(messageJson())));
  }

  static String messageJson() {
    // Handlebars (WireMock response templating): formData parses the request's form body.
    return """
        {{formData request.body 'form' urlDecode=true}}{"account_sid": "%s", "api_version": "2010-04-01",
         "body": "Sent from your Twilio trial account",
         "date_created": "Mon, 23 Nov 2026 01:00:00 +0000", "date_sent": null, "date_updated": "Mon, 23 Nov 2026 01:00:00 +0000",
         "direction": "outbound-api", "error_code": null, "error_message": null, "from": "{{form.From}}",
         "messaging_service_sid": null, "num_media": "0", "num_segments": "1", "price": null, "price_unit": null,
         "sid": "SM{{randomValue length=32 type='HEXADECIMAL'}}", "status": "queued",
         "subresource_uris": {"media": "/2010-04-01/Accounts/%s/Messages/SMxx/Media.json"},
         "to": "{{form.To}}", "uri": "/2010-04-01/Accounts/%s/Messages/SMxx.json"}
        """.formatted(ACCOUNT_SID, ACCOUNT_SID, ACCOUNT_SID);
  }

  /** Every message create fails with Twilio's error JSON. */
  public static void rejectMessages(int httpStatus, int code, String message) {
    server().stubFor(post(urlPathEqualTo(MESSAGES_PATH)).atPriority(1).willReturn(aResponse()
        .withStatus(httpStatus).withHeader("Content-Type", "application/json")
        .withBody("{\"code\": %d, \"message\": \"%s\", \"more_info\": \"https://www.twilio.com/docs/errors/%d\", \"status\": %d}"
            .formatted(code, message, code, httpStatus))));
  }

  /** The connection is dropped: what a network failure looks like to the SDK. */
  public static void dropConnections() {
    server().stubFor(post(urlPathEqualTo(MESSAGES_PATH)).atPriority(1).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
  }

  public static List<LoggedRequest> messageRequests() {
    return server().findAll(postRequestedFor(urlPathEqualTo(MESSAGES_PATH)));
  }

  /** Create requests for one recipient (whatsapp:+E164), each as its decoded form. */
  public static List<Map<String, String>> messagesTo(String to) {
    return messageRequests().stream().map(r -> form(r.getBodyAsString())).filter(f -> to.equals(f.get("To"))).toList();
  }

  public static Map<String, String> form(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return form;
  }
}
