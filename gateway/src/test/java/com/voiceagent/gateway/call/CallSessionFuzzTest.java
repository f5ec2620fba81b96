package com.voiceagent.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.audio.Endpointer;
import com.voiceagent.audio.EndpointerConfig;
import com.voiceagent.audio.MuLaw;
import com.voiceagent.platform.Timeline;
import com.voiceagent.platform.control.TurnCancellation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Thousands of random call histories (caller audio, reply segments in any order, echoed and invented
 * marks, the call ending at any point) against one call session: it never throws, sends only whole
 * frames, never plays a cancelled turn after its clear, completes a turn at most once and stays silent
 * once the call ended.
 */
class CallSessionFuzzTest {
  sealed interface Op {}

  record Media(int kind, int length) implements Op {}

  record Reply(int turn, int seq, boolean last, boolean endCall, int length) implements Op {}

  record Echo(String name) implements Op {}

  record End() implements Op {}

  private static final java.util.concurrent.ScheduledExecutorService TIMERS =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());

  /** One ordered log of what the session sent and reported. */
  static final class Recorder implements CallOutput, CallEvents {
    final List<String> log = new ArrayList<>();
    final List<TurnPlayed> completed = new ArrayList<>();
    boolean ended;

    @Override public void sendAudio(byte[] muLaw) {
      assertThat(muLaw.length % 160).isZero();
      assertThat(muLaw.length).isBetween(160, 160 * 4);
      log.add("media");
    }
    @Override public void sendMark(String name) { log.add("mark:" + name); }
    @Override public void sendClear() { log.add("clear"); }
    @Override public void hangUp(String reason) { log.add("hangup"); }
    @Override public void streamStarted(String callSid, String streamSid, java.util.Map<String, String> parameters,
        com.voiceagent.gateway.token.StreamEnd resumedAfter, int lastTurn) {
      log.add("started");
    }
    @Override public void streamStopped(String callSid, String streamSid, int lastTurn,
        com.voiceagent.gateway.token.StreamEnd reason) {
      log.add("stopped");
    }
    @Override public void utterance(CallerUtterance utterance) { log.add("utterance:" + utterance.turn()); }
    @Override public void turnCancelled(TurnCancellation cancellation) {
      log.add("cancel:" + cancellation.cause() + ":" + cancellation.turn());
    }
    @Override public void turnPlayed(TurnPlayed turn) { completed.add(turn); }
  }

  @Property(tries = 1000)
  void anyCallHistoryKeepsTheSessionsPromises(@ForAll("histories") List<Op> history) {
    Recorder recorder = new Recorder();
    List<String> terminated = new ArrayList<>();
    com.voiceagent.gateway.twilio.CallControl control = new com.voiceagent.gateway.twilio.CallControl() {
      @Override public void complete(String callSid) { terminated.add(callSid); }
      @Override public void update(String callSid, String twiml) { throw new UnsupportedOperationException(); }
    };
    // Holding phrases are armed an hour out: this history never reaches them.
    CallSession session = new CallSession("CAfuzz", "MZfuzz", Opening.newCall(turn -> { }),
        Endpointer.create(EndpointerConfig.defaults()), recorder, recorder, control, Runnable::run,
        Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC), 4, 8, phrase -> java.util.Optional.empty(),
        TIMERS, java.time.Duration.ofHours(1), java.time.Duration.ofSeconds(3), callSid -> java.util.Optional.empty());
    session.started(java.util.Map.of());
    long streamMs = 0;
    int endedAt = -1;
    for (Op op : history) {
      switch (op) {
        case Media media -> {
          session.onMedia(streamMs, audio(media.kind(), media.length()));
          streamMs += media.length() / 8;
        }
        case Reply r -> session.onAgentSpeech(new AgentSpeech(r.turn(), r.seq(), r.last(), "s" + r.seq(), AgentSpeech.Kind.ANSWER,
            r.endCall(), audio(1, r.length()), null, Timeline.empty()), Instant.EPOCH);
        case Echo echo -> session.onMark(echo.name());
        case End end -> {
          if (endedAt < 0) {
            endedAt = recorder.log.size();
          }
          session.ended("fuzz", com.voiceagent.gateway.token.StreamEnd.STOPPED);
        }
      }
      assertThat((long) session.outstandingMarks()).isLessThanOrEqualTo(countMarks(recorder.log));
    }

    net.jqwik.api.statistics.Statistics.label("barge-in").collect(recorder.log.contains("clear"));
    net.jqwik.api.statistics.Statistics.label("utterance").collect(recorder.log.stream().anyMatch(e -> e.startsWith("utterance")));
    net.jqwik.api.statistics.Statistics.label("caller continued").collect(
        recorder.log.stream().anyMatch(e -> e.startsWith("cancel:CALLER_CONTINUED")));
    net.jqwik.api.statistics.Statistics.label("hang-up").collect(!terminated.isEmpty());
    // After a barge-in cancel of turn T, no audio mark of turn <= T is sent again.
    Set<Integer> completedTurns = new HashSet<>();
    for (TurnPlayed turn : recorder.completed) {
      assertThat(completedTurns.add(turn.turn())).as("turn %s completed twice", turn.turn()).isTrue();
    }
    int cancelledUpTo = -1;
    for (String entry : recorder.log) {
      if (entry.startsWith("cancel:BARGE_IN:")) {
        cancelledUpTo = Math.max(cancelledUpTo, Integer.parseInt(entry.substring("cancel:BARGE_IN:".length())));
      }
      if (entry.startsWith("mark:t")) {
        int turn = Integer.parseInt(entry.substring("mark:t".length(), entry.indexOf("-s")));
        assertThat(turn).as("mark %s after turn %s was cancelled", entry, cancelledUpTo).isGreaterThan(cancelledUpTo);
      }
    }
    // A speculative turn the caller talked on through never plays, not even audio that was held for it
    // (counting from its utterance: the fuzzer also sends audio for turns that do not exist yet).
    Set<Integer> abandoned = new HashSet<>();
    for (String entry : recorder.log) {
      if (entry.startsWith("cancel:CALLER_CONTINUED:")) {
        abandoned.add(Integer.parseInt(entry.substring("cancel:CALLER_CONTINUED:".length())));
      }
    }
    for (int turn : abandoned) {
      List<String> sincePublished = recorder.log.subList(recorder.log.indexOf("utterance:" + turn), recorder.log.size());
      assertThat(sincePublished).as("turn %s was abandoned", turn).noneMatch(e -> e.startsWith("mark:t" + turn + "-"));
    }
    if (endedAt >= 0) {
      List<String> afterEnd = recorder.log.subList(endedAt, recorder.log.size());
      assertThat(afterEnd).noneMatch(e -> e.equals("media") || e.startsWith("mark:") || e.startsWith("utterance"));
      assertThat(afterEnd.stream().filter(e -> e.equals("stopped")).count()).isEqualTo(1);
    }
    assertThat(terminated.size() + recorder.log.stream().filter("hangup"::equals).count())
        .isLessThanOrEqualTo(history.stream().filter(o -> o instanceof Echo).count());
  }

  private static long countMarks(List<String> log) {
    return log.stream().filter(e -> e.startsWith("mark:")).count();
  }

  /** kind 0: mu-law silence, 1: a loud tone (speech to the endpointer), 2: noise. */
  private static byte[] audio(int kind, int length) {
    byte[] audio = new byte[length];
    java.util.Random random = new java.util.Random(length);
    for (int i = 0; i < length; i++) {
      audio[i] = switch (kind) {
        case 0 -> MuLaw.SILENCE;
        case 1 -> MuLaw.encode((short) (9000 * Math.sin(2 * Math.PI * 300 * i / 8000.0)));
        default -> (byte) random.nextInt();
      };
    }
    return audio;
  }

  @Provide
  Arbitrary<List<Op>> histories() {
    Arbitrary<Op> media = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.of(0, 80, 160, 1600, 4000, 8000, 8000))
        .as(Media::new);
    Arbitrary<Op> reply = Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 4),
        Arbitraries.of(true, false), Arbitraries.of(false, false, false, true), Arbitraries.of(0, 1, 159, 160, 700, 2000))
        .as(Reply::new);
    Arbitrary<Op> echo = Arbitraries.oneOf(
        Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 4))
            .as((t, s) -> (Op) new Echo(Playback.markName(t, s))),
        Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 1))
            .as((t, s) -> (Op) new Echo(Playback.markName(t, s))),
        Arbitraries.strings().ofMaxLength(12).map(Echo::new));
    Arbitrary<Op> end = Arbitraries.just(new End());
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, media), net.jqwik.api.Tuple.of(4, reply), net.jqwik.api.Tuple.of(4, echo),
        net.jqwik.api.Tuple.of(1, end)).list().ofMaxSize(60);
  }
}
