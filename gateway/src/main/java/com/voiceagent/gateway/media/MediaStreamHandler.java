package com.voiceagent.gateway.media;

import com.voiceagent.gateway.GatewayProperties;
import com.voiceagent.gateway.call.CallSessions;
import com.voiceagent.gateway.token.StreamTokens;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * The generic WebSocket side of {@code /ws/twilio-media}: one {@link StreamConnection} per socket, binary
 * frames refused (Twilio sends only text), sends through a decorator that bounds time and memory per
 * socket so one stuck peer can never hold a thread.
 */
final class MediaStreamHandler extends AbstractWebSocketHandler {
  private static final Logger log = LoggerFactory.getLogger(MediaStreamHandler.class);

  private final Map<String, StreamConnection> connections = new ConcurrentHashMap<>();
  private final GatewayProperties properties;
  private final TwilioWire wire;
  private final StreamTokens tokens;
  private final CallSessions calls;

  MediaStreamHandler(GatewayProperties properties, TwilioWire wire, StreamTokens tokens, CallSessions calls) {
    this.properties = properties;
    this.wire = wire;
    this.tokens = tokens;
    this.calls = calls;
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession session) {
    int perSecond = properties.inbound().floodLimitPerSecond();
    // Burst of one second's budget: Twilio delivers media in bursts after network hiccups.
    Bucket budget = Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
        .build();
    var outbound = new ConcurrentWebSocketSessionDecorator(session,
        (int) properties.outbound().sendTimeLimit().toMillis(), (int) properties.outbound().bufferLimit().toBytes(),
        ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
    connections.put(session.getId(), new StreamConnection(outbound, wire, tokens, calls, budget));
    log.debug("socket {} opened", session.getId());
  }

  @Override
  protected void handleTextMessage(WebSocketSession session, TextMessage message) {
    StreamConnection connection = connections.get(session.getId());
    if (connection != null) {
      connection.onText(message.getPayload());
    }
  }

  @Override
  protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
    StreamConnection connection = connections.get(session.getId());
    if (connection != null) {
      connection.onBinary();
    }
  }

  @Override
  protected void handlePongMessage(WebSocketSession session, PongMessage message) {
    // keep-alive answer: nothing to do
  }

  @Override
  public void handleTransportError(WebSocketSession session, Throwable exception) {
    log.info("socket {} transport error: {}", session.getId(), exception.toString());
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
    StreamConnection connection = connections.remove(session.getId());
    if (connection != null) {
      connection.closed(status);
    }
  }
}
