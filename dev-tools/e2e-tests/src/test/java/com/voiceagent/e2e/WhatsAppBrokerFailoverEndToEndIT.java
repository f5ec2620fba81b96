package com.voiceagent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.fixtures.LatencyModel;
import com.voiceagent.fixtures.TwilioRestFixture;
import com.voiceagent.launcher.LocalKafkaCluster;
import com.voiceagent.launcher.LocalPostgres;
import com.voiceagent.schemas.Topics;
import com.voiceagent.twiliokit.TwilioSigner;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A broker of three killed with SIGKILL while WhatsApp messages keep arriving: whatsapp-service and dialog-service
 * each in its own JVM from its jar, whatsapp-service on the launcher's PostgreSQL, replies sent to the Twilio REST
 * fixture, each broker a process formatted as {@code ./voice up --brokers 3} does (replication 3,
 * {@code min.insync.replicas} 2). The customers are chosen so that one broker leads the partitions of every one of
 * them on both hops through Kafka (whatsapp.inbound and text.replies), and that broker is the one killed.
 */
@Tag("failover")
class WhatsAppBrokerFailoverEndToEndIT {
  private static final LatencyModel ENGINES = new LatencyModel(Duration.ofMillis(300), Duration.ofMillis(300), 60,
      Duration.ofMillis(200));
  private static final String OUR_NUMBER = "whatsapp:" + Stack.NUMBER;
  private static final String PATH = "/webhook/whatsapp/incoming";
  private static final int CUSTOMERS = 4;
  private static final int MESSAGES = 60;
  /** The broker is killed after this many messages: a third of the series before it, two thirds during and after. */
  private static final int KILLED_AFTER = 20;
  private static final Duration BETWEEN_MESSAGES = Duration.ofMillis(150);
  private static final Duration ALL_ANSWERED_WITHIN = Duration.ofSeconds(180);
  /**
   * How long after the last message a second reply could still appear: the inbound outbox publishes a record whose
   * acknowledgement it missed again after its lease (30 s), so the test watches past that before counting.
   */
  private static final Duration DUPLICATES_WATCHED_FOR = Duration.ofSeconds(40);

  /** One signed webhook as sent and as answered. */
  private record Sent(String messageSid, String customer, int status, Instant answeredAt) {}

  /** The outbox row of a reply: which inbound message it answers, its Twilio SID and when it was recorded sent. */
  private record Reply(String inReplyTo, String state, String messageSid, Instant sentAt) {}

