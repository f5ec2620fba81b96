package com.voiceagent.gateway.twilio;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for api.twilio.com's Call resource: records each request and answers the way Twilio
 * does (a Call JSON), so twilio-java parses a real response.
 */
public final class TwilioRestFixture {
  public static final String ACCOUNT_SID = "AC00000000000000000000000000000000";

  public record Received(String method, String path, Map<String, String> form, String authorization) {}

  private final HttpServer server;
  private final List<Received> requests = new CopyOnWriteArrayList<>();

  private TwilioRestFixture(HttpServer server) {
    this.server = server;
  }

  public static TwilioRestFixture start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      TwilioRestFixture fixture = new TwilioRestFixture(server);
      server.createContext("/", exchange -> {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
          body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String path = exchange.getRequestURI().getPath();
        fixture.requests.add(new Received(exchange.getRequestMethod(), path, parse(body),
            exchange.getRequestHeaders().getFirst("Authorization")));
        String callSid = path.replaceAll(".*/Calls/([^/]+)\\.json$", "$1");
        byte[] json = ("{\"sid\":\"" + callSid + "\",\"account_sid\":\"" + ACCOUNT_SID + "\",\"status\":\"completed\","
            + "\"api_version\":\"2010-04-01\",\"direction\":\"inbound\",\"from\":\"+14155550100\",\"to\":\"+97235550100\","
            + "\"date_created\":\"Mon, 23 Nov 2026 01:00:00 +0000\",\"uri\":\"/2010-04-01/Accounts/" + ACCOUNT_SID
            + "/Calls/" + callSid + ".json\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(json);
        }
      });
      server.start();
      return fixture;
    } catch (IOException e) {
      throw new IllegalStateException("fixture could not start", e);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Received> requests() {
    return requests;
  }

  public void stop() {
    server.stop(0);
  }

  private static Map<String, String> parse(String form) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : form.split("&")) {
      if (!pair.isEmpty()) {
        String[] kv = pair.split("=", 2);
        fields.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      }
    }
    return fields;
  }
}
