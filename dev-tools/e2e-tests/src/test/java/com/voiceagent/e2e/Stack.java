package com.voiceagent.e2e;

import com.voiceagent.fixtures.GoogleTtsFixture;
import com.voiceagent.fixtures.LatencyModel;
import com.voiceagent.fixtures.OpenAiFixture;
import com.voiceagent.twiliokit.media.MediaStreamClient;
import com.voiceagent.twiliokit.media.StreamIds;
import com.voiceagent.twiliokit.media.TwilioDialer;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The whole voice system on this machine: a real KRaft broker, the vendor fixtures, and each service in
 * its own JVM from its executable jar, configured through environment variables as in production.
 */
final class Stack implements AutoCloseable {
  /** Eight JVMs starting at once on two cores take minutes; a service that does not come up fails earlier. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(300);
  static final String ACCOUNT_SID = "ACe2e00000000000000000000000000000";
  static final String CALLER = "+972501234567";
  static final String NUMBER = "+97231234567";
  final String authToken = "e2e-auth-token-" + UUID.randomUUID();
  /** The embedded broker this stack started, or null when it was given one (a container). */
  final EmbeddedKafkaKraftBroker broker;
  private final String bootstrapServers;
  final OpenAiFixture openAi;
  final GoogleTtsFixture google;
  private final List<ServiceProcess> services = new ArrayList<>();
  private final Map<String, Integer> gatewayPorts = new HashMap<>();
  private final Map<String, Integer> whatsAppPorts = new HashMap<>();
  private List<String> jvmOptions = ServiceProcess.TEST_JVM;
  private final Map<String, String> extraEnv = new HashMap<>();
  private String publicHost;

  Stack(LatencyModel latency) throws Exception {
    broker = new EmbeddedKafkaKraftBroker(1, 12);
    // One broker, and the failover bounds the local run's broker allows (docs/running.md, "Failover settings").
    broker.brokerProperties(java.util.Map.of(
        "share.coordinator.state.topic.replication.factor", "1", "share.coordinator.state.topic.min.isr", "1",
        "group.share.min.session.timeout.ms", "1000", "group.share.min.heartbeat.interval.ms", "500",
        "group.consumer.min.session.timeout.ms", "1000", "group.consumer.min.heartbeat.interval.ms", "500",
        "group.share.min.record.lock.duration.ms", "1000"));
    broker.afterPropertiesSet();
    bootstrapServers = broker.getBrokersAsString();
    openAi = OpenAiFixture.start(0, latency);
    google = GoogleTtsFixture.start(0, latency);
  }

