package com.voiceagent.gateway.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.gateway.token.CallLedger.Change;
import com.voiceagent.gateway.token.CallLedger.Entry;
import com.voiceagent.gateway.token.CallLedger.Verdict;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallLedgerTest {
  static final String CALL = StreamTokensTest.CALL;
  static final Instant NOW = StreamTokensTest.NOW;

  private final CallLedger ledger = new CallLedger();

  private static Change claim(String gateway, String stream, Instant token) {
    return new Change(Change.Kind.CLAIM, CALL, gateway, stream, token, 0, null, NOW);
  }

  private static Change turn(String gateway, String stream, Instant token, int turn) {
    return new Change(Change.Kind.TURN, CALL, gateway, stream, token, turn, null, NOW);
  }

  private static Change release(String gateway, String stream, Instant token, StreamEnd reason, int turn) {
    return new Change(Change.Kind.RELEASE, CALL, gateway, stream, token, turn, reason, NOW);
  }

  private static Change complete(String gateway) {
    return new Change(Change.Kind.COMPLETE, CALL, gateway, null, Instant.EPOCH, 0, null, NOW);
  }

  @Test
  void ofTwoClaimsForOneCallTheFirstAppliedWinsWhoeverWroteThem() {
    assertThat(ledger.apply(claim("gw-1", "MZ1", NOW))).isEqualTo(Verdict.ACCEPTED);
    assertThat(ledger.apply(claim("gw-2", "MZ2", NOW))).isEqualTo(Verdict.STREAM_OPEN);
    assertThat(ledger.apply(claim("gw-2", "MZ3", NOW.plusSeconds(5)))).as("even with a newer token").isEqualTo(Verdict.STREAM_OPEN);
    assertThat(ledger.find(CALL)).get().extracting(Entry::holder, Entry::streamSid).containsExactly("gw-1", "MZ1");
  }

  @Test
  void aTokenIsUsedOnceAndNeverAgainAfterItsStreamEnded() {
    ledger.apply(claim("gw-1", "MZ1", NOW));
    assertThat(ledger.apply(claim("gw-1", "MZ1", NOW))).as("the same claim applied twice").isEqualTo(Verdict.IGNORED);
    ledger.apply(release("gw-1", "MZ1", NOW, StreamEnd.LOST, 3));
    assertThat(ledger.apply(claim("gw-2", "MZ2", NOW))).isEqualTo(Verdict.TOKEN_USED);
    assertThat(ledger.apply(claim("gw-2", "MZ2", NOW.minusSeconds(1)))).isEqualTo(Verdict.TOKEN_USED);
  }

  @Test
  void aNewerTokenResumesTheCallAfterItsTurnsAndSaysWhyThePreviousStreamEnded() {
    ledger.apply(claim("gw-1", "MZ1", NOW));
    ledger.apply(turn("gw-1", "MZ1", NOW, 1));
    ledger.apply(turn("gw-1", "MZ1", NOW, 2));
    ledger.apply(release("gw-2", null, NOW, StreamEnd.LOST, 0)); // the Redirect's webhook, on another gateway

    assertThat(ledger.apply(claim("gw-2", "MZ2", NOW.plusSeconds(9)))).isEqualTo(Verdict.ACCEPTED);
    Entry resumed = ledger.find(CALL).orElseThrow();
    assertThat(resumed.lastTurn()).isEqualTo(2);
    assertThat(resumed.resumedAfter()).isEqualTo(StreamEnd.LOST);
    assertThat(resumed.resumes()).isEqualTo(1);
    assertThat(resumed.holder()).isEqualTo("gw-2");
  }

  @Test
  void aLateReleaseOrTurnOfAReplacedStreamChangesNothing() {
    ledger.apply(claim("gw-1", "MZ1", NOW));
    ledger.apply(release("gw-1", "MZ1", NOW, StreamEnd.DRAINED, 4));
    ledger.apply(claim("gw-2", "MZ2", NOW.plusSeconds(1)));

    assertThat(ledger.apply(release("gw-3", null, NOW, StreamEnd.LOST, 0))).isEqualTo(Verdict.IGNORED);
    assertThat(ledger.apply(turn("gw-1", "MZ1", NOW, 9))).isEqualTo(Verdict.IGNORED);
    Entry entry = ledger.find(CALL).orElseThrow();
    assertThat(entry.state()).isEqualTo(Entry.State.LIVE);
    assertThat(entry.streamSid()).isEqualTo("MZ2");
    assertThat(entry.lastTurn()).isEqualTo(4);
    assertThat(entry.resumedAfter()).isEqualTo(StreamEnd.DRAINED);
  }

  @Test
  void noStreamOpensForACallTwilioReportedCompleted() {
    ledger.apply(claim("gw-1", "MZ1", NOW));
    ledger.apply(complete("gw-2"));
    ledger.apply(release("gw-1", "MZ1", NOW, StreamEnd.STOPPED, 1));
    assertThat(ledger.apply(claim("gw-1", "MZ2", NOW.plusSeconds(1)))).isEqualTo(Verdict.CALL_COMPLETED);
    assertThat(ledger.find(CALL).orElseThrow().state()).isEqualTo(Entry.State.COMPLETED);
  }

  @Test
  void aCompletedCallNeverSeenBeforeIsRememberedToo() {
    ledger.apply(complete("gw-2"));
    assertThat(ledger.apply(claim("gw-1", "MZ1", NOW))).isEqualTo(Verdict.CALL_COMPLETED);
  }

  @Test
  void aRefusalKnownLocallyNeedsNoRoundTrip() {
    ledger.apply(claim("gw-1", "MZ1", NOW));
    assertThat(ledger.wouldAccept(claim("gw-2", "MZ2", NOW.plusSeconds(1)))).isEqualTo(Verdict.STREAM_OPEN);
    assertThat(ledger.find(CALL).orElseThrow().streamSid()).as("judging applies nothing").isEqualTo("MZ1");
  }

  @Test
  void callsOverAreForgottenAfterTheirMemoryAndLiveOnesOnlyAfterTheLongerOne() {
    ledger.apply(new Change(Change.Kind.CLAIM, "CA-live", "gw-1", "MZ1", NOW, 0, null, NOW));
    ledger.apply(new Change(Change.Kind.COMPLETE, "CA-over", "gw-1", null, Instant.EPOCH, 0, null, NOW));

    assertThat(ledger.idle(NOW.plus(Duration.ofMinutes(61)), Duration.ofHours(1), Duration.ofHours(5))).containsExactly("CA-over");
    assertThat(ledger.idle(NOW.plus(Duration.ofHours(6)), Duration.ofHours(1), Duration.ofHours(5)))
        .containsExactlyInAnyOrder("CA-over", "CA-live");
    ledger.forget("CA-over");
    assertThat(ledger.find("CA-over")).isEmpty();
  }
}
