package com.voiceagent.gateway.webhook;

import com.voiceagent.events.CallLifecycle;
import com.voiceagent.gateway.GatewayApplication;
import com.voiceagent.schemas.AvroSerde;
import com.voiceagent.schemas.Topics;
import com.voiceagent.twiliokit.TwilioSigner;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The whole gateway on a random port, signature validation ON with a test token, a real (embedded KRaft)
 * broker. Every webhook test class extends this unchanged so they share one context and one broker.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
    "voice.platform.instance-id=gw-webhook-test",
    "voice.edge.auth-token=" + WebhookTestBase.TOKEN,
    "voice.edge.signature-validation=true",
    "voice.gateway.public-host=voice.example.com",
    "voice.gateway.stream-token-secret=webhook-test-stream-token-secret-0123456789"})
@EmbeddedKafka(partitions = 1)
abstract class WebhookTestBase {
  static final String TOKEN = "webhook-test-auth-token";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort int port;
  @Autowired EmbeddedKafkaBroker broker;

  static String newCallSid() {
    return "CA" + UUID.randomUUID().toString().replace("-", "");
  }

  String direct(String path) {
    return "http://localhost:" + port + path;
  }

  /** POSTs the form signed over the URL Twilio would have called directly (no proxy). */
  HttpResponse<String> postSigned(String path, Map<String, String> form, String... headers) throws Exception {
    return post(path, form, TwilioSigner.sign(TOKEN, direct(path), form), headers);
  }

  HttpResponse<String> post(String path, Map<String, String> form, String signature, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(direct(path)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
            .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"))));
    if (signature != null) {
      request.header("X-Twilio-Signature", signature);
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(direct(path))).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Reads call.lifecycle from the start until {@code count} records of this call arrived (or 20 s passed). */
  List<ConsumerRecord<String, CallLifecycle>> lifecycleOf(String callSid, int count) {
    List<ConsumerRecord<String, CallLifecycle>> found = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", broker.getBrokersAsString()),
        new StringDeserializer(), AvroSerde.of(CallLifecycle.class))) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.CALL_LIFECYCLE.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (found.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, CallLifecycle> record : consumer.poll(Duration.ofMillis(200))) {
          if (callSid.equals(record.key())) {
            found.add(record);
          }
        }
      }
    }
    return found;
  }
}
