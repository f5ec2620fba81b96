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
 * The whole gateway on a random port, signature validation ON with a test token, no public base configured
 * (so the URL is rebuilt from the request or a trusted proxy's headers), a real (embedded KRaft) broker.
 * Every webhook test class extends this unchanged so they share one context and one broker.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
    "voice.platform.instance-id=gw-webhook-test",
    "voice.twilio.auth-token=" + WebhookTestBase.TOKEN,
    "voice.edge.signature-validation=true",
    // The tests' own connections stand for the TLS proxy in front of the gateway.
    "voice.edge.trusted-proxies=127.0.0.1, ::1",
    "voice.edge.api-tokens=" + WebhookTestBase.API_TOKEN + "," + WebhookTestBase.CALLS_TOKEN,
    "voice.gateway.calls.api-token=" + WebhookTestBase.CALLS_TOKEN,
    "voice.gateway.stream-token-secret=webhook-test-stream-token-secret-0123456789"})
@EmbeddedKafka(partitions = 1)
abstract class WebhookTestBase {
  static final String TOKEN = "webhook-test-auth-token";
  /** GATEWAY_API_TOKEN: the bearer token of /api/calls/**. */
  static final String API_TOKEN = "webhook-test-api-token-0123456789";
  /** CALLS_API_TOKEN: the bearer token of POST /api/calls and GET /api/calls/{callSid}. */
  static final String CALLS_TOKEN = "webhook-test-calls-token-0123456789";
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

  static String encode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  HttpResponse<String> post(String path, Map<String, String> form, String signature, String... headers) throws Exception {
    return postBody(path, encode(form), signature, headers);
  }

  /** POSTs a form body exactly as given (e.g. a captured body with something appended). */
  HttpResponse<String> postBody(String path, String body, String signature, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(direct(path)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      request.header("X-Twilio-Signature", signature);
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GETs as the API client holding GATEWAY_API_TOKEN. */
  HttpResponse<String> get(String path) throws Exception {
    return get(path, API_TOKEN);
  }

  /** @param bearer the token presented, or null for none */
  HttpResponse<String> get(String path, String bearer) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(direct(path)));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
