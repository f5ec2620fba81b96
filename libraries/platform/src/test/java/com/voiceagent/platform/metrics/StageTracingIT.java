package com.voiceagent.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.events.CancelReason;
import com.voiceagent.events.InstanceHeartbeat;
import com.voiceagent.events.Transcript;
import com.voiceagent.events.TranscriptStatus;
import com.voiceagent.events.TurnCancelled;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.platform.kafka.TimelineRecords;
import com.voiceagent.platform.stage.Delivery;
import com.voiceagent.platform.stage.Stages;
import com.voiceagent.schemas.Topics;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.ContainerTestUtils;

/**
 * One trace per turn across stages, with the trace context in Kafka record headers only: a turn starts in the
 * test (as the gateway starts it), goes to a consumer-group stage, which publishes to a share-group stage (as stt
 * and tts consume). Real embedded broker, Spring Boot's OpenTelemetry tracing, an in-memory span exporter.
 */
@SpringBootTest(classes = StageTracingIT.App.class, properties = {
    "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
    "voice.platform.instance-id=tracing-it",
    "voice.platform.share-lock-duration=2s",
    "voice.platform.group-session-timeout=2s",
    "voice.platform.group-heartbeat-interval=500ms",
    "management.tracing.export.enabled=true",
    "management.opentelemetry.tracing.export.schedule-delay=50ms"})
@EmbeddedKafka(partitions = 1, brokerProperties = {
    "share.coordinator.state.topic.replication.factor=1",
    "share.coordinator.state.topic.min.isr=1",
    "group.share.min.record.lock.duration.ms=1000",
    "group.share.min.session.timeout.ms=1000",
    "group.share.min.heartbeat.interval.ms=500",
    "group.consumer.min.session.timeout.ms=1000",
    "group.consumer.min.heartbeat.interval.ms=500"})
class StageTracingIT {
  static final String INSTANCE = "tracing-it";
  /** The trace id each stage saw in its log context, by "stage/callSid". */
  static final Map<String, String> traceInLogContext = new ConcurrentHashMap<>();

  @SpringBootApplication
  static class App {
    @Bean
    InMemorySpanExporter spans() {
      return InMemorySpanExporter.create();
    }

    @Bean
    String stagesDeclared(Stages stages, EventPublisher publisher) {
      stages.stage("first").group("tracing-it-first").delivery(Delivery.VOICE)
          .on(Topics.CONTROL, inbound -> {
            traceInLogContext.put("first/" + inbound.key(), String.valueOf(MDC.get("traceId")));
            Instant received = inbound.receivedAt();
            Instant before = received.minusMillis(40);
            publisher.publish(Topics.TRANSCRIPTS, Transcript.newBuilder().setCallSid(inbound.key())
                .setTurn(inbound.value().getTurn()).setProducer(INSTANCE).setEventTime(Instant.now()).setReplyTo("voice.audio.gw")
                .setStatus(TranscriptStatus.OK).setText("שלום").setSpeechEndedAt(before)
                .setTimeline(TimelineRecords.append(
                    TimelineRecords.append(List.of(), "gateway", "endpointer", "gateway-1", before, 0, before),
                    "first", "fake-engine", INSTANCE, received, 20, received.plusMillis(30)))
                .build());
          })
          .start();
      stages.stage("second").group("tracing-it-second").delivery(Delivery.SHARED)
          .on(Topics.TRANSCRIPTS, inbound ->
              traceInLogContext.put("second/" + inbound.key(), String.valueOf(MDC.get("traceId"))))
          .start();
      return "declared";
    }
  }

  @Autowired EventPublisher publisher;
  @Autowired Stages stages;
  @Autowired ObservationRegistry observations;
  @Autowired Tracer tracer;
  @Autowired InMemorySpanExporter exporter;
  @Autowired PrometheusMeterRegistry prometheus;

