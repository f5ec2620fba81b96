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
 * readiness, two allowed CORS origins and a tight budget on the send API. One context for all classes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = EdgeTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "voice.edge.auth-token=" + EdgeAppTest.TOKEN,
    "voice.edge.cors-allowed-origins=https://app.example.com, https://preview.example.com",
    "voice.edge.rate-limits[0].path=/api/whatsapp/send",
    "voice.edge.rate-limits[0].per-minute=2",
    "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}"})
@EmbeddedKafka(partitions = 1)
public @interface EdgeAppTest {
  String TOKEN = "test-auth-token-0123456789";
}
