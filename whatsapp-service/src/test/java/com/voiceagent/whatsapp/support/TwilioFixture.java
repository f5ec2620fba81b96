package com.voiceagent.whatsapp.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Twilio's REST API as a local fixture (WireMock): POST /2010-04-01/Accounts/{sid}/Messages.json answers
 * a realistic Message resource (a fresh SM sid, status queued) or Twilio's JSON error shape; GET of the
 * same path lists, like Twilio, the messages this fixture accepted (since the last reset), filtered by
 * To, From and DateSent&gt;, newest first. One server per JVM so that Spring test contexts (which carry
 * its URL) can be cached.
 */
public final class TwilioFixture {
  public static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
  public static final String AUTH_TOKEN = "test-auth-token-12345";
  public static final String MESSAGES_PATH = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";

  private static WireMockServer server;

  private TwilioFixture() {}

  public static synchronized WireMockServer server() {
    if (server == null) {
      server = new WireMockServer(options().dynamicPort().globalTemplating(true).extensions(new MessageList()));
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

  /**
   * Every message create answers 201 with a new SM sid and status queued, echoing To and From; the list
   * call answers the messages accepted so far.
   */
  public static void acceptMessages() {
    server().stubFor(post(urlPathEqualTo(MESSAGES_PATH)).atPriority(5).willReturn(aResponse()
        .withStatus(201).withHeader("Content-Type", "application/json")
        .withBody(messageJson())));
    server().stubFor(get(urlPathEqualTo(MESSAGES_PATH)).atPriority(5).willReturn(aResponse()
        .withTransformers(MessageList.NAME)));
  }

  /** The list call fails with Twilio's error JSON (creates are unaffected). */
  public static void failMessageLists(int httpStatus, int code, String message) {
    server().stubFor(get(urlPathEqualTo(MESSAGES_PATH)).atPriority(1).willReturn(aResponse()
        .withStatus(httpStatus).withHeader("Content-Type", "application/json")
        .withBody("{\"code\": %d, \"message\": \"%s\", \"more_info\": \"https://www.twilio.com/docs/errors/%d\", \"status\": %d}"
            .formatted(code, message, code, httpStatus))));
  }

  /** The list calls received (Message.reader), e.g. to check a lookup happened before a re-send. */
  public static List<LoggedRequest> listRequests() {
    return server().findAll(getRequestedFor(urlPathEqualTo(MESSAGES_PATH)));
  }

  /** List calls asking about one recipient (whatsapp:+E164). */
  public static List<LoggedRequest> listRequestsFor(String to) {
    return listRequests().stream().filter(r -> r.queryParameter("To").isPresent() && to.equals(r.queryParameter("To").firstValue())).toList();
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

  /** The SIDs this fixture answered to creates for one recipient (whatsapp:+E164), oldest first. */
  public static List<String> acceptedSidsTo(String to) {
    JsonMapper json = JsonMapper.builder().build();
    return server().getAllServeEvents().stream()
        .filter(event -> event.getRequest().getMethod().getName().equals("POST") && event.getResponse() != null
            && event.getResponse().getStatus() == 201 && to.equals(form(event.getRequest().getBodyAsString()).get("To")))
        .sorted(Comparator.comparing((ServeEvent event) -> event.getRequest().getLoggedDate()))
        .map(event -> json.readTree(event.getResponse().getBodyAsString()).get("sid").asString())
        .toList();
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

  /**
   * Answers GET Messages.json from the request journal: each 201 answer to a create is a message Twilio
   * holds (date_created/date_sent = when the create arrived), so a lookup sees exactly what was accepted.
   */
  static final class MessageList implements ResponseDefinitionTransformerV2 {
    static final String NAME = "twilio-message-list";
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final DateTimeFormatter RFC_2822 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    @Override
    public ResponseDefinition transform(ServeEvent request) {
      String to = param(request, "To");
      String from = param(request, "From");
      Instant sentAfter = instant(param(request, "DateSent>"));
      ArrayNode messages = json.createArrayNode();
      server().getAllServeEvents().stream()
          .filter(event -> event.getRequest().getMethod().getName().equals("POST") && event.getResponse() != null
              && event.getResponse().getStatus() == 201 && event.getRequest().getUrl().startsWith(MESSAGES_PATH))
          .sorted(Comparator.comparing((ServeEvent event) -> event.getRequest().getLoggedDate()).reversed())
          .forEach(event -> {
            Map<String, String> form = form(event.getRequest().getBodyAsString());
            Instant created = event.getRequest().getLoggedDate().toInstant();
            if ((to != null && !to.equals(form.get("To"))) || (from != null && !from.equals(form.get("From")))
                || (sentAfter != null && created.isBefore(sentAfter))) {
              return;
            }
            JsonNode answered = json.readTree(event.getResponse().getBodyAsString());
            String date = RFC_2822.format(created.atOffset(ZoneOffset.UTC));
            ObjectNode message = messages.addObject();
            message.put("account_sid", ACCOUNT_SID);
            message.put("api_version", "2010-04-01");
            // A template's body is the rendered text; the fixture has no templates, so it names the ContentSid.
            message.put("body", form.getOrDefault("Body", "template " + form.get("ContentSid")));
            message.put("date_created", date);
            message.put("date_sent", date);
            message.put("date_updated", date);
            message.put("direction", "outbound-api");
            message.putNull("error_code");
            message.putNull("error_message");
            message.put("from", form.get("From"));
            message.putNull("messaging_service_sid");
            message.put("num_media", "0");
            message.put("num_segments", "1");
            message.putNull("price");
            message.putNull("price_unit");
            message.put("sid", answered.get("sid").asString());
            message.put("status", "sent");
            message.put("to", form.get("To"));
            message.put("uri", "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages/" + answered.get("sid").asString() + ".json");
          });
      ObjectNode page = json.createObjectNode();
      String uri = request.getRequest().getUrl();
      page.put("end", Math.max(0, messages.size() - 1));
      page.put("first_page_uri", uri);
      page.set("messages", messages);
      page.putNull("next_page_uri");
      page.put("page", 0);
      page.put("page_size", 50);
      page.putNull("previous_page_uri");
      page.put("start", 0);
      page.put("uri", uri);
      return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
          .withBody(json.writeValueAsString(page)).build();
    }

    private static String param(ServeEvent event, String name) {
      var value = event.getRequest().queryParameter(name);
      return value.isPresent() ? value.firstValue() : null;
    }

    /**
     * Twilio accepts a date (YYYY-MM-DD) or an ISO 8601 date-time, UTC when it has no offset (twilio-java
     * 13 sends 2026-11-23T02:15:16).
     */
    private static Instant instant(String value) {
      if (value == null || value.isBlank()) {
        return null;
      }
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException noOffset) {
        try {
          return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notADateTime) {
          return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
      }
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public String getName() {
      return NAME;
    }
  }
}
