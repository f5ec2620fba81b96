package com.voiceagent.whatsapp.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusRankTest {

  @Test
  void statusesRankInDeliveryOrderWithFailuresTerminalAndReadLast() {
    assertThat(StatusRank.of("queued")).isEqualTo(StatusRank.of("accepted")).isEqualTo(StatusRank.of("scheduled"));
    assertThat(StatusRank.of("queued")).isLessThan(StatusRank.of("sending"));
    assertThat(StatusRank.of("sending")).isLessThan(StatusRank.of("sent"));
    assertThat(StatusRank.of("sent")).isLessThan(StatusRank.of("delivered"));
    assertThat(StatusRank.of("delivered")).isLessThan(StatusRank.of("failed"));
    assertThat(StatusRank.of("undelivered")).isEqualTo(StatusRank.of("failed"));
    assertThat(StatusRank.of("failed")).isLessThan(StatusRank.of("read"));
    assertThat(StatusRank.of("some_new_status")).isLessThan(StatusRank.of("queued"));
  }
}
