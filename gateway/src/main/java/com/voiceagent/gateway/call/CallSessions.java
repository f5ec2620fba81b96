package com.voiceagent.gateway.call;

import com.voiceagent.audio.Endpointer;
import com.voiceagent.audio.EndpointerConfig;
import com.voiceagent.gateway.GatewayProperties;
import com.voiceagent.gateway.twilio.CallTerminator;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
  private final CallTerminator terminator;
  private final Clock clock;
  private final ExecutorService blockingWork = Executors.newVirtualThreadPerTaskExecutor();

  CallSessions(GatewayProperties properties, CallEvents events, CallTerminator terminator, Clock clock) {
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
    this.terminator = terminator;
    this.clock = clock;
  }

  /** Opens a call; empty when this instance already holds a stream for that callSid. */
  public Optional<CallSession> open(String callSid, String streamSid, CallOutput output) {
    CallSession session = new CallSession(callSid, streamSid, Endpointer.create(endpointerConfig), events, output,
        terminator, blockingWork, clock, properties.outbound().chunkFrames(), properties.inbound().maxHeldSegments());
    return calls.putIfAbsent(callSid, session) == null ? Optional.of(session) : Optional.empty();
  }

  public Optional<CallSession> find(String callSid) {
    return Optional.ofNullable(calls.get(callSid));
  }

  public void close(CallSession session, String why) {
    calls.remove(session.callSid(), session);
    session.ended(why);
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
    calls.values().forEach(session -> session.ended("gateway shutting down"));
    blockingWork.shutdown();
  }
}
