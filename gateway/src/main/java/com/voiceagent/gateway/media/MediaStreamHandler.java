package com.voiceagent.gateway.media;

import com.voiceagent.gateway.GatewayProperties;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * The generic WebSocket side of {@code /ws/twilio-media}: one {@link StreamConnection} per socket, at most
 * {@code max-sockets} of them, binary frames refused (Twilio sends only text), sends through a decorator
 * that bounds time and memory per socket so one stuck peer can never hold a thread.
 */
final class MediaStreamHandler extends AbstractWebSocketHandler implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(MediaStreamHandler.class);
  static final CloseStatus TRY_AGAIN_LATER = CloseStatus.SERVICE_OVERLOAD.withReason("too many media streams, try again later");

  private final Map<String, StreamConnection> connections = new ConcurrentHashMap<>();
  private final GatewayProperties properties;
  private final StreamConnection.Shared shared;
  /** One permit per socket this gateway takes; a socket without one is refused. */
  private final Semaphore sockets;
  private final RepeatedWarnings refusals;
  private final ScheduledExecutorService startDeadlines =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("media-start-deadlines").factory());

  MediaStreamHandler(GatewayProperties properties, StreamConnection.Shared shared) {
    this.properties = properties;
    this.shared = shared;
    this.sockets = new Semaphore(properties.inbound().maxSockets());
    this.refusals = new RepeatedWarnings(properties.inbound().warningInterval());
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession session) {
    GatewayProperties.Inbound inbound = properties.inbound();
    if (!sockets.tryAcquire()) {
      // Refused right after the handshake, with a close code a client can act on (1013: try again later).
      RepeatedWarnings.Admission line = refusals.admit("socket refused");
      if (line.write()) {
        log.warn("socket {} refused: {} media sockets are open, the most this gateway takes"
            + " (voice.gateway.inbound.max-sockets), close code 1013{}", session.getId(), inbound.maxSockets(), line.suffix());
      }
      try {
        session.close(TRY_AGAIN_LATER);
      } catch (IOException | RuntimeException e) {
        log.debug("close of refused socket {} failed: {}", session.getId(), e.toString());
      }
      return;
    }
    int perSecond = inbound.floodLimitPerSecond();
    // Burst of one second's budget: Twilio delivers media in bursts after network hiccups.
    Bucket budget = Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
        .build();
    var outbound = new ConcurrentWebSocketSessionDecorator(session,
        (int) properties.outbound().sendTimeLimit().toMillis(), (int) properties.outbound().bufferLimit().toBytes(),
        ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
    StreamConnection connection = new StreamConnection(outbound, shared, budget,
        new RepeatedWarnings(inbound.warningInterval()));
    connections.put(session.getId(), connection);
    connection.expectStartWithin(startDeadlines, inbound.startTimeout());
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
      sockets.release();
      connection.closed(status);
    }
  }

  /** Calls on this gateway's sockets now. */
  int callsHeld() {
    return (int) connections.values().stream().filter(StreamConnection::holdsCall).count();
  }

  /** Hands over the calls now at a turn boundary; returns how many calls remain. */
  int handOverAtTurnBoundaries() {
    connections.values().forEach(StreamConnection::handOverAtTurnBoundary);
    return callsHeld();
  }

  /** Hands over every call left, mid-turn if need be; returns how many there were. */
  int handOverNow() {
    int left = 0;
    for (StreamConnection connection : connections.values()) {
      if (connection.holdsCall()) {
        left++;
        connection.handOverNow();
      }
    }
    return left;
  }

  @Override
  public void destroy() {
    startDeadlines.shutdownNow();
  }
}
