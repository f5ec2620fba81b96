package com.voiceagent.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.platform.Timeline;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PlaybackTest {
  private final Playback playback = new Playback(8);

  static AgentSpeech segment(int turn, int seq, boolean last, boolean endCall) {
    return new AgentSpeech(turn, seq, last, "text " + turn + "/" + seq, AgentSpeech.Kind.ANSWER, endCall, new byte[160], null,
        Timeline.empty());
  }

  @Test
  void anEarlySegmentIsHeldUntilItsPredecessorArrives() {
    assertThat(playback.accept(segment(1, 1, true, false), Instant.EPOCH)).isEmpty();
    List<Playback.Ready> ready = playback.accept(segment(1, 0, false, false), Instant.EPOCH);
    assertThat(ready).extracting(Playback.Ready::markName).containsExactly("t1-s0", "t1-s1");
    assertThat(ready).extracting(Playback.Ready::firstOfTurn).containsExactly(true, false);
  }

  @Test
  void echoedMarksCountAsHeardAndTheCutReportsThem() {
    playback.accept(segment(2, 0, false, false), Instant.EPOCH);
    playback.accept(segment(2, 1, true, false), Instant.EPOCH);
    playback.markEchoed("t2-s0");
    assertThat(playback.bargeIn()).containsExactly(new Playback.Cut(2, 1, "text 2/0"));
  }

  @Test
  void marksEchoedBecauseOfAClearAreNotHeard() {
    playback.accept(segment(1, 0, true, false), Instant.EPOCH);
    playback.bargeIn();
    assertThat(playback.markEchoed("t1-s0")).isNull();
  }

  @Test
  void audioOfACancelledTurnIsDropped() {
    playback.accept(segment(3, 0, false, false), Instant.EPOCH);
    playback.bargeIn();
    assertThat(playback.accept(segment(3, 1, true, false), Instant.EPOCH)).isEmpty();
    assertThat(playback.lastDropReason()).isEqualTo("turn 3 was cancelled");
  }

  @Test
  void audioOfAnOlderTurnIsStaleOnceANewerTurnPlays() {
    playback.accept(segment(2, 0, false, false), Instant.EPOCH);
    assertThat(playback.accept(segment(1, 0, false, false), Instant.EPOCH)).isEmpty();
    assertThat(playback.lastDropReason()).isEqualTo("turn 1 is stale: turn 2 is playing");
  }

  @Test
  void aDuplicateSegmentIsDropped() {
    playback.accept(segment(1, 0, false, false), Instant.EPOCH);
    assertThat(playback.accept(segment(1, 0, false, false), Instant.EPOCH)).isEmpty();
  }

  @Test
  void theGoodbyeMarkTellsToHangUp() {
    playback.accept(segment(4, 0, true, true), Instant.EPOCH);
    assertThat(playback.markEchoed("t4-s0").endCall()).isTrue();
  }

  @Test
  void endingTheCallCancelsTheTurnTheCallerWaitsFor() {
    playback.utterancePublished(5);
    assertThat(playback.endCall()).isEqualTo(new Playback.Cut(5, 0, ""));
  }

  @Test
  void aFullyHeardTurnIsNotCancelledWhenTheCallEnds() {
    playback.accept(segment(1, 0, true, false), Instant.EPOCH);
    playback.markEchoed("t1-s0");
    assertThat(playback.endCall()).isNull();
  }

  /** Any arrival order and interleaving: held segments stay bounded and each plays at most once, in order. */
  @Property(tries = 500)
  void heldSegmentsStayBoundedAndPlayInOrder(@ForAll @Size(max = 60) List<@IntRange(min = 0, max = 20) Integer> seqs,
      @ForAll @IntRange(min = 0, max = 3) int turn) {
    Playback bounded = new Playback(8);
    int expected = 0;
    java.util.Set<String> played = new java.util.HashSet<>();
    for (int seq : seqs) {
      for (Playback.Ready ready : bounded.accept(segment(turn, seq, false, false), Instant.EPOCH)) {
        assertThat(ready.speech().seq()).isEqualTo(expected++);
        assertThat(played.add(ready.markName())).isTrue();
      }
      assertThat(bounded.heldCount()).isLessThanOrEqualTo(8);
    }
  }

  @Test
  void audioOfASpeculativeTurnIsHeldUntilItIsConfirmedThenReleasedInOrder() {
    playback.speculativeUtterancePublished(3);
    assertThat(playback.accept(segment(3, 1, true, false), Instant.EPOCH)).isEmpty();
    assertThat(playback.accept(segment(3, 0, false, false), Instant.EPOCH)).isEmpty();
    assertThat(playback.lastDropReason()).isEmpty();
    assertThat(playback.agentSpeaking()).isFalse();

    List<Playback.Ready> ready = playback.confirm(3);

    assertThat(ready).extracting(Playback.Ready::markName).containsExactly("t3-s0", "t3-s1");
    assertThat(ready).extracting(Playback.Ready::firstOfTurn).containsExactly(true, false);
    assertThat(playback.accept(segment(3, 2, true, false), Instant.EPOCH)).extracting(Playback.Ready::markName)
        .containsExactly("t3-s2");
  }

  @Test
  void audioOfAnAbandonedSpeculativeTurnIsDroppedHeldOrLate() {
    playback.speculativeUtterancePublished(3);
    playback.accept(segment(3, 0, false, false), Instant.EPOCH);

    playback.abandon(3);

    assertThat(playback.confirm(3)).isEmpty();
    assertThat(playback.accept(segment(3, 1, true, false), Instant.EPOCH)).isEmpty();
    assertThat(playback.lastDropReason()).isEqualTo("turn 3 was cancelled");
    assertThat(playback.heldCount()).isZero();
    playback.utterancePublished(4);
    assertThat(playback.accept(segment(4, 0, true, false), Instant.EPOCH)).extracting(Playback.Ready::markName)
        .containsExactly("t4-s0");
  }

  @Test
  void anAbandonedSpeculativeTurnIsNotCancelledAgainWhenTheCallEnds() {
    playback.speculativeUtterancePublished(3);
    playback.abandon(3);

    assertThat(playback.endCall()).isNull();
  }

  @Test
  void aSpeculativeTurnStillWaitingWhenTheCallEndsIsReportedAsTheOpenTurn() {
    playback.speculativeUtterancePublished(3);

    assertThat(playback.endCall()).isEqualTo(new Playback.Cut(3, 0, ""));
  }

  @Test
  void speakingOverTheHoldingPhraseCutsTheReplyTheCallerWaitsFor() {
    playback.utterancePublished(2);
    playback.ownPhrase("hold", "רק רגע");

    assertThat(playback.bargeIn()).containsExactly(new Playback.Cut(2, 0, ""));

    assertThat(playback.accept(segment(2, 0, true, false), Instant.EPOCH)).isEmpty();
    assertThat(playback.lastDropReason()).isEqualTo("turn 2 was cancelled");
    assertThat(playback.awaitingReply(2)).isFalse();
  }

  @Test
  void speakingWhileWaitingWithNothingPlayingCutsTheAwaitedReply() {
    playback.utterancePublished(1);

    assertThat(playback.bargeIn()).containsExactly(new Playback.Cut(1, 0, ""));
    assertThat(playback.idle()).isTrue();
  }

  @Test
  void speakingBetweenTwoSentencesCutsTheRestOfTheTurn() {
    playback.utterancePublished(1);
    playback.accept(segment(1, 0, false, false), Instant.EPOCH);
    playback.markEchoed("t1-s0"); // the first sentence was heard; the second is not here yet

    assertThat(playback.bargeIn()).containsExactly(new Playback.Cut(1, 1, "text 1/0"));
    assertThat(playback.accept(segment(1, 1, true, false), Instant.EPOCH)).isEmpty();
  }

  @Test
  void speakingOverAnOlderReplyWhileANewerTurnWaitsCutsBoth() {
    playback.accept(segment(1, 0, false, false), Instant.EPOCH);
    playback.utterancePublished(2);

    assertThat(playback.bargeIn()).containsExactly(new Playback.Cut(1, 0, ""), new Playback.Cut(2, 0, ""));
  }

  @Test
  void speakingOverOnlyAPhraseOfOurOwnBetweenTurnsCutsNoTurn() {
    playback.ownPhrase("resumed", "סליחה");

    assertThat(playback.bargeIn()).isEmpty();
    assertThat(playback.agentSpeaking()).isFalse();
  }

  @Test
  void speakingOnAfterAFullyHeardReplyCutsNothing() {
    playback.utterancePublished(1);
    playback.accept(segment(1, 0, true, false), Instant.EPOCH);
    playback.markEchoed("t1-s0");

    assertThat(playback.bargeIn()).isEmpty();
  }

  @Test
  void aSpeculativeTurnIsNotCutByBargeInOnlyTakenBack() {
    playback.speculativeUtterancePublished(3);

    assertThat(playback.bargeIn()).isEmpty();
    assertThat(playback.confirm(3)).isEmpty();
    assertThat(playback.accept(segment(3, 0, true, false), Instant.EPOCH)).hasSize(1);
  }
}
