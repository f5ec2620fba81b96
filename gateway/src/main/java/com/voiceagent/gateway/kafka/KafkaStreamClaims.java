package com.voiceagent.gateway.kafka;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.voiceagent.events.CallClaim;
import com.voiceagent.events.CallClaimKind;
import com.voiceagent.events.StreamEndReason;
import com.voiceagent.gateway.token.CallLedger;
import com.voiceagent.gateway.token.StreamClaims;
import com.voiceagent.gateway.token.StreamEnd;
import com.voiceagent.gateway.token.StreamGrant;
import com.voiceagent.platform.KeyedLanes;
import com.voiceagent.platform.kafka.CompactedReplica;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.support.SendResult;

/**
 * The stream claims of all gateways, ordered by the compacted topic voice.calls. Each gateway reads the whole
 * topic into its {@link CallLedger} ({@link CompactedReplica}) and applies every record in log order, so all
 * reach the same verdicts. A claim is written, then judged when it comes back: of two gateways claiming one
 * call at once, the claim first in the log wins on both.
 */
final class KafkaStreamClaims implements StreamClaims, SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(KafkaStreamClaims.class);

  /** Limits of the shared ledger. */
  record Limits(Duration claimTimeout, int maxResumes, Duration endedMemory, Duration liveMemory) {}

  private final CallLedger ledger = new CallLedger();
  private final EventPublisher publisher;
  private final String instanceId;
  private final Clock clock;
  private final Limits limits;
  private final CompactedReplica<CallClaim> replica;
  /** A call's writes in order, off the threads that ask for them; bounded, for a broker that is away. */
  private final KeyedLanes lanes = new KeyedLanes("voice-calls-writes", 64,
      (callSid, failure) -> log.warn("a voice.calls write of {} failed: {}", callSid, failure.toString()));
  /** Verdicts on this instance's claims, by streamSid, until the claimant reads them. */
  private final Cache<String, CallLedger.Verdict> verdicts = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(1))
      .maximumSize(100_000).build();

  KafkaStreamClaims(EventPublisher publisher, String instanceId, Clock clock, Limits limits,
      Map<String, Object> consumerProperties, Duration loadTimeout) {
    this.publisher = publisher;
    this.instanceId = instanceId;
    this.clock = clock;
    this.limits = limits;
    // Decision: not required. A gateway that starts while the broker is away still answers Twilio (it cannot
    // check claims against the others until the broker is back, and says so): refusing every call is worse.
    this.replica = new CompactedReplica<>(Topics.CALLS, consumerProperties, loadTimeout, "voice.platform.warm-up-timeout",
        false, this::applied);
  }

  @Override
  public Claimed claim(StreamGrant grant, String streamSid) {
    CallLedger.Change claim = change(CallLedger.Change.Kind.CLAIM, grant.callSid(), streamSid, grant.issuedAt(), 0, null);
    CallLedger.Verdict known = ledger.wouldAccept(claim);
    if (known.refusal()) {
      return new Claimed.Refused(known.reason()); // refused on what every gateway already agrees on: nothing to write
    }
    try {
      SendResult<String, ?> sent = send(claim).get(limits.claimTimeout().toMillis(), TimeUnit.MILLISECONDS);
      if (replica.awaitApplied(sent.getRecordMetadata().partition(), sent.getRecordMetadata().offset(), limits.claimTimeout())) {
        CallLedger.Verdict verdict = verdicts.asMap().remove(streamSid);
        if (verdict == CallLedger.Verdict.ACCEPTED) {
          CallLedger.Entry entry = ledger.find(grant.callSid()).orElseThrow();
          return new Claimed.Granted(entry.lastTurn(), entry.resumedAfter());
        }
        if (verdict != null && verdict.refusal()) {
          return new Claimed.Refused(verdict.reason());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Claimed.Refused("interrupted while claiming the call");
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      log.warn("claim of the call not confirmed by voice.calls: {}", e.toString());
    }
    // Decision: the broker is away or slow. Refusing would cut a caller off for a Kafka outage; the token was
    // valid and no gateway known to this one holds the call, so the stream opens. The claim record is still
    // on its way and is judged with the others when it lands.
    log.warn("voice.calls did not confirm the claim within {} ms: admitted on this gateway's knowledge",
        limits.claimTimeout().toMillis());
    CallLedger.Entry entry = ledger.find(grant.callSid()).orElse(null);
    return new Claimed.Granted(entry == null ? 0 : entry.lastTurn(), entry == null ? null : entry.lastEnd());
  }

  @Override
  public void turnPublished(StreamGrant grant, String streamSid, int turn) {
    write(change(CallLedger.Change.Kind.TURN, grant.callSid(), streamSid, grant.issuedAt(), turn, null));
  }

  @Override
  public void release(StreamGrant grant, String streamSid, StreamEnd reason, int lastTurn) {
    // Waited for (briefly): Twilio follows the Redirect at once, and the gateway answering it must see the release.
    writeAndWait(change(CallLedger.Change.Kind.RELEASE, grant.callSid(), streamSid, grant.issuedAt(), lastTurn, reason));
  }

  @Override
  public void callCompleted(String callSid) {
    write(change(CallLedger.Change.Kind.COMPLETE, callSid, null, Instant.EPOCH, 0, null));
  }

  @Override
  public Resume resume(String callSid, Instant previousToken) {
    Optional<CallLedger.Entry> known = ledger.find(callSid);
    if (known.isEmpty()) {
      return new Resume.Refused("no gateway knows this call");
    }
    CallLedger.Entry entry = known.get();
    if (entry.state() == CallLedger.Entry.State.COMPLETED) {
      return new Resume.Refused("Twilio reported this call completed");
    }
    if (entry.state() == CallLedger.Entry.State.RELEASED && entry.lastEnd() == StreamEnd.STOPPED) {
      return new Resume.Refused("the call's stream was stopped on purpose (Twilio's stop, or the agent hung up)");
    }
    if (!entry.tokenIssuedAt().equals(previousToken)) {
      return new Resume.Refused("the call has a newer stream than the one this Redirect followed");
    }
    if (entry.resumes() >= limits.maxResumes()) {
      return new Resume.Refused("the call was resumed " + entry.resumes() + " times already (at most " + limits.maxResumes() + ")");
    }
    if (entry.state() == CallLedger.Entry.State.LIVE) {
      // Twilio only follows the Redirect once the stream is closed: its gateway died without saying so.
      log.info("Twilio followed the Redirect of a stream still marked live on {}: released as lost", entry.holder());
      writeAndWait(change(CallLedger.Change.Kind.RELEASE, callSid, entry.streamSid(), entry.tokenIssuedAt(), entry.lastTurn(),
          StreamEnd.LOST));
    }
    return new Resume.Allowed();
  }

  @Override
  public Optional<CallLedger.Entry> find(String callSid) {
    return ledger.find(callSid);
  }

  /** Tombstones the calls that are over (or whose gateway vanished) for longer than they are remembered. */
  void forgetIdleCalls() {
    for (String callSid : ledger.idle(clock.instant(), limits.endedMemory(), limits.liveMemory())) {
      publisher.tombstone(Topics.CALLS, callSid);
    }
  }

  int size() {
    return ledger.size();
  }

  /** Whether voice.calls has been read to the end it had at startup: the gateway knows every live call. */
  boolean loaded() {
    return replica.loaded();
  }

  private void applied(String callSid, @Nullable CallClaim value, boolean loading, int partition, long offset) {
    if (value == null) {
      ledger.forget(callSid);
      return;
    }
    CallLedger.Change change = read(value);
    CallLedger.Verdict verdict = ledger.apply(change);
    if (change.kind() == CallLedger.Change.Kind.CLAIM && instanceId.equals(change.producer()) && change.streamSid() != null) {
      verdicts.put(change.streamSid(), verdict);
    }
    if (!loading && verdict.refusal() && change.kind() == CallLedger.Change.Kind.CLAIM) {
      reassertIfHeldHere(callSid);
    }
  }

  /**
   * A refused claim is the topic's latest record for the call, and compaction may keep it alone: the holder
   * writes its state again, so the latest record is always one that applies.
   */
  private void reassertIfHeldHere(String callSid) {
    ledger.find(callSid).filter(e -> e.state() == CallLedger.Entry.State.LIVE && instanceId.equals(e.holder()))
        .ifPresent(e -> write(new CallLedger.Change(CallLedger.Change.Kind.TURN, callSid, instanceId, e.streamSid(),
            e.tokenIssuedAt(), e.lastTurn(), null, clock.instant())));
  }

  private CallLedger.Change change(CallLedger.Change.Kind kind, String callSid, @Nullable String streamSid, Instant token,
      int turn, @Nullable StreamEnd reason) {
    return new CallLedger.Change(kind, callSid, instanceId, streamSid, token, turn, reason, clock.instant());
  }

  /**
   * Hands the record to the producer on the call's lane: a call's changes keep their order, and no caller
   * waits for the producer (which blocks while the broker is away) longer than it chooses to.
   */
  private CompletableFuture<SendResult<String, SpecificRecord>> send(CallLedger.Change change) {
    CompletableFuture<SendResult<String, SpecificRecord>> sent = new CompletableFuture<>();
    lanes.submit(change.callSid(), () -> publisher.publish(Topics.CALLS, record(change)).whenComplete((result, failure) -> {
      if (failure == null) {
        sent.complete(result);
      } else {
        sent.completeExceptionally(failure);
      }
    })).whenComplete((queued, refused) -> {
      if (refused != null) {
        sent.completeExceptionally(refused);
      }
    });
    return sent;
  }

  private void write(CallLedger.Change change) {
    send(change).whenComplete((sent, failure) -> {
      if (failure != null) {
        log.warn("could not write {} of call {} to voice.calls: {}", change.kind(), change.callSid(), failure.toString());
      }
    });
  }

  private void writeAndWait(CallLedger.Change change) {
    try {
      SendResult<String, ?> sent = send(change).get(limits.claimTimeout().toMillis(), TimeUnit.MILLISECONDS);
      replica.awaitApplied(sent.getRecordMetadata().partition(), sent.getRecordMetadata().offset(), limits.claimTimeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      log.warn("{} of call {} not confirmed by voice.calls within {} ms: {}", change.kind(), change.callSid(),
          limits.claimTimeout().toMillis(), e.toString());
    }
  }

  private static CallClaim record(CallLedger.Change change) {
    return CallClaim.newBuilder().setCallSid(change.callSid()).setProducer(change.producer()).setEventTime(change.eventTime())
        .setKind(CallClaimKind.valueOf(change.kind().name())).setStreamSid(change.streamSid())
        .setTokenIssuedAt(change.tokenIssuedAt()).setTurn(change.turn())
        .setReleaseReason(change.reason() == null ? null : StreamEndReason.valueOf(change.reason().name())).build();
  }

  private static CallLedger.Change read(CallClaim claim) {
    CallLedger.Change.Kind kind = switch (claim.getKind()) {
      case CLAIM -> CallLedger.Change.Kind.CLAIM;
      case TURN -> CallLedger.Change.Kind.TURN;
      case RELEASE -> CallLedger.Change.Kind.RELEASE;
      case COMPLETE -> CallLedger.Change.Kind.COMPLETE;
      // A kind a newer gateway wrote: changes nothing this version knows how to judge.
      case UNKNOWN -> throw new IllegalArgumentException("voice.calls record of an unknown kind");
    };
    StreamEnd reason = claim.getReleaseReason() == null || claim.getReleaseReason() == StreamEndReason.UNKNOWN
        ? null : StreamEnd.valueOf(claim.getReleaseReason().name());
    return new CallLedger.Change(kind, claim.getCallSid(), claim.getProducer(), claim.getStreamSid(), claim.getTokenIssuedAt(),
        claim.getTurn(), reason, claim.getEventTime());
  }

  @Override
  public void start() {
    replica.start();
    log.info("voice.calls loaded: {} calls known", ledger.size());
  }

  @Override
  public void stop() {
    replica.stop();
  }

  /** The last releases of a stopping gateway go out before its producer closes. */
  void close() {
    lanes.awaitIdle(Duration.ofSeconds(2));
    lanes.close();
  }

  @Override
  public boolean isRunning() {
    return replica.isRunning();
  }

  @Override
  public int getPhase() {
    return CompactedReplica.PHASE;
  }
}