  /** What the gateway does: a turn is an observation, and its record goes out while it is current. */
  private String turn(String callSid, int turn) {
    Observation observation = Observation.start("voice.turn", observations);
    try (Observation.Scope ignored = observation.openScope()) {
      publisher.publish(Topics.CONTROL, TurnCancelled.newBuilder().setCallSid(callSid).setTurn(turn).setProducer("test")
          .setEventTime(Instant.now()).setReason(CancelReason.BARGE_IN).setHeardSegments(0).setHeardText("").build());
      // Bookkeeping sent during a turn (the gateway's claim, dialog's snapshot) is no part of its trace.
      publisher.publish(Topics.INSTANCES, InstanceHeartbeat.newBuilder().setInstanceId(INSTANCE).setService("test")
          .setStartedAt(Instant.now()).setEventTime(Instant.now()).setIntervalMs(1000).build());
      return tracer.currentSpan().context().traceId();
    } finally {
      observation.stop();
    }
  }

  @Test
  void eachTurnIsOneTraceWithASpanForEveryStageAndEveryHop() {
    ContainerTestUtils.waitForAssignment(stages.container("first"), Topics.CONTROL.partitions());
    String one = turn("CA-trace-1", 1);
    String two = turn("CA-trace-2", 1);
    await().atMost(Duration.ofSeconds(30)).until(() -> traceInLogContext.containsKey("second/CA-trace-1")
        && traceInLogContext.containsKey("second/CA-trace-2"));
    await().atMost(Duration.ofSeconds(10)).until(() -> names(one).containsAll(List.of(
        "voice.control send", "first voice.control", "voice.transcripts send", "second voice.transcripts")));

    assertThat(one).isNotEqualTo(two);
    assertThat(traceInLogContext).containsEntry("first/CA-trace-1", one).containsEntry("second/CA-trace-1", one)
        .containsEntry("first/CA-trace-2", two).containsEntry("second/CA-trace-2", two);
    List<SpanData> trace = spans(one);
    assertThat(trace).filteredOn(span -> span.getKind() == SpanKind.PRODUCER).extracting(SpanData::getName)
        .containsExactlyInAnyOrder("voice.control send", "voice.transcripts send");
    // Each stage's span is its record's receive span, in a consumer group as in a share group: it continues the
    // trace from the record's headers, one observation per record.
    assertThat(trace).filteredOn(span -> span.getKind() == SpanKind.CONSUMER).extracting(SpanData::getName)
        .containsExactlyInAnyOrder("first voice.control", "second voice.transcripts");
    SpanData first = span(trace, "first voice.control");
    assertThat(first.getParentSpanId()).isEqualTo(span(trace, "voice.control send").getSpanId());
    SpanData sentByFirst = span(trace, "voice.transcripts send");
    assertThat(sentByFirst.getParentSpanId()).as("the stage's output is sent within the stage's span")
        .isEqualTo(first.getSpanId());
    assertThat(span(trace, "second voice.transcripts").getParentSpanId()).isEqualTo(sentByFirst.getSpanId());
    assertThat(exporter.getFinishedSpanItems()).extracting(SpanData::getName)
        .as("heartbeats are an untraced topic: no span, in the turn's trace or in one of their own")
        .doesNotContain(Topics.INSTANCES.name() + " send");
  }

  @Test
  void aStagesPublishedTimelineIsMeasuredByPart() {
    ContainerTestUtils.waitForAssignment(stages.container("first"), Topics.CONTROL.partitions());
    turn("CA-metrics", 1);
    await().atMost(Duration.ofSeconds(30)).until(() -> traceInLogContext.containsKey("second/CA-metrics"));
    String scrape = prometheus.scrape();
    assertThat(scrape)
        .contains("voice_stage_seconds_bucket{application=\"unnamed\",part=\"engine\",stage=\"first\",le=\"0.025\"}")
        .contains("voice_stage_seconds_count{application=\"unnamed\",part=\"own\",stage=\"first\"}")
        .contains("voice_stage_seconds_count{application=\"unnamed\",part=\"hop\",stage=\"first\"}")
        .doesNotContain("CA-metrics");
  }

  private List<SpanData> spans(String traceId) {
    return exporter.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
  }

  private List<String> names(String traceId) {
    return spans(traceId).stream().map(SpanData::getName).toList();
  }

  private static SpanData span(List<SpanData> trace, String name) {
    return trace.stream().filter(span -> span.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + trace.stream().map(SpanData::getName).toList()));
  }
}
