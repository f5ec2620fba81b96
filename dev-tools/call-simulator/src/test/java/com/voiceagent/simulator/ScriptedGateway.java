package com.voiceagent.simulator;

import com.twilio.security.RequestValidator;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's side of Twilio's protocols, scripted for the simulator's tests: it validates the
 * signatures with twilio-java's RequestValidator, answers the webhook with real TwiML, and runs a real
 * WebSocket endpoint (Tomcat) that records every message and lets the test react to inbound frames.
 */
final class ScriptedGateway implements AutoCloseable {
  static final JsonMapper JSON = JsonMapper.builder().build();

  private final String authToken;
  private final Tomcat tomcat = new Tomcat();
  final List<JsonNode> received = new CopyOnWriteArrayList<>();
  volatile boolean webhookSignatureValid;
  volatile boolean webSocketSignatureValid;
  volatile String publicHost;
  private volatile Session session;
  private volatile String streamSid;
  private volatile BiConsumer<ScriptedGateway, JsonNode> onMessage = (g, m) -> { };

  ScriptedGateway(String authToken) throws LifecycleException, IOException {
    this.authToken = authToken;
    File base = Files.createTempDirectory("scripted-gateway").toFile();
    tomcat.setBaseDir(base.getAbsolutePath());
    tomcat.setPort(0);
    tomcat.getConnector();
    Context context = tomcat.addContext("", base.getAbsolutePath());
    Tomcat.addServlet(context, "webhook", new Webhook());
    context.addServletMappingDecoded("/webhook/incoming_call", "webhook");
    // Tomcat runs filters (the WebSocket upgrade is one) only for requests that map to some servlet.
    Tomcat.addServlet(context, "not-found", new HttpServlet() {
      @Override
      protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendError(404);
      }
    });
    context.addServletMappingDecoded("/", "not-found");
    context.addServletContainerInitializer(new WsSci(), null);
    context.addServletContainerInitializer((classes, servletContext) -> {
      ServerContainer container = (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
      try {
        container.addEndpoint(ServerEndpointConfig.Builder.create(MediaEndpoint.class, "/ws/twilio-media")
            .configurator(new SignatureCheck()).build());
      } catch (jakarta.websocket.DeploymentException e) {
        throw new IllegalStateException(e);
      }
    }, null);
    CURRENT = this;
    tomcat.start();
    publicHost = "calls.example.com";
  }

  /** Tomcat instantiates the endpoint; a test runs one gateway at a time. */
  private static volatile ScriptedGateway CURRENT;

  String address() {
    return "localhost:" + tomcat.getConnector().getLocalPort();
  }

  void onMessage(BiConsumer<ScriptedGateway, JsonNode> reaction) {
    this.onMessage = reaction;
  }

  long countOf(String event) {
    return received.stream().filter(m -> m.path("event").asString().equals(event)).count();
  }

  void sendMedia(byte[] muLaw) {
    send("{\"event\":\"media\",\"streamSid\":\"" + streamSid + "\",\"media\":{\"payload\":\""
        + Base64.getEncoder().encodeToString(muLaw) + "\"}}");
  }

  void sendMark(String name) {
    send("{\"event\":\"mark\",\"streamSid\":\"" + streamSid + "\",\"mark\":{\"name\":\"" + name + "\"}}");
  }

  void sendClear() {
    send("{\"event\":\"clear\",\"streamSid\":\"" + streamSid + "\"}");
  }

  void send(String text) {
    try {
      session.getBasicRemote().sendText(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }

  private final class Webhook extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
      Map<String, String> params = new HashMap<>();
      request.getParameterMap().forEach((k, v) -> params.put(k, v[0]));
      webhookSignatureValid = new RequestValidator(authToken).validate(
          "https://" + publicHost + "/webhook/incoming_call", params, request.getHeader("X-Twilio-Signature"));
      if (!webhookSignatureValid) {
        response.sendError(403);
        return;
      }
      response.setContentType("text/xml");
      response.getWriter().write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Connect>"
          + "<Stream url=\"wss://" + publicHost + "/ws/twilio-media\"><Parameter name=\"token\" value=\"call-token-1\"/>"
          + "</Stream></Connect></Response>");
    }
  }

  static final class SignatureCheck extends ServerEndpointConfig.Configurator {
    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
      ScriptedGateway gateway = CURRENT;
      List<String> signature = request.getHeaders().getOrDefault("x-twilio-signature", List.of());
      gateway.webSocketSignatureValid = signature.size() == 1 && new RequestValidator(gateway.authToken)
          .validate("wss://" + gateway.publicHost + "/ws/twilio-media", Map.of(), signature.getFirst());
    }
  }

  public static final class MediaEndpoint extends Endpoint {
    @Override
    public void onOpen(Session session, EndpointConfig config) {
      ScriptedGateway gateway = CURRENT;
      gateway.session = session;
      session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
        JsonNode message = JSON.readTree(text);
        gateway.received.add(message);
        if (message.path("event").asString().equals("start")) {
          gateway.streamSid = message.path("streamSid").asString();
        }
        gateway.onMessage.accept(gateway, message);
      });
    }
  }
}
