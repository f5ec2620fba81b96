package com.voiceagent.gateway.media;

import com.voiceagent.gateway.call.CallOutput;
import com.voiceagent.gateway.call.CallSession;
import com.voiceagent.gateway.call.CallSessions;
import com.voiceagent.gateway.token.StreamTokens;
import com.voiceagent.platform.CallContext;
import io.github.bucket4j.Bucket;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One Twilio media-stream socket: enforces the protocol's order and identity rules (start first, one
 * streamSid, a valid token, a message budget) and forwards well-formed events to its {@link CallSession}.
 * Everything here runs on the socket's receive thread except the {@link CallOutput} methods, which the
 * call's outbound lane calls.
 */
final class StreamConnection implements CallOutput {
  private static final Logger log = LoggerFactory.getLogger(StreamConnection.class);
  /** The custom parameter our TwiML gives each stream: proof that the stream belongs to the callSid. */
  static final String TOKEN_PARAMETER = "token";

  private final WebSocketSession socket;
  private final TwilioWire wire;
  private final StreamTokens tokens;
  private final CallSessions calls;
  private final Bucket budget;
  private volatile CallSession call;
  private volatile String streamSid;
  private volatile String callSid;
  private volatile boolean closing;

  StreamConnection(WebSocketSession socket, TwilioWire wire, StreamTokens tokens, CallSessions calls, Bucket budget) {
    this.socket = socket;
    this.wire = wire;
    this.tokens = tokens;
    this.calls = calls;
    this.budget = budget;
  }

  void onText(String text) {
    if (closing) {
      return;
    }
    try (var ctx = CallContext.open(callSid)) {
      try {
        if (!budget.tryConsume(1)) {
          throw new ProtocolViolation(CloseStatus.POLICY_VIOLATION, "message flood");
        }
        handle(wire.parse(text));
      } catch (ProtocolViolation violation) {
        close(violation.closeStatus(), violation.getMessage());
      } catch (RuntimeException bug) {
        log.error("socket {}: failed to handle a message, closing", socket.getId(), bug);
        close(CloseStatus.SERVER_ERROR, "internal error");
      }
    }
  }

  /** Twilio sends JSON text only (its own error 31950 for binary): a binary frame is not Twilio. */
  void onBinary() {
    if (closing) {
      return;
    }
    try (var ctx = CallContext.open(callSid)) {
      close(CloseStatus.NOT_ACCEPTABLE, "binary frame (Media Streams is JSON text only)");
    }
  }

  private void handle(InboundEvent event) {
    if (event instanceof InboundEvent.Connected) {
      return;
    }
    if (event instanceof InboundEvent.Unknown unknown) {
      log.warn("socket {}: unknown event '{}' ignored", socket.getId(), unknown.event());
      return;
    }
    if (event instanceof InboundEvent.Start start) {
      start(start);
      return;
    }
    CallSession session = call;
    if (session == null) {
      throw ProtocolViolation.policy(kind(event) + " before start");
    }
    if (!session.streamSid().equals(event.streamSid())) {
      throw ProtocolViolation.policy("streamSid does not match the stream's");
    }
    switch (event) {
      case InboundEvent.Media media -> session.onMedia(media.timestampMs(), media.muLaw());
      case InboundEvent.Mark mark -> session.onMark(mark.name());
      case InboundEvent.Dtmf dtmf -> session.onDtmf(dtmf.digit());
      case InboundEvent.Stop stop -> {
        closing = true;
        calls.close(session, "Twilio sent stop");
        closeQuietly(CloseStatus.NORMAL);
      }
      default -> throw new IllegalStateException("unhandled " + event);
    }
  }

  private void start(InboundEvent.Start start) {
    if (call != null) {
      throw ProtocolViolation.policy("second start on one stream");
    }
    callSid = start.callSid();
    org.slf4j.MDC.put(CallContext.CALL_SID, callSid);
    if (!tokens.matches(start.callSid(), start.customParameters().get(TOKEN_PARAMETER))) {
      throw ProtocolViolation.policy("stream token does not match the callSid");
    }
    streamSid = start.streamSid();
    CallSession session = calls.open(start.callSid(), start.streamSid(), this)
        .orElseThrow(() -> ProtocolViolation.policy("this gateway already holds a stream for the call"));
    call = session;
    Map<String, String> parameters = new HashMap<>(start.customParameters());
    parameters.remove(TOKEN_PARAMETER); // a credential: it stays out of the topics
    session.started(parameters);
  }

  /** The socket is gone (either side closed it): end the call's session. */
  void closed(CloseStatus status) {
    closing = true;
    try (var ctx = CallContext.open(callSid)) {
      CallSession session = call;
      if (status.getCode() == CloseStatus.TOO_BIG_TO_PROCESS.getCode()) {
        log.warn("socket {} closed: message larger than the limit (close code 1009)", socket.getId());
      } else {
        log.info("socket {} closed ({})", socket.getId(), status);
      }
      if (session != null) {
        calls.close(session, "socket closed " + status.getCode());
      }
    }
  }

  private void close(CloseStatus status, String reason) {
    closing = true;
    log.warn("closing socket {} (stream {}): {} (close code {})", socket.getId(), streamSid, reason, status.getCode());
    CallSession session = call;
    if (session != null) {
      calls.close(session, reason);
    }
    closeQuietly(status);
  }

  private void closeQuietly(CloseStatus status) {
    try {
      socket.close(status);
    } catch (IOException | RuntimeException e) {
      log.debug("close of socket {} failed: {}", socket.getId(), e.toString());
    }
  }

  private static String kind(InboundEvent event) {
    return event.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public void sendAudio(byte[] muLaw) throws IOException {
    socket.sendMessage(new TextMessage(wire.media(streamSid, muLaw)));
  }

  @Override
  public void sendMark(String name) throws IOException {
    socket.sendMessage(new TextMessage(wire.mark(streamSid, name)));
  }

  @Override
  public void sendClear() throws IOException {
    socket.sendMessage(new TextMessage(wire.clear(streamSid)));
  }

  @Override
  public void hangUp(String reason) {
    try (var ctx = CallContext.open(callSid)) {
      log.info("closing media stream {}: {}", streamSid, reason);
      closing = true;
      closeQuietly(CloseStatus.NORMAL);
    }
  }
}
