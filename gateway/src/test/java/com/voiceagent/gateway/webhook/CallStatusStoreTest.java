package com.voiceagent.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallStatusStoreTest {
  private static final Instant NOW = Instant.parse("2026-11-23T01:00:00Z");

  @Test
  void aLaterSequenceNumberWinsWhateverTheArrivalOrder() {
    CallStatusStore store = new CallStatusStore(10, 5);
    assertThat(store.applyStatus("CA1", "completed", 3, "42", null, NOW)).isTrue();
    assertThat(store.applyStatus("CA1", "ringing", 1, null, null, NOW)).isFalse();
    assertThat(store.applyStatus("CA1", "in-progress", 2, null, null, NOW)).isFalse();
    assertThat(store.find("CA1").orElseThrow().callStatus()).isEqualTo("completed");
    assertThat(store.applyStatus("CA1", "completed", 3, "42", null, NOW)).as("a redelivered callback").isFalse();
  }

  @Test
  void inOrderCallbacksAdvanceTheState() {
    CallStatusStore store = new CallStatusStore(10, 5);
    store.applyStatus("CA1", "ringing", 0, null, null, NOW);
    store.applyStatus("CA1", "in-progress", 1, null, null, NOW);
    assertThat(store.find("CA1").orElseThrow().sequenceNumber()).isEqualTo(1);
  }

  @Test
  void theStoreIsBoundedAndEvictsTheLeastRecentlyUpdatedCall() {
    CallStatusStore store = new CallStatusStore(2, 5);
    store.applyStatus("CA1", "ringing", 0, null, null, NOW);
    store.applyStatus("CA2", "ringing", 0, null, null, NOW);
    store.applyStatus("CA1", "in-progress", 1, null, null, NOW);
    store.applyStatus("CA3", "ringing", 0, null, null, NOW);
    assertThat(store.size()).isEqualTo(2);
    assertThat(store.find("CA2")).isEmpty();
    assertThat(store.find("CA1")).isPresent();
  }

  @Test
  void aRecordingBeforeAnyStatusDoesNotBlockTheFirstStatus() {
    CallStatusStore store = new CallStatusStore(10, 1);
    store.addRecording("CA1", new CallState.Recording("RE1", "u1", "3", "completed", NOW), NOW);
    store.addRecording("CA1", new CallState.Recording("RE2", "u2", "4", "completed", NOW), NOW);
    assertThat(store.applyStatus("CA1", "ringing", 0, null, null, NOW)).isTrue();
    CallState state = store.find("CA1").orElseThrow();
    assertThat(state.recordings()).extracting(CallState.Recording::recordingSid).containsExactly("RE2");
  }

  @Test
  void aStoreOfNoCallsIsRefused() {
    assertThatThrownBy(() -> new CallStatusStore(0, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxCalls must be at least 1, was 0");
  }
}
