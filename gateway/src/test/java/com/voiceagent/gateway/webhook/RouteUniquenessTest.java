package com.voiceagent.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;
import org.springframework.web.socket.sockjs.support.SockJsHttpRequestHandler;

/** One registration per route in the whole gateway: controllers and WebSocket endpoints together. */
class RouteUniquenessTest extends WebhookTestBase {
  private static final Logger log = LoggerFactory.getLogger(RouteUniquenessTest.class);

  @Autowired ApplicationContext context;

  List<RouteMap.Route> routes() {
    List<RouteMap.Route> routes = new ArrayList<>();
    for (RequestMappingHandlerMapping mapping : context.getBeansOfType(RequestMappingHandlerMapping.class).values()) {
      for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
        RequestMappingInfo info = entry.getKey();
        List<String> methods = info.getMethodsCondition().getMethods().isEmpty() ? List.of("ANY")
            : info.getMethodsCondition().getMethods().stream().map(Enum::name).toList();
        for (String pattern : info.getPatternValues()) {
          for (String method : methods) {
            routes.add(new RouteMap.Route(method, pattern, conditions(info), entry.getValue().toString()));
          }
        }
      }
    }
    for (AbstractUrlHandlerMapping mapping : context.getBeansOfType(AbstractUrlHandlerMapping.class).values()) {
      mapping.getHandlerMap().forEach((pattern, handler) -> {
        if (handler instanceof WebSocketHttpRequestHandler || handler instanceof SockJsHttpRequestHandler) {
          // An upgrade is a GET: it collides with any GET (or any-method) controller on the same path.
          routes.add(new RouteMap.Route("GET", pattern, "websocket " + handler));
        }
      });
    }
    return routes;
  }

  private static String conditions(RequestMappingInfo info) {
    StringBuilder conditions = new StringBuilder();
    if (!info.getProducesCondition().isEmpty()) conditions.append("produces").append(info.getProducesCondition());
    if (!info.getConsumesCondition().isEmpty()) conditions.append("consumes").append(info.getConsumesCondition());
    if (!info.getParamsCondition().isEmpty()) conditions.append("params").append(info.getParamsCondition());
    if (!info.getHeadersCondition().isEmpty()) conditions.append("headers").append(info.getHeadersCondition());
    return conditions.toString();
  }

  @Test
  void everyRouteOfTheGatewayIsRegisteredOnce() {
    List<RouteMap.Route> routes = routes();
    routes.forEach(route -> log.info("route {}", route));
    assertThat(routes).extracting(r -> r.method() + " " + r.pattern()).contains(
        "POST /webhook/incoming_call", "POST /webhook/call_status", "POST /webhook/handle_recording",
        "POST /webhook/stream_status", "POST /webhook/transfer_ended", "GET /api/calls/{callSid}/status", "GET /health", "GET /health/ready",
        "GET /ws/twilio-media");
    assertThat(RouteMap.conflicts(routes)).as("conflicting routes").isEmpty();
  }

  @Test
  void theRouteCheckFindsDuplicatesAndConflicts() {
    List<String> conflicts = RouteMap.conflicts(List.of(
        new RouteMap.Route("POST", "/webhook/call_status", "a"),
        new RouteMap.Route("POST", "/webhook/call_status", "b"),
        new RouteMap.Route("GET", "/api/calls/{callSid}/status", "c"),
        new RouteMap.Route("GET", "/api/calls/{id}/status", "d"),
        new RouteMap.Route("ANY", "/ws/twilio-media", "e"),
        new RouteMap.Route("GET", "/ws/twilio-media", "websocket"),
        new RouteMap.Route("POST", "/health", "f"),
        new RouteMap.Route("GET", "/health", "g"),
        new RouteMap.Route("ANY", "/error", "", "json"),
        new RouteMap.Route("ANY", "/error", "produces[text/html]", "html"),
        new RouteMap.Route("POST", "/webhook/x", "consumes[application/json]", "h"),
        new RouteMap.Route("POST", "/webhook/x", "consumes[application/json]", "i")));
    assertThat(conflicts).hasSize(4);
  }
}
