package com.voiceagent.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.events.ReplyAudio;
import com.voiceagent.events.ReplyKind;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Runs in a JVM of its own (schemas/pom.xml), with Avro's trust property unset, as a service would. */
class TrustedPackagesTest {

  @Test
  void anEventBuiltBeforeAnythingElseIsTouchedCanBeWrittenAndRead() {
    assertThat(System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES")).isNull();
    // Building an event with a nested record first: Avro validates the nested class before any serde or
    // catalogue class has loaded.
    ReplyAudio audio = ReplyAudio.newBuilder().setCallSid("CA1").setTurn(0).setProducer("tts").setEventTime(Instant.EPOCH)
        .setSeq(0).setLast(true).setText("שלום").setKind(ReplyKind.GREETING).setAudio(ByteBuffer.wrap(new byte[] {1}))
        .build();
    AvroSerde<ReplyAudio> serde = AvroSerde.of(ReplyAudio.class);
    assertThat(serde.deserialize("voice.audio.gw", serde.serialize("voice.audio.gw", audio))).isEqualTo(audio);
    assertThat(org.apache.avro.util.ClassSecurityValidator.getGlobal().isTrusted(ReplyAudio.class)).isTrue();
  }
}
