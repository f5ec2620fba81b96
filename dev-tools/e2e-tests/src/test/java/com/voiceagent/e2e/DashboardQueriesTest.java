package com.voiceagent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.gateway.call.CallEvents;
import com.voiceagent.gateway.call.CallerUtterance;
import com.voiceagent.gateway.call.TurnPlayed;
import com.voiceagent.gateway.metrics.FrameDelay;
import com.voiceagent.gateway.metrics.MeteredCallEvents;
import com.voiceagent.gateway.token.StreamEnd;
import com.voiceagent.platform.Timeline;
import com.voiceagent.platform.metrics.GroupLag;
import com.voiceagent.platform.metrics.StageMetrics;
import com.voiceagent.whatsapp.metrics.WhatsAppMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.AbstractDataSource;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard (ops/grafana/dashboards/voice-agent.json) and the Prometheus alert rules
 * (ops/prometheus/alerts.yml) parse, and every metric their PromQL names is one the services export: the names are
 * collected from a Prometheus registry on which the services' own meter code ran (stage timings, the gateway's call
 * events, WhatsApp's counters and outbox gauge, the share groups' lag, Kafka's client metrics as the platform binds them).
 */
class DashboardQueriesTest {
  /** PromQL words that are not metric names: aggregations, functions, keywords. */
  private static final Set<String> PROMQL_WORDS = Set.of("sum", "min", "max", "avg", "count", "rate", "increase", "irate",
      "deriv", "delta", "histogram_quantile", "clamp_min", "clamp_max", "min_over_time", "max_over_time", "avg_over_time",
      "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset", "abs",
      "time", "vector", "scalar", "topk", "bottomk", "absent", "le");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<AutoCloseable> clients = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable client : clients) {
      client.close();
    }
    registry.close();
  }

  @Test
  void everyDashboardQueryNamesAnExportedMetric() throws IOException {
    JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(ReadmeSettingsTest.repositoryRoot().resolve(
        "ops/grafana/dashboards/voice-agent.json")));
    List<String> queries = new ArrayList<>();
    dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> queries.add(target.path("expr").asString())));
    assertThat(dashboard.path("uid").asString()).isEqualTo("voice-agent");
    assertThat(queries).hasSizeGreaterThanOrEqualTo(10).allSatisfy(query -> assertThat(query).isNotBlank());

    assertNamesExported(queries);
  }

  @Test
  void everyAlertRuleNamesAnExportedMetric() throws IOException {
    Map<String, Object> rules = new Yaml().load(Files.readString(ReadmeSettingsTest.repositoryRoot().resolve("ops/prometheus/alerts.yml")));
    List<String> alerts = new ArrayList<>();
    List<String> queries = new ArrayList<>();
    for (Object group : (List<?>) rules.get("groups")) {
      for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
        alerts.add((String) ((Map<?, ?>) rule).get("alert"));
        queries.add((String) ((Map<?, ?>) rule).get("expr"));
      }
    }
    assertThat(alerts).containsExactlyInAnyOrder("VoiceTurnLatencyHigh", "VoiceFallbackRateHigh", "VoiceDeadLetters",
        "KafkaConsumerLagGrowing", "ShareGroupLagGrowing", "WhatsAppOutboxBacklog", "GatewayFramesLate");
    assertNamesExported(queries);
  }

  @Test
  void theNameExtractionSeesMetricsAndNotPromqlWords() {
    assertThat(metricNames("histogram_quantile(0.95, sum by (le, stage) (rate(voice_stage_seconds_bucket{part=\"hop\"}[5m]))) > 1.5"))
        .containsExactly("voice_stage_seconds_bucket");
    assertThat(metricNames("sum(rate(a_total[5m])) / sum(rate(b_count[5m])) and max by (client_id) (c) > 0"))
        .containsExactly("a_total", "b_count", "c");
  }

  private void assertNamesExported(List<String> queries) {
    Set<String> exported = exportedNames();
    Set<String> named = new TreeSet<>();
    queries.forEach(query -> named.addAll(metricNames(query)));
    assertThat(named).isNotEmpty();
    assertThat(exported).as("the metrics the services export").containsAll(named);
  }

  /** The series names of a scrape after the services' meter code ran once. */
  private Set<String> exportedNames() {
    StageMetrics stages = new StageMetrics(registry);
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    stages.published(Timeline.empty().append("gateway", "endpointer", "gateway-1", t, 0, t)
        .append("stt", "openai", "stt-service-1", t.plusMillis(5), 200, t.plusMillis(220)), "stt-service-1");
    stages.failed("stt", "stale");
    stages.deadLettered("voice.utterances");

    CallEvents nothing = new CallEvents() {
      @Override public void streamStarted(String callSid, String streamSid, Map<String, String> parameters, StreamEnd resumedAfter,
          int lastTurn) { }
      @Override public void streamStopped(String callSid, String streamSid, int lastTurn, StreamEnd reason) { }
      @Override public void utterance(CallerUtterance utterance) { }
      @Override public void turnCancelled(com.voiceagent.platform.control.TurnCancellation cancellation) { }
      @Override public void turnPlayed(TurnPlayed played) { }
    };
    MeteredCallEvents calls = new MeteredCallEvents(nothing, registry);
    calls.turnPlayed(new TurnPlayed("CA1", 1, t, t.plusMillis(700), "text",
        com.voiceagent.gateway.call.AgentSpeech.Kind.FALLBACK, t.plusMillis(650), 0, Timeline.empty()));
    MeteredCallEvents.callsActive(registry, () -> 1);
    new FrameDelay(registry).accept(12);

    WhatsAppMetrics whatsapp = new WhatsAppMetrics(registry, JdbcClient.create(new AbstractDataSource() {
      @Override public Connection getConnection() throws SQLException {
        throw new SQLException("no database in this test: the gauge reads NaN, and is exported");
      }

      @Override public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
      }
    }));
    whatsapp.inbound("received");
    whatsapp.outbound("sent");

    // The groups' lag, as the broker's answers are recorded (no broker needed to register the gauges).
    GroupLag lag = new GroupLag(registry, Map::of, Map::of, () -> {
      throw new AssertionError("not asked");
    });
    lag.recordShareGroup("stt-service", List.of("voice.utterances"), Map.of(new TopicPartition("voice.utterances", 0),
        new SharePartitionOffsetInfo(0, Optional.empty(), Optional.of(3L))));
    TopicPartition transcripts = new TopicPartition("voice.transcripts", 0);
    lag.recordConsumerGroup("dialog-service", List.of("voice.transcripts"), Map.of(transcripts, new OffsetAndMetadata(1)),
        Map.of(transcripts, 4L));

    // Kafka's producer metrics, bound as KafkaPlatformConfiguration binds them (no broker needed to register them).
    KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", "localhost:1"),
        new StringSerializer(), new StringSerializer());
    clients.add(producer);
    new MicrometerProducerListener<String, String>(registry).producerAdded("producer", producer);

    Set<String> names = new TreeSet<>();
    registry.scrape().lines().filter(line -> !line.startsWith("#") && !line.isBlank())
        .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
    return names;
  }

  /** The metric names a PromQL expression reads: identifiers outside label matchers, ranges, strings and groupings. */
  static List<String> metricNames(String promql) {
    String stripped = promql
        .replaceAll("\"[^\"]*\"", "")
        .replaceAll("\\{[^}]*}", " ")
        .replaceAll("\\[[^\\]]*]", " ")
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    List<String> names = new ArrayList<>();
    Matcher matcher = IDENTIFIER.matcher(stripped);
    while (matcher.find()) {
      String word = matcher.group();
      boolean call = stripped.substring(matcher.end()).stripLeading().startsWith("(");
      boolean number = matcher.start() > 0 && Character.isDigit(stripped.charAt(matcher.start() - 1));
      if (!call && !number && !PROMQL_WORDS.contains(word) && !names.contains(word)) {
        names.add(word);
      }
    }
    return names;
  }
}
