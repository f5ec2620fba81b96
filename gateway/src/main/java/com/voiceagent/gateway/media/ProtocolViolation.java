package com.voiceagent.gateway.media;

import org.springframework.web.socket.CloseStatus;

/** The peer broke the Media Streams protocol: its socket is closed with {@link #closeStatus()}. */
public final class ProtocolViolation extends RuntimeException {
  private final CloseStatus closeStatus;

  public ProtocolViolation(CloseStatus closeStatus, String reason) {
    super(reason);
    this.closeStatus = closeStatus.withReason(reason.length() > 100 ? reason.substring(0, 100) : reason);
  }

  static ProtocolViolation invalidPayload(String reason) {
    return new ProtocolViolation(CloseStatus.BAD_DATA, reason);
  }

  static ProtocolViolation policy(String reason) {
    return new ProtocolViolation(CloseStatus.POLICY_VIOLATION, reason);
  }

  public CloseStatus closeStatus() {
    return closeStatus;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this; // expected, frequent under attack: the message says it all
  }
}
