package com.voiceagent.gateway.media;

import com.voiceagent.gateway.call.CallOutput;
import com.voiceagent.gateway.call.CallSession;
import com.voiceagent.gateway.call.CallSessions;
import com.voiceagent.gateway.call.Opening;
import com.voiceagent.gateway.token.StreamAdmission;
import com.voiceagent.gateway.token.StreamEnd;
import com.voiceagent.gateway.token.StreamGrant;
import com.voiceagent.platform.CallContext;
import io.github.bucket4j.Bucket;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One Twilio media-stream socket: enforces the protocol's order and identity rules (start first and soon,
 * one streamSid, an admitted token, a message budget, audio no faster than real time) and forwards
 * well-formed events to its {@link CallSession}. Everything here runs on the socket's receive thread except
 * the {@link CallOutput} methods, which the call's outbound lane calls, and the start deadline.
 */
final class StreamConnection implements CallOutput {
  private static final Logger log = LoggerFactory.getLogger(StreamConnection.class);
  /** The custom parameter our TwiML gives each stream: proof that the stream belongs to the callSid. */
  static final String TOKEN_PARAMETER = "token";

  /**
   * What every socket of this gateway shares.
   *
   * @param frameDelay told, for every media frame, how many ms later than the call's best-timed frame it was handled
   */
  record Shared(TwilioWire wire, StreamAdmission admission, CallSessions calls, Clock clock, Duration maxAudioAhead,
      LongConsumer frameDelay) {}

  private final WebSocketSession socket;
  private final Shared shared;
  private final Bucket budget;
  private final RepeatedWarnings warnings;
  /** Guards opening and ending the call, which the receive thread and the start deadline may race for. */
  private final Object lifecycle = new Object();
  private volatile CallSession call;
  private volatile StreamGrant grant;
  private volatile String streamSid;
  private volatile String callSid;
  private volatile boolean closing;
  private volatile Future<?> startDeadline;
  private RealTimeAudio audio; // receive thread only

  StreamConnection(WebSocketSession socket, Shared shared, Bucket budget, RepeatedWarnings warnings) {
    this.socket = socket;
    this.shared = shared;
    this.budget = budget;
    this.warnings = warnings;
  }

