package com.voiceagent.gateway.call;

import com.voiceagent.audio.Endpointer;
import com.voiceagent.audio.EndpointerConfig;
import com.voiceagent.gateway.GatewayProperties;
import com.voiceagent.gateway.twilio.CallControl;
import java.time.Clock;
import com.voiceagent.gateway.token.StreamEnd;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/** The calls this gateway instance holds, by callSid: the reply-audio consumer finds its call here. */
@Component
public class CallSessions implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(CallSessions.class);

  private final Map<String, CallSession> calls = new ConcurrentHashMap<>();
  private final GatewayProperties properties;
  private final EndpointerConfig endpointerConfig;
  private final CallEvents events;
  private final CallControl callControl;
  private final Clock clock;
  private final Phrases phrases;
  private final CallTransfer transfer;
  private final ExecutorService blockingWork = Executors.newVirtualThreadPerTaskExecutor();
  /** Holding-phrase timers: they only queue work, so one thread serves every call. */
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("call-timers").daemon().factory());

  CallSessions(GatewayProperties properties, CallEvents events, CallControl callControl, Clock clock, Phrases phrases,
      CallTransfer transfer) {
    this.transfer = transfer;
    this.properties = properties;
    GatewayProperties.Endpoint endpoint = properties.endpoint();
    // Built here so a bad combination (min speech longer than max utterance) fails at startup.
    this.endpointerConfig = EndpointerConfig.defaults().withEndSilence(endpoint.endSilence())
        .withMaxUtterance(endpoint.maxUtterance()).withMinSpeech(endpoint.minSpeech()).withPreRoll(endpoint.preRoll())
        .withSustainedSpeech(endpoint.bargeInMinSpeech()).withSpeculativeSilence(endpoint.speculativeSilence());
    log.info("endpointer: end of turn after {} ms of silence, speculative turns {}", endpoint.endSilence().toMillis(),
        endpointerConfig.speculativeTurnsEnabled()
            ? "at " + endpoint.speculativeSilence().toMillis() + " ms" : "off");
    this.events = events;
    this.callControl = callControl;
    this.clock = clock;
    this.phrases = phrases;
  }

  /** Opens a call; empty when this instance already holds a stream for that callSid. */
  public Optional<CallSession> open(String callSid, String streamSid, Opening opening, CallOutput output) {
    CallSession session = new CallSession(callSid, streamSid, opening, Endpointer.create(endpointerConfig), events, output,
        callControl, blockingWork, clock, properties.outbound().chunkFrames(), properties.inbound().maxHeldSegments(),
        phrases, timers, properties.phrases().holdAfter(), properties.keypad().digitPause(),
        transfer);
    return calls.putIfAbsent(callSid, session) == null ? Optional.of(session) : Optional.empty();
  }

  public Optional<CallSession> find(String callSid) {
    return Optional.ofNullable(calls.get(callSid));
  }

  /** @return the call's last turn, for the stream's successor */
  public int close(CallSession session, String why, StreamEnd reason) {
    calls.remove(session.callSid(), session);
    session.ended(why, reason);
    return session.lastTurn();
  }

  /** The calls this instance holds now. */
  public Collection<CallSession> all() {
    return List.copyOf(calls.values());
  }

  public int size() {
    return calls.size();
  }

  /**
   * Ends every call this instance holds. Their last events (STREAM_STOPPED, a cancelled turn) go to the
   * events adapter, which is destroyed after this bean and hands them to Kafka before the producer closes.
   */
  @Override
  public void destroy() {
    // Calls still here were not handed over (the drain timed out, or none ran): their streams are lost.
    calls.values().forEach(session -> session.ended("gateway shutting down", StreamEnd.LOST));
    blockingWork.shutdown();
    timers.shutdownNow();
  }
}
