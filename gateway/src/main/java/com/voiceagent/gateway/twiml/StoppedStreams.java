package com.voiceagent.gateway.twiml;

import com.voiceagent.gateway.GatewayProperties;
import com.voiceagent.gateway.token.CallLedger;
import com.voiceagent.gateway.token.StreamClaims;
import com.voiceagent.gateway.token.StreamEnd;
import com.voiceagent.gateway.twilio.CallControl;
import com.voiceagent.platform.CallContext;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The second way a call whose stream broke comes back. Twilio runs the TwiML's Redirect when our side closes
 * the socket; whether it also does when a gateway dies without closing it is not documented. So when Twilio
 * reports a stream stopped (or failed) for a call that goes on, and no new stream has claimed the call within
 * {@code voice.gateway.streams.resume-grace}, the call is re-pointed over the REST API to TwiML for a new
 * stream. A call whose stream was stopped on purpose, or that is over, is left alone.
 */
@Component
public class StoppedStreams implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(StoppedStreams.class);

  private final StreamClaims claims;
  private final StreamTwiml twiml;
  private final CallControl calls;
  private final Duration grace;
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("stopped-streams").daemon().factory());
  private final ExecutorService rest = Executors.newVirtualThreadPerTaskExecutor();

  StoppedStreams(StreamClaims claims, StreamTwiml twiml, CallControl calls, GatewayProperties properties) {
    this.claims = claims;
    this.twiml = twiml;
    this.calls = calls;
    this.grace = properties.streams().resumeGrace();
  }

  /** Twilio reported {@code streamSid} of the call stopped or failed; {@code base} is where Twilio reaches us. */
  public void stopped(String callSid, String accountSid, String streamSid, String base) {
    timers.schedule(() -> rest.execute(() -> resumeIfStalled(callSid, accountSid, streamSid, base)), grace.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void resumeIfStalled(String callSid, String accountSid, String streamSid, String base) {
    try (var ctx = CallContext.open(callSid)) {
      Optional<CallLedger.Entry> known = claims.find(callSid);
      if (known.isEmpty() || !Objects.equals(known.get().streamSid(), streamSid)) {
        return; // a newer stream holds the call (Twilio followed the Redirect), or nobody knows the call
      }
      CallLedger.Entry entry = known.get();
      if (entry.state() == CallLedger.Entry.State.COMPLETED
          || entry.state() == CallLedger.Entry.State.RELEASED && entry.lastEnd() == StreamEnd.STOPPED) {
        return;
      }
      switch (claims.resume(callSid, entry.tokenIssuedAt())) {
        case StreamClaims.Resume.Refused refused -> log.info("stream {} stopped and no new one came; not resumed: {}", streamSid,
            refused.reason());
        case StreamClaims.Resume.Allowed allowed -> {
          log.warn("stream {} stopped and Twilio did not follow the Redirect within {} ms: re-pointing the call over REST",
              streamSid, grace.toMillis());
          try {
            calls.update(callSid, twiml.connect(callSid, accountSid, base));
          } catch (Exception e) {
            log.warn("could not re-point the call over Twilio's REST API: {}", e.toString());
          }
        }
      }
    } catch (RuntimeException bug) {
      log.error("checking stopped stream {} failed", streamSid, bug);
    }
  }

  @Override
  public void destroy() {
    timers.shutdownNow();
    rest.shutdown();
  }
}