  /** The same system on a broker someone else runs (a KafkaContainer), which it neither starts nor stops. */
  Stack(LatencyModel latency, String bootstrapServers) throws Exception {
    broker = null;
    this.bootstrapServers = bootstrapServers;
    openAi = OpenAiFixture.start(0, latency);
    google = GoogleTtsFixture.start(0, latency);
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Services started after this run with the JVM options `./voice up` gives them (for benchmarks), or with
   * {@code -Dbench.jvmOptions="..."} when given, to compare JVM settings (a collector, a heap size) on the same run.
   */
  Stack withProductionJvm() {
    String asked = System.getProperty("bench.jvmOptions", "").trim();
    jvmOptions = asked.isEmpty() ? ServiceProcess.PRODUCTION_JVM : List.of(asked.split("\\s+"));
    return this;
  }

  /**
   * Gateways started after this share one public host, as behind a load balancer: Twilio signs every webhook
   * and the Redirect over it, whichever gateway the test sends them to.
   */
  Stack behindOnePublicHost(String host) {
    publicHost = host;
    return this;
  }

  /** A setting given to every service started after this. */
  Stack withEnv(String name, String value) {
    extraEnv.put(name, value);
    return this;
  }

  Stack withGateway(String instanceId) throws Exception {
    int port = freePort();
    gatewayPorts.put(instanceId, port);
    Map<String, String> env = env(Map.of("INSTANCE_ID", instanceId,
        "GATEWAY_PORT", String.valueOf(port), "SERVER_PORT", String.valueOf(port),
        "PUBLIC_HOST", publicHost != null ? publicHost : "localhost:" + port));
    // The benchmark places 50 calls within seconds: more than the production budget of 30 per minute.
    env.put("VOICE_EDGE_RATELIMITS_0_PATH", "/webhook/incoming_call");
    env.put("VOICE_EDGE_RATELIMITS_0_PERMINUTE", "100000");
    services.add(ServiceProcess.start("gateway-" + instanceId, "gateway", env, jvmOptions));
    return this;
  }

  /** stt (openai), dialog (openai) and tts (google), all against the fixtures; each logs as its instance id. */
  Stack withStages() throws Exception {
    return withStageInstances(1);
  }

  /** Two instances of each stage (stt-1, stt-2, dialog-1, ...). */
  Stack withTwoOfEachStage() throws Exception {
    return withStageInstances(2);
  }

  private Stack withStageInstances(int count) throws Exception {
    for (int n = 1; n <= count; n++) {
      services.add(ServiceProcess.start("stt-" + n, "stt-service", env(Map.of("STT_ENGINE", "openai", "INSTANCE_ID", "stt-" + n)), jvmOptions));
      withDialog("dialog-" + n);
      services.add(ServiceProcess.start("tts-" + n, "tts-service", env(Map.of("TTS_ENGINE", "google", "INSTANCE_ID", "tts-" + n)), jvmOptions));
    }
    return this;
  }

  /** One dialog-service (openai, against the fixture): the brain of calls and of WhatsApp conversations alike. */
  Stack withDialog(String instanceId) throws Exception {
    services.add(ServiceProcess.start(instanceId, "dialog-service",
        env(Map.of("DIALOG_ENGINE", "openai", "INSTANCE_ID", instanceId)), jvmOptions));
    return this;
  }

  /**
   * One whatsapp-service on its own port and public host, its messages in the given PostgreSQL; it sends as
   * {@code whatsapp:}{@link #NUMBER}. Twilio's REST address and account come from {@link #withEnv}
   * (TWILIO_API_BASE_URL, TWILIO_ACCOUNT_SID), as for the gateway.
   */
  Stack withWhatsApp(String instanceId, String jdbcUrl, String user, String password) throws Exception {
    int port = freePort();
    whatsAppPorts.put(instanceId, port);
    services.add(ServiceProcess.start(instanceId, "whatsapp-service", env(Map.of("INSTANCE_ID", instanceId,
        "WHATSAPP_PORT", String.valueOf(port), "PUBLIC_HOST", "localhost:" + port,
        "TWILIO_WHATSAPP_NUMBER", "whatsapp:" + NUMBER, "SPRING_DATASOURCE_URL", jdbcUrl,
        "SPRING_DATASOURCE_USERNAME", user, "SPRING_DATASOURCE_PASSWORD", password,
        // The pool gives a connection 2 s (a webhook must not hang on a dead database); on two busy cores the first
        // connection at startup can take longer, and Flyway, which migrates before anything else, then ends the
        // service. Retrying the migration's connection changes nothing once the service runs.
        "SPRING_FLYWAY_CONNECTRETRIES", "10")), jvmOptions));
    return this;
  }

  int whatsAppPort(String instanceId) {
    return whatsAppPorts.get(instanceId);
  }

  /** The running services whose name starts with the prefix ("stt-", "gateway-"). */
  List<ServiceProcess> services(String prefix) {
    return services.stream().filter(s -> s.name().startsWith(prefix)).toList();
  }

  /** Waits for every service; one that does not come up stops the whole stack, so no process outlives the test. */
  Stack awaitStarted() throws Exception {
    try {
      for (ServiceProcess service : services) {
        service.awaitStarted(START_TIMEOUT);
      }
    } catch (Exception | Error e) {
      close();
      throw e;
    }
    return this;
  }

  int gatewayPort(String instanceId) {
    return gatewayPorts.get(instanceId);
  }

  /** Calls into that gateway as Twilio would, on the shared public host if there is one, else on its own address. */
  TwilioDialer dialer(String gatewayId) {
    String address = "localhost:" + gatewayPort(gatewayId);
    return new TwilioDialer(address, publicHost != null ? publicHost : address, authToken);
  }

  /** A call answered by that gateway, its line running: line silence until the caller says something. */
  MediaStreamClient dial(String gatewayId, String callSid) throws Exception {
    return dialer(gatewayId).dial(StreamIds.forCall(ACCOUNT_SID, callSid), CALLER, NUMBER).startLine();
  }

  private Map<String, String> env(Map<String, String> specific) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    env.put("TWILIO_AUTH_TOKEN", authToken);
    env.put("OPENAI_API_KEY", "fixture-key");
    env.put("OPENAI_BASE_URL", openAi.baseUrl());
    env.put("GOOGLE_TTS_ENDPOINT", google.endpoint());
    // Up to eight JVMs start at once on two cores beside the broker, often while other builds run: its first
    // answer can take longer than the production default (30 s), and a service that gives up fails the test.
    env.put("VOICE_PLATFORM_BROKERSTARTUPTIMEOUT", "60s");
    env.putAll(extraEnv);
    env.putAll(specific);
    return env;
  }

  static String newCallSid() {
    return "CA" + UUID.randomUUID().toString().replace("-", "");
  }

  static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    for (ServiceProcess service : services) {
      service.close();
    }
    openAi.close();
    google.close();
    if (broker != null) {
      broker.destroy();
    }
  }
}