  /**
   * A socket that passed the upgrade but sends no {@code start} holds a slot and a thread's attention
   * while proving nothing ({@code connected} messages keep it from going idle): it is closed once
   * {@code timeout} passes without one.
   */
  void expectStartWithin(ScheduledExecutorService scheduler, Duration timeout) {
    // The close may wait on a stuck peer: it runs on a virtual thread, never on the scheduler's.
    startDeadline = scheduler.schedule(() -> Thread.ofVirtual().name("start-deadline").start(() -> startDeadlinePassed(timeout)),
        timeout.toMillis(), TimeUnit.MILLISECONDS);
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
        handle(shared.wire().parse(text));
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
      RepeatedWarnings.Admission line = warnings.admit("unknown event");
      if (line.write()) {
        log.warn("socket {}: unknown event '{}' ignored{}", socket.getId(), unknown.event(), line.suffix());
      }
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
      case InboundEvent.Media media -> {
        long now = shared.clock().millis();
        if (!audio.accept(media.muLaw().length, now)) {
          // Decision: close the socket rather than drop the excess. Twilio streams a live call, so audio
          // far ahead of the wall clock is not Twilio's (a replay, or audio pushed to be transcribed for
          // free); dropping would keep the socket open for more of it and hand the endpointer a torn stream.
          throw ProtocolViolation.policy("audio runs " + audio.aheadMs(now) + " ms ahead of real time (at most "
              + shared.maxAudioAhead().toMillis() + " ms)");
        }
        shared.frameDelay().accept(audio.lastLateMs());
        session.onMedia(media.timestampMs(), media.muLaw());
      }
      case InboundEvent.Mark mark -> session.onMark(mark.name());
      // The key itself is never logged: callers key in ID and card numbers.
      case InboundEvent.Dtmf dtmf -> session.onDtmf(dtmf.digit());
      case InboundEvent.Stop stop -> {
        endCall("Twilio sent stop", StreamEnd.STOPPED);
        closeQuietly(CloseStatus.NORMAL);
      }
      default -> throw new IllegalStateException("unhandled " + event);
    }
  }

  private void start(InboundEvent.Start start) {
    // The caller's audio clock runs from here: Twilio keeps streaming while the claim below waits for the calls
    // ledger (up to its claim timeout), and that audio is the caller speaking, not audio ahead of real time.
    long startedAtMs = shared.clock().millis();
    synchronized (lifecycle) {
      if (closing) {
        return;
      }
      if (call != null) {
        throw ProtocolViolation.policy("second start on one stream");
      }
      // TwilioWire let only Twilio-formatted ids through: safe in the log context.
      callSid = start.callSid();
      MDC.put(CallContext.CALL_SID, callSid);
      StreamAdmission.Decision decision = shared.admission().admit(start.callSid(), start.accountSid(), start.streamSid(),
          start.customParameters().get(TOKEN_PARAMETER));
      if (decision instanceof StreamAdmission.Decision.Refused refused) {
        throw ProtocolViolation.policy(refused.reason());
      }
      StreamAdmission.Decision.Admitted admittedCall = (StreamAdmission.Decision.Admitted) decision;
      StreamGrant admitted = admittedCall.grant();
      String admittedStream = start.streamSid();
      Opening opening = new Opening(admittedCall.lastTurn(), admittedCall.resumedAfter(),
          turn -> shared.admission().turnPublished(admitted, admittedStream, turn));
      Optional<CallSession> opened = shared.calls().open(start.callSid(), start.streamSid(), opening, this);
      if (opened.isEmpty()) {
        shared.admission().ended(admitted, admittedStream, StreamEnd.STOPPED, admittedCall.lastTurn());
        throw ProtocolViolation.policy("this gateway already holds a stream for the call");
      }
      grant = admitted;
      streamSid = start.streamSid();
      audio = new RealTimeAudio(startedAtMs, shared.maxAudioAhead());
      call = opened.get();
      Map<String, String> parameters = new HashMap<>(start.customParameters());
      parameters.remove(TOKEN_PARAMETER); // a credential: it stays out of the topics
      // Under the lock, so STREAM_STARTED always precedes the STREAM_STOPPED of a close racing this start.
      call.started(parameters);
    }
    cancelStartDeadline();
  }

  private void startDeadlinePassed(Duration timeout) {
    synchronized (lifecycle) {
      if (call != null || closing) {
        return;
      }
    }
    try (var ctx = CallContext.open(callSid)) {
      close(CloseStatus.POLICY_VIOLATION, "no start within " + timeout.toMillis() + " ms");
    }
  }

  /** The socket is gone (either side closed it): end the call's session. */
  void closed(CloseStatus status) {
    cancelStartDeadline();
    try (var ctx = CallContext.open(callSid)) {
      if (status.getCode() == CloseStatus.TOO_BIG_TO_PROCESS.getCode()) {
        log.warn("socket {} closed: message larger than the limit (close code 1009)", socket.getId());
      } else {
        log.info("socket {} closed ({})", socket.getId(), status);
      }
      // Twilio's stop came first when the call ended; a socket that closes without it broke (or its peer did).
      endCall("socket closed " + status.getCode(), StreamEnd.LOST);
    }
  }

  private void close(CloseStatus status, String reason) {
    log.warn("closing socket {} (stream {}): {} (close code {})", socket.getId(), streamSid, reason, status.getCode());
    // Twilio follows the TwiML's Redirect after any close: the call may come back once, on a new token.
    endCall(reason, StreamEnd.LOST);
    closeQuietly(status);
  }

  /**
   * Hands the call to another gateway: the stream is released as DRAINED, then closed, and Twilio follows
   * the TwiML's Redirect to a live gateway. Only at a turn boundary, so nothing the caller says is lost.
   */
  boolean handOverAtTurnBoundary() {
    CallSession session = call;
    if (session == null || !session.atTurnBoundary()) {
      return false;
    }
    try (var ctx = CallContext.open(callSid)) {
      log.info("handing the call over to another gateway at a turn boundary (this gateway is stopping)");
      endCall("handed over: this gateway is stopping", StreamEnd.DRAINED);
      closeQuietly(CloseStatus.NORMAL.withReason("gateway draining"));
    }
    return true;
  }

  /** Hands the call over now, mid-turn: it resumes elsewhere with the lost-turn phrase. */
  void handOverNow() {
    try (var ctx = CallContext.open(callSid)) {
      endCall("handed over mid-turn: this gateway is stopping", StreamEnd.LOST);
      closeQuietly(CloseStatus.NORMAL.withReason("gateway stopping"));
    }
  }

  /** Whether a call is on this socket (not yet ended). */
  boolean holdsCall() {
    return call != null && !closing;
  }

  /** Ends the call (once, whoever asks first) and frees its claim, so Twilio may reconnect it with a new token. */
  private void endCall(String why, StreamEnd reason) {
    CallSession session;
    StreamGrant claimed;
    synchronized (lifecycle) {
      closing = true;
      session = call;
      claimed = grant;
      grant = null;
    }
    int lastTurn = session == null ? 0 : shared.calls().close(session, why, reason);
    if (claimed != null) {
      shared.admission().ended(claimed, streamSid, reason, lastTurn);
    }
  }

  private void cancelStartDeadline() {
    Future<?> deadline = startDeadline;
    if (deadline != null) {
      deadline.cancel(false);
    }
  }

  private void closeQuietly(CloseStatus status) {
    try {
      socket.close(status);
    } catch (IOException | RuntimeException e) {
      log.debug("close of socket {} failed: {}", socket.getId(), e.toString());
    }
  }

  private static String kind(InboundEvent event) {
    return event.getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }

  @Override
  public void sendAudio(byte[] muLaw) throws IOException {
    socket.sendMessage(new TextMessage(shared.wire().media(streamSid, muLaw)));
  }

  @Override
  public void sendMark(String name) throws IOException {
    socket.sendMessage(new TextMessage(shared.wire().mark(streamSid, name)));
  }

  @Override
  public void sendClear() throws IOException {
    socket.sendMessage(new TextMessage(shared.wire().clear(streamSid)));
  }

  @Override
  public void hangUp(String reason) {
    try (var ctx = CallContext.open(callSid)) {
      log.info("closing media stream {}: {}", streamSid, reason);
      // Released as STOPPED first: Twilio follows the TwiML's Redirect once the socket closes, and the call must
      // not come back on a new stream.
      endCall(reason, StreamEnd.STOPPED);
      closeQuietly(CloseStatus.NORMAL);
    }
  }
}
