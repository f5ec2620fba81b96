package com.voiceagent.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voiceagent.events.ConversationState;
import com.voiceagent.events.TextReply;
import com.voiceagent.events.Utterance;
import com.voiceagent.events.WhatsAppInbound;
import com.voiceagent.events.WhatsAppStatus;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules of docs/schema-evolution.md, checked: every topic's value schema is released in
 * schema-history, the current schema can read every released version, and data written with an
 * older schema is readable by the current code.
 */
class SchemaEvolutionTest {

  @Test
  void everyCatalogueTypeHasAReleasedSchemaEqualToOrOlderThanTheCurrentOne() {
    for (TopicSpec<?> spec : catalogueIncludingReplyAudio()) {
      var released = SchemaHistory.releasedVersions(spec.valueType());
      assertThat(released).as("schema-history/%s/v1.avsc must exist", spec.valueType().getSimpleName()).isNotEmpty();
      Schema current = SpecificData.get().getSchema(spec.valueType());
      Schema latest = released.get(released.size() - 1);
      assertThat(SchemaNormalization.parsingFingerprint64(latest))
          .as("%s changed since its last released version: add schema-history/%s/v%d.avsc (the new schema) "
                  + "so data written by this version stays readable", spec.valueType().getSimpleName(),
              spec.valueType().getSimpleName(), released.size() + 1)
          .isEqualTo(SchemaNormalization.parsingFingerprint64(current));
    }
  }

  @Test
  void theCurrentSchemaCanReadEveryReleasedVersion() {
    for (TopicSpec<?> spec : catalogueIncludingReplyAudio()) {
      Schema current = SpecificData.get().getSchema(spec.valueType());
      for (Schema writer : SchemaHistory.releasedVersions(spec.valueType())) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(current, writer);
        assertThat(result.getType()).as("%s: %s", spec.valueType().getSimpleName(), result.getDescription())
            .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
      }
    }
  }

  @Test
  void dataWrittenWithAnOlderSchemaIsReadByTheCurrentClass() throws Exception {
    Schema older = parse("older/Utterance-v0.avsc");
    GenericRecord old = new GenericData.Record(older);
    old.put("callSid", "CA-old");
    old.put("turn", 2);
    old.put("producer", "gateway-old");
    old.put("eventTime", 1_700_000_000_000L);
    old.put("replyTo", "voice.audio.gw1");
    old.put("streamSid", "MZ1");
    old.put("sampleRate", 8000);
    old.put("audio", ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
    old.put("streamStartMs", 100L);
    old.put("streamEndMs", 900L);
    old.put("speechEndedAt", 1_700_000_000_900L);
    old.put("droppedLater", "ignored");
    byte[] bytes = toBytes(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(old));

    SchemaStore.Cache history = new SchemaStore.Cache();
    history.addSchema(older);
    Utterance read = new org.apache.avro.message.BinaryMessageDecoder<Utterance>(
        SpecificData.getForClass(Utterance.class), Utterance.getClassSchema(), history).decode(bytes);

    assertThat(read.getCallSid()).isEqualTo("CA-old");
    assertThat(read.getEventTime()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
    assertThat(read.getCutAtMaxLength()).as("new field takes its default").isFalse();
    assertThat(read.getTimeline()).isEmpty();
  }

  /** v2 renamed callSid to conversationId on text-channel records (with an alias): v1 records still read. */
  @ParameterizedTest
  @ValueSource(classes = {WhatsAppInbound.class, WhatsAppStatus.class, TextReply.class, ConversationState.class})
  void aConversationIdWrittenAsCallSidByV1IsReadAsConversationId(Class<? extends SpecificRecord> type) throws Exception {
    Schema v1 = SchemaHistory.releasedVersions(type).getFirst();
    assertThat(v1.getField("callSid")).as("v1 of %s called it callSid", type.getSimpleName()).isNotNull();
    GenericRecord old = (GenericRecord) new RandomData(GenericData.get(), v1, 1, 7L).iterator().next();
    old.put("callSid", "whatsapp:+972501234567");
    byte[] bytes = toBytes(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old));

    SpecificRecord read = AvroSerde.of(type).deserialize("any", bytes);

    assertThat(read.get(read.getSchema().getField("conversationId").pos())).isEqualTo("whatsapp:+972501234567");
  }

  @Test
  void aRecordWrittenWithAnUnknownSchemaIsRefusedWithAClearError() throws Exception {
    Schema older = parse("older/Utterance-v0.avsc");
    GenericRecord old = new GenericData.Record(older);
    older.getFields().forEach(f -> old.put(f.name(), switch (f.schema().getType()) {
      case STRING -> "s";
      case INT -> 1;
      case LONG -> 1L;
      case BYTES -> ByteBuffer.wrap(new byte[0]);
      default -> null;
    }));
    byte[] bytes = toBytes(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(old));

    // The released history does not contain this pre-release shape.
    assertThatThrownBy(() -> AvroSerde.of(Utterance.class).deserialize("voice.utterances", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Cannot read a Utterance from topic voice.utterances");
  }

  @Test
  void addingAFieldWithoutADefaultIsCaughtByTheCompatibilityCheck() {
    Schema current = Utterance.getClassSchema();
    String withRequiredField = current.toString().replaceFirst("\"fields\":\\[",
        "\"fields\":[{\"name\":\"mandatoryNewField\",\"type\":\"string\"},");
    Schema reader = new Schema.Parser().parse(withRequiredField);
    var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, current);
    assertThat(result.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
  }

  @Test
  void eventsRoundTripThroughTheSerde() {
    Utterance u = Utterance.newBuilder().setCallSid("CA1").setTurn(1).setProducer("gw").setEventTime(Instant.ofEpochMilli(5))
        .setReplyTo("voice.audio.gw").setStreamSid("MZ1").setSampleRate(8000).setAudio(ByteBuffer.wrap(new byte[] {9, 8}))
        .setStreamStartMs(0).setStreamEndMs(20).setSpeechEndedAt(Instant.ofEpochMilli(6)).build();
    AvroSerde<Utterance> serde = Topics.UTTERANCES.serde();
    assertThat(serde.deserialize("voice.utterances", serde.serialize("voice.utterances", u))).isEqualTo(u);
  }

  private static java.util.List<TopicSpec<? extends SpecificRecord>> catalogueIncludingReplyAudio() {
    var all = new java.util.ArrayList<TopicSpec<? extends SpecificRecord>>(Topics.all());
    all.add(Topics.replyAudio("any"));
    return all;
  }

  private static Schema parse(String resource) throws Exception {
    try (InputStream in = SchemaEvolutionTest.class.getClassLoader().getResourceAsStream(resource)) {
      return new Schema.Parser().parse(in);
    }
  }

  private static byte[] toBytes(ByteBuffer buffer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (buffer.hasRemaining()) {
      out.write(buffer.get());
    }
    return out.toByteArray();
  }
}