  @Test
  void aBrokerOfThreeKilledWhileMessagesArriveLosesNoReplyAndSendsNoneTwice() throws Exception {
    Path run = Files.createDirectories(Path.of("target")).resolve("e2e-whatsapp-failover-" + UUID.randomUUID());
    try (LocalKafkaCluster kafka = LocalKafkaCluster.start(run.resolve("kafka"), 3, BrokerFailoverEndToEndIT.brokerClasspath(),
            Duration.ofSeconds(240));
         LocalPostgres postgres = LocalPostgres.start(Stack.freePort(), run.resolve("postgres-data"),
             Path.of("target", "e2e-logs", "whatsapp-failover-postgres.log"));
         Stack stack = new Stack(ENGINES, kafka.bootstrapServers());
         TwilioRestFixture twilio = TwilioRestFixture.start(Stack.ACCOUNT_SID, stack.authToken)) {
      stack.withEnv("VOICE_PLATFORM_REPLICATIONFACTOR", "3") // as ./voice up --brokers 3 sets it
          .withEnv("TWILIO_ACCOUNT_SID", Stack.ACCOUNT_SID).withEnv("TWILIO_API_BASE_URL", twilio.baseUrl())
          .withDialog("dialog-1").withWhatsApp("whatsapp-1", postgres.jdbcUrl(), LocalPostgres.USER, LocalPostgres.PASSWORD)
          .awaitStarted();
      int port = stack.whatsAppPort("whatsapp-1");
      PartitionLeaders inbound = PartitionLeaders.of(kafka.bootstrapServers(), Topics.WHATSAPP_INBOUND.name());
      PartitionLeaders replies = PartitionLeaders.of(kafka.bootstrapServers(), Topics.TEXT_REPLIES.name());
      List<String> customers = customersLedByOneBroker(inbound, replies);
      int leader = inbound.leaderOf(customers.getFirst());

      HttpClient http = HttpClient.newHttpClient();
      // Warm-up: each conversation answered once, so that the series measures the system warm, not its first answers
      // (the first LLM call of a fresh JVM can outlast the dialog's budget and be answered by the fallback).
      List<Sent> warmUp = new ArrayList<>();
      for (String customer : customers) {
        warmUp.add(send(http, port, stack.authToken, customer, -1));
      }
      await().atMost(ALL_ANSWERED_WITHIN).pollInterval(Duration.ofMillis(200))
          .until(() -> twilio.requests(TwilioRestFixture.Endpoint.MESSAGE_SEND).size() >= CUSTOMERS);

      List<Sent> series = new ArrayList<>();
      Instant killedAt = null;
      for (int n = 0; n < MESSAGES; n++) {
        if (n == KILLED_AFTER) {
          kafka.kill(leader);
          killedAt = Instant.now();
        }
        series.add(send(http, port, stack.authToken, customers.get(n % CUSTOMERS), n));
        Thread.sleep(BETWEEN_MESSAGES);
      }
      Instant lastSent = series.getLast().answeredAt();
      List<Sent> sent = new ArrayList<>(warmUp);
      sent.addAll(series);
      List<Sent> accepted = sent.stream().filter(s -> s.status() / 100 == 2).toList();
      await().atMost(ALL_ANSWERED_WITHIN).pollInterval(Duration.ofMillis(200))
          .until(() -> twilio.requests(TwilioRestFixture.Endpoint.MESSAGE_SEND).size() >= accepted.size());
      Duration watched = Duration.between(lastSent, Instant.now());
      if (watched.compareTo(DUPLICATES_WATCHED_FOR) < 0) {
        Thread.sleep(DUPLICATES_WATCHED_FOR.minus(watched));
      }

      // The figures first, so that a failing run still shows them.
      Map<String, Reply> outbox = replies(postgres);
      Instant kill = killedAt;
      Duration firstReplyAfterTheKill = twilio.requests(TwilioRestFixture.Endpoint.MESSAGE_SEND).stream()
          .map(TwilioRestFixture.Request::receivedAt).filter(at -> at.isAfter(kill)).min(Instant::compareTo)
          .map(at -> Duration.between(kill, at)).orElse(null);
      Map<String, Duration> delays = new LinkedHashMap<>();
      for (Sent message : series) {
        Reply reply = outbox.get(message.messageSid());
        if (reply != null && reply.sentAt() != null) {
          delays.put(message.messageSid(), Duration.between(message.answeredAt(), reply.sentAt()));
        }
      }
      // A reply already past Kafka at the kill may be the first after it; the first reply to a message that arrived
      // after the kill shows how long the pipeline itself took to recover.
      Duration firstAnswerToANewMessage = series.stream().filter(s -> s.answeredAt().isAfter(kill))
          .map(s -> outbox.get(s.messageSid())).filter(r -> r != null && r.sentAt() != null).map(Reply::sentAt)
          .min(Instant::compareTo).map(at -> Duration.between(kill, at)).orElse(null);
      List<Long> beforeTheKill = series.subList(0, KILLED_AFTER).stream().map(s -> delays.get(s.messageSid()))
          .filter(d -> d != null).map(Duration::toMillis).sorted().toList();
      System.out.printf("WhatsApp, broker %d of 3 killed after %d of %d messages (%d customers, one every %d ms, after"
              + " one warm-up message each): %d accepted, %d replies sent in all; first reply after the kill %d ms after"
              + " it, first reply to a message sent after the kill %d ms after it; longest reply delay %d ms (before the"
              + " kill: median %d ms, longest %d ms)%n",
          leader, KILLED_AFTER, MESSAGES, CUSTOMERS, BETWEEN_MESSAGES.toMillis(), accepted.size(),
          twilio.requests(TwilioRestFixture.Endpoint.MESSAGE_SEND).size(), millis(firstReplyAfterTheKill),
          millis(firstAnswerToANewMessage), delays.values().stream().mapToLong(Duration::toMillis).max().orElse(-1),
          beforeTheKill.isEmpty() ? -1 : beforeTheKill.get(beforeTheKill.size() / 2),
          beforeTheKill.isEmpty() ? -1 : beforeTheKill.getLast());

      assertThat(kafka.isAlive(leader)).as("the broker killed stayed down for the whole series").isFalse();
      assertThat(accepted).as("every webhook answered 2xx: it needs only the database").hasSize(sent.size());
      for (String customer : customers) {
        long toCustomer = accepted.stream().filter(s -> s.customer().equals(customer)).count();
        assertThat(twilio.sendsTo(customer)).as("Twilio asked to send exactly one reply per message of " + customer)
            .hasSize((int) toCustomer);
        assertThat(twilio.acceptedSidsTo(customer)).as("Twilio created exactly one reply per message of " + customer)
            .hasSize((int) toCustomer);
        assertThat(accepted.stream().filter(s -> s.customer().equals(customer)).map(s -> outbox.get(s.messageSid()))
            .filter(r -> r != null).map(Reply::messageSid).toList())
            .as("the outbox's replies to " + customer + " are the messages Twilio created")
            .containsExactlyInAnyOrderElementsOf(twilio.acceptedSidsTo(customer));
      }
      assertThat(outbox.keySet()).as("one reply row per accepted message, none for anything else")
          .containsExactlyInAnyOrderElementsOf(accepted.stream().map(Sent::messageSid).toList());
      assertThat(outbox.values()).as("every reply sent").allMatch(r -> r.state().equals("sent"));
      assertThat(firstReplyAfterTheKill).as("replies went on after the kill").isNotNull();

      // What makes this test mean something: the messages did go through the partitions the killed broker led.
      Map<String, Integer> inboundPartitions = new HashMap<>();
      TopicReader.readAll(kafka.bootstrapServers(), Topics.WHATSAPP_INBOUND.name(), new ByteArrayDeserializer())
          .forEach(record -> inboundPartitions.put(record.key(), record.partition()));
      for (String customer : customers) {
        assertThat(inboundPartitions.get(customer)).as("the partition of " + customer + "'s messages on whatsapp.inbound")
            .isEqualTo(inbound.partitionOf(customer));
      }
    }
  }

