package com.voiceagent.tts.kafka;

import com.voiceagent.platform.control.TurnCancellations;
import com.voiceagent.platform.stage.Stages;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The tts stage's Kafka side besides the stage itself: the cancellations every instance reads. */
@Configuration(proxyBeanMethods = false)
class TtsKafkaConfiguration {
  /** A cancellation matters only while its sentences can still arrive, which is seconds. */
  static final Duration CANCELLATIONS_KEPT_FOR = Duration.ofMinutes(10);
  static final int CANCELLATIONS_KEPT = 100_000;

  /** The turns cancelled recently (barge-in) and the calls that ended: their queued and late sentences are dropped. */
  @Bean
  TurnCancellations turnCancellations(Stages stages, Clock clock) {
    return new TurnCancellations(clock, CANCELLATIONS_KEPT_FOR, CANCELLATIONS_KEPT).listen(stages, "tts");
  }
}
