package com.voiceagent.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.events.ReplyAudio;
import com.voiceagent.events.ReplyKind;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TrustedPackagesTest {

  @Test
  void eventsAreReadableEvenWhenAvrosValidatorInitialisedBeforeTheSerde() {
    // Building an event first initialises Avro's validator from the (unset) system property.
    ReplyAudio audio = ReplyAudio.newBuilder().setCallSid("CA1").setTurn(0).setProducer("tts").setEventTime(Instant.EPOCH)
        .setSeq(0).setLast(true).setText("שלום").setKind(ReplyKind.GREETING).setAudio(ByteBuffer.wrap(new byte[] {1}))
        .build();
    AvroSerde<ReplyAudio> serde = AvroSerde.of(ReplyAudio.class);
    assertThat(serde.deserialize("voice.audio.gw", serde.serialize("voice.audio.gw", audio))).isEqualTo(audio);
    assertThat(org.apache.avro.util.ClassSecurityValidator.getGlobal().isTrusted(ReplyAudio.class)).isTrue();
  }
}