  /**
   * Customers ({@code whatsapp:+9725...}) whose partitions on both hops are led by one broker, the leader of the first
   * one's whatsapp.inbound partition.
   */
  private static List<String> customersLedByOneBroker(PartitionLeaders inbound, PartitionLeaders replies) {
    Random random = new Random();
    List<String> customers = new ArrayList<>();
    Integer leader = null;
    for (int attempt = 0; attempt < 10_000 && customers.size() < CUSTOMERS; attempt++) {
      String candidate = "whatsapp:+9725" + (10_000_000 + random.nextInt(90_000_000));
      int candidateLeader = inbound.leaderOf(candidate);
      if (leader == null) {
        leader = candidateLeader;
      }
      if (candidateLeader == leader && replies.leaderOf(candidate) == leader && !customers.contains(candidate)) {
        customers.add(candidate);
      }
    }
    assertThat(customers).as("customers whose partitions broker " + leader + " leads on both topics").hasSize(CUSTOMERS);
    return customers;
  }

  /** One inbound message as Twilio posts it: a distinct MessageSid, signed over the service's public address. */
  private static Sent send(HttpClient http, int port, String authToken, String customer, int n) throws Exception {
    String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
    Map<String, String> form = new LinkedHashMap<>();
    form.put("MessageSid", sid);
    form.put("SmsMessageSid", sid);
    form.put("AccountSid", Stack.ACCOUNT_SID);
    form.put("From", customer);
    form.put("To", OUR_NUMBER);
    form.put("Body", (n < 0 ? "שלום" : "הודעה מספר " + n) + ": מה שעות הפתיחה שלכם?");
    form.put("NumMedia", "0");
    form.put("WaId", customer.substring("whatsapp:+".length()));
    String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + PATH))
        .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
        .header("X-Twilio-Signature", TwilioSigner.sign(authToken, "https://localhost:" + port + PATH, form))
        .timeout(Duration.ofSeconds(15)) // Twilio's own webhook timeout
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    return new Sent(sid, customer, answer.statusCode(), Instant.now());
  }

  /** Every reply row of the outbox by the inbound message it answers (a second row for one message fails the test). */
  private static Map<String, Reply> replies(LocalPostgres postgres) throws Exception {
    Map<String, Reply> replies = new HashMap<>();
    try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), LocalPostgres.USER, LocalPostgres.PASSWORD);
         Statement query = db.createStatement();
         ResultSet rows = query.executeQuery("select in_reply_to, state, message_sid, updated_at from outbound_message"
             + " where in_reply_to is not null")) {
      while (rows.next()) {
        Reply reply = new Reply(rows.getString(1), rows.getString(2), rows.getString(3),
            rows.getTimestamp(4) == null ? null : rows.getTimestamp(4).toInstant());
        assertThat(replies.put(reply.inReplyTo(), reply)).as("a second reply row for " + reply.inReplyTo()).isNull();
      }
    }
    return replies;
  }

  private static long millis(Duration duration) {
    return duration == null ? -1 : duration.toMillis();
  }
}
