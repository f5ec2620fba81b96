package com.voiceagent.gateway.token;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which gateway holds each call's media stream, as the gateways agree on it. Every gateway applies the same
 * changes (the records of the shared topic, in log order) with the same rules, which read nothing but the
 * changes: so all gateways reach the same verdict on every claim, and of two claims racing for one call from
 * two gateways exactly one wins. Pure state; no I/O.
 *
 * <p>The rules: a stream may claim a call only while no other stream holds it, only with a token newer than
 * every token the call used, and never once Twilio reported the call over. A release names the token of the
 * stream it ends, so a late release cannot end the stream that replaced it.
 */
public final class CallLedger {

  /** The outcome of applying a change. */
  public enum Verdict {
    ACCEPTED("accepted"),
    /** A change that does not apply (a repeated claim, a turn or release of a stream that no longer holds the call). */
    IGNORED("ignored"),
    STREAM_OPEN("a stream for this call is already open"),
    TOKEN_USED("this stream token, or a newer one of the call, was already used"),
    CALL_COMPLETED("Twilio reported this call completed");

    private final String reason;

    Verdict(String reason) {
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }

    public boolean refusal() {
      return this == STREAM_OPEN || this == TOKEN_USED || this == CALL_COMPLETED;
    }
  }

  /** One change to a call's entry, as a gateway wrote it. */
  public record Change(Kind kind, String callSid, String producer, @Nullable String streamSid, Instant tokenIssuedAt, int turn,
      @Nullable StreamEnd reason, Instant eventTime) {
    public enum Kind { CLAIM, TURN, RELEASE, COMPLETE }

    public Change {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(callSid, "callSid");
      Objects.requireNonNull(producer, "producer");
      Objects.requireNonNull(tokenIssuedAt, "tokenIssuedAt");
      Objects.requireNonNull(eventTime, "eventTime");
    }
  }

  /**
   * What the gateways know of one call.
   *
   * @param holder the gateway instance whose stream holds (or last held) the call
   * @param tokenIssuedAt the token of that stream: newer tokens only may open the next stream
   * @param lastTurn the last turn the call's streams published: a resumed stream numbers its turns after it
   * @param lastEnd why the last stream ended (null while the first stream is live)
   * @param resumedAfter why the stream before the live one ended (null for the call's first stream)
   * @param resumes how many streams the call had after its first
   */
  public record Entry(String callSid, State state, String holder, @Nullable String streamSid, Instant tokenIssuedAt,
      int lastTurn, @Nullable StreamEnd lastEnd, @Nullable StreamEnd resumedAfter, int resumes, Instant updatedAt) {
    public enum State { LIVE, RELEASED, COMPLETED }
  }

  // Guarded by this.
  private final Map<String, Entry> entries = new HashMap<>();

  /** Applies a change (in log order) and says what it did. */
  public synchronized Verdict apply(Change change) {
    Entry before = entries.get(change.callSid());
    Verdict verdict = judge(before, change);
    if (verdict == Verdict.ACCEPTED) {
      entries.put(change.callSid(), after(before, change));
    }
    return verdict;
  }

  /** The verdict a claim would get now, without applying it: refusals known locally need no round trip. */
  public synchronized Verdict wouldAccept(Change claim) {
    return judge(entries.get(claim.callSid()), claim);
  }

  /** A tombstone: the call is forgotten. */
  public synchronized void forget(String callSid) {
    entries.remove(callSid);
  }

  public synchronized Optional<Entry> find(String callSid) {
    return Optional.ofNullable(entries.get(callSid));
  }

  public synchronized int size() {
    return entries.size();
  }

  /**
   * Calls to forget: those over or without a stream for {@code endedMemory}, and live ones without any change
   * for {@code liveMemory} (their gateway died and Twilio never reported them over).
   */
  public synchronized List<String> idle(Instant now, Duration endedMemory, Duration liveMemory) {
    List<String> idle = new ArrayList<>();
    for (Entry entry : entries.values()) {
      Duration memory = entry.state() == Entry.State.LIVE ? liveMemory : endedMemory;
      if (entry.updatedAt().plus(memory).isBefore(now)) {
        idle.add(entry.callSid());
      }
    }
    return idle;
  }

  private static Verdict judge(@Nullable Entry before, Change change) {
    return switch (change.kind()) {
      case CLAIM -> {
        if (before == null) {
          yield Verdict.ACCEPTED;
        }
        if (before.state() == Entry.State.COMPLETED) {
          yield Verdict.CALL_COMPLETED;
        }
        if (before.state() == Entry.State.LIVE) {
          yield Objects.equals(before.streamSid(), change.streamSid()) && before.holder().equals(change.producer())
              ? Verdict.IGNORED : Verdict.STREAM_OPEN;
        }
        yield change.tokenIssuedAt().isAfter(before.tokenIssuedAt()) ? Verdict.ACCEPTED : Verdict.TOKEN_USED;
      }
      case TURN -> before != null && before.state() == Entry.State.LIVE && Objects.equals(before.streamSid(), change.streamSid())
          ? Verdict.ACCEPTED : Verdict.IGNORED;
      case RELEASE -> before != null && before.state() == Entry.State.LIVE
          && before.tokenIssuedAt().equals(change.tokenIssuedAt()) ? Verdict.ACCEPTED : Verdict.IGNORED;
      case COMPLETE -> before != null && before.state() == Entry.State.COMPLETED ? Verdict.IGNORED : Verdict.ACCEPTED;
    };
  }

  private static Entry after(@Nullable Entry before, Change change) {
    int lastTurn = Math.max(before == null ? 0 : before.lastTurn(), change.turn());
    return switch (change.kind()) {
      case CLAIM -> new Entry(change.callSid(), Entry.State.LIVE, change.producer(), change.streamSid(), change.tokenIssuedAt(),
          lastTurn, null, before == null ? null : before.lastEnd(), before == null ? 0 : before.resumes() + 1, change.eventTime());
      case TURN -> new Entry(before.callSid(), before.state(), before.holder(), before.streamSid(), before.tokenIssuedAt(),
          lastTurn, before.lastEnd(), before.resumedAfter(), before.resumes(), change.eventTime());
      case RELEASE -> new Entry(before.callSid(), Entry.State.RELEASED, before.holder(), before.streamSid(), before.tokenIssuedAt(),
          lastTurn, change.reason() == null ? StreamEnd.LOST : change.reason(), before.resumedAfter(), before.resumes(),
          change.eventTime());
      case COMPLETE -> before == null
          ? new Entry(change.callSid(), Entry.State.COMPLETED, change.producer(), null, change.tokenIssuedAt(), lastTurn,
              StreamEnd.STOPPED, null, 0, change.eventTime())
          : new Entry(before.callSid(), Entry.State.COMPLETED, before.holder(), before.streamSid(), before.tokenIssuedAt(),
              lastTurn, before.lastEnd() == null ? StreamEnd.STOPPED : before.lastEnd(), before.resumedAfter(), before.resumes(),
              change.eventTime());
    };
  }
}
