package com.voiceagent.edge.testapp;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/** A small app standing in for gateway / whatsapp-service: generic Twilio-facing paths behind the edge. */
@SpringBootApplication
@EnableWebSocket
public class EdgeTestApp implements WebSocketConfigurer {
  static final Logger log = LoggerFactory.getLogger(EdgeTestApp.class);
  public static final String CONTROLLER_LOG_LINE = "test app handled";
  public static final AtomicInteger VOICE_ANSWERS = new AtomicInteger();
  public static final AtomicInteger VOICE_STATUS_HANDLED = new AtomicInteger();

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    registry.addHandler(new TextWebSocketHandler() {
      @Override
      public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        session.sendMessage(new TextMessage("hello"));
      }
    }, "/ws/twilio-media").setAllowedOrigins("*");
  }

  @RestController
  static class Endpoints {
    /** Echoes the form the controller received, proving the filter did not consume the body. */
    @PostMapping(path = "/webhook/whatsapp/incoming", produces = "text/plain;charset=UTF-8")
    String incoming(@RequestParam Map<String, String> form) {
      log.info(CONTROLLER_LOG_LINE + " {}", form.keySet());
      return "Body=" + form.get("Body");
    }

    @PostMapping("/webhook/whatsapp/status")
    ResponseEntity<Void> status() {
      return ResponseEntity.ok().build();
    }

    /** Like the gateway's incoming_call: answers with what a controller sees as the CallSid (Spring joins repeats). */
    @PostMapping(path = "/webhook/voice/incoming", produces = "text/plain;charset=UTF-8")
    String voiceIncoming(@RequestParam("CallSid") String callSid) {
      return "token for " + callSid + " #" + VOICE_ANSWERS.incrementAndGet();
    }

    /** Like a status callback: counts the times a controller ran. */
    @PostMapping("/webhook/voice/status")
    ResponseEntity<Void> voiceStatus() {
      VOICE_STATUS_HANDLED.incrementAndGet();
      return ResponseEntity.noContent().build();
    }

    @PostMapping({"/api/whatsapp/send", "/api/whatsapp/send-template"})
    ResponseEntity<Void> send() {
      return ResponseEntity.accepted().build();
    }

    @GetMapping("/open")
    String open() {
      log.info(CONTROLLER_LOG_LINE + " open");
      return "open";
    }
  }
}
