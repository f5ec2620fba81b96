package com.voiceagent.edge;

import com.voiceagent.edge.testapp.EdgeTestApp;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The shared test context: the small test app on a real port, a real (embedded KRaft) broker for
 * readiness, the loopback addresses as trusted proxies, two allowed CORS origins, three API clients, a
 * tight budget on the send API (per client) and on /webhook/voice/status. One context for all classes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = EdgeTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "voice.twilio.auth-token=" + EdgeAppTest.TOKEN,
    "voice.edge.trusted-proxies=127.0.0.1, ::1",
    "voice.edge.cors-allowed-origins=https://app.example.com, https://preview.example.com",
    "voice.edge.api-tokens=" + EdgeAppTest.CLIENT_A + "," + EdgeAppTest.CLIENT_B + "," + EdgeAppTest.CLIENT_C,
    "voice.edge.rate-limits[0].path=/api/whatsapp/send",
    "voice.edge.rate-limits[0].per-minute=2",
    "voice.edge.rate-limits[1].path=/webhook/voice/status",
    "voice.edge.rate-limits[1].per-minute=3",
    "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}"})
@EmbeddedKafka(partitions = 1)
public @interface EdgeAppTest {
  String TOKEN = "test-auth-token-0123456789";
  /** Spends the send API's budget in RateLimitHttpTest. */
  String CLIENT_A = "api-client-a-0123456789";
  /** Used only by ApiBudgetHttpTest. */
  String CLIENT_B = "api-client-b-0123456789";
  String CLIENT_C = "api-client-c-0123456789";
}
