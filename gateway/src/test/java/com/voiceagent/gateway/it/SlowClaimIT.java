package com.voiceagent.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.events.Utterance;
import com.voiceagent.gateway.token.CallLedger;
import com.voiceagent.gateway.token.StreamClaims;
import com.voiceagent.gateway.token.StreamEnd;
import com.voiceagent.gateway.token.StreamGrant;
import com.voiceagent.schemas.Topics;
import com.voiceagent.twiliokit.media.MediaStreamClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;

/**
 * A claim that takes long to confirm (the calls ledger slow, as right after a broker fails over) while Twilio
 * streams the caller's audio in real time: the audio that arrived during the wait is the caller speaking, not
 * audio running ahead of real time, and the call goes on.
 */
@ExtendWith(OutputCaptureExtension.class)
@Import(SlowClaimIT.SlowClaims.class)
@TestPropertySource(properties = "voice.gateway.inbound.max-audio-ahead=2s")
class SlowClaimIT extends GatewayTestBase {
  static final Duration CLAIM_DELAY = Duration.ofMillis(2_500);

  @Test
  void audioThatArrivesWhileTheClaimIsConfirmedIsNotAheadOfRealTime(CapturedOutput output) throws Exception {
    MediaStreamClient call = connectStream(newCallSid());
    call.connected().start(Map.of("token", tokenFor(call.callSid())));
    byte[] speech = LimitsIT.speechWithPauses(4);
    for (int offset = 0; offset < speech.length; offset += 160) {
      call.sendText(LimitsIT.media(call, offset / 8, Arrays.copyOfRange(speech, offset, offset + 160)));
      Thread.sleep(20);
    }

    // This context has a broker of its own: the shared tap reads another one.
    try (KafkaTap utterances = new KafkaTap(broker.getBrokersAsString(), List.of(Topics.UTTERANCES.name()))) {
      utterances.await(Utterance.class, u -> u.getCallSid().equals(call.callSid()));
    }
    assertThat(output.getOut()).doesNotContain("ahead of real time");
    assertThat(call.isOpen()).isTrue();
    call.close();
  }

  /** The real claims, each answered {@link #CLAIM_DELAY} late. */
  @TestConfiguration
  static class SlowClaims {
    @Bean
    @Primary
    StreamClaims slowClaims(@Qualifier("streamClaims") StreamClaims real) {
      return new StreamClaims() {
        @Override
        public Claimed claim(StreamGrant grant, String streamSid) {
          try {
            Thread.sleep(CLAIM_DELAY);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return real.claim(grant, streamSid);
        }

        @Override
        public void turnPublished(StreamGrant grant, String streamSid, int turn) {
          real.turnPublished(grant, streamSid, turn);
        }

        @Override
        public void release(StreamGrant grant, String streamSid, StreamEnd reason, int lastTurn) {
          real.release(grant, streamSid, reason, lastTurn);
        }

        @Override
        public void callCompleted(String callSid) {
          real.callCompleted(callSid);
        }

        @Override
        public Resume resume(String callSid, Instant previousToken) {
          return real.resume(callSid, previousToken);
        }

        @Override
        public Optional<CallLedger.Entry> find(String callSid) {
          return real.find(callSid);
        }
      };
    }
  }
}
