package com.voiceagent.edge.signature;

import static com.voiceagent.edge.EdgeHttp.postForm;
import static com.voiceagent.edge.EdgeHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.edge.testapp.EdgeTestApp;
import com.voiceagent.twiliokit.TwilioSigner;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * No public base configured, and the only trusted proxy is not the client (which connects from the
 * loopback address): the client cannot choose, through X-Forwarded-*, the URL its signature is checked
 * against. A webhook signed for another deployment of the same account is refused here.
 */
@SpringBootTest(classes = EdgeTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.autoconfigure.exclude=org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
    "voice.twilio.auth-token=" + UntrustedForwardedHeadersHttpTest.TOKEN,
    "TRUSTED_PROXIES=10.20.30.40, 192.168.7.0/24"})
class UntrustedForwardedHeadersHttpTest {
  static final String TOKEN = "untrusted-proxy-test-token";

  @LocalServerPort int port;

  @Test
  void forwardedHeadersFromAClientThatIsNotATrustedProxyDoNotChooseTheSignedUrl() throws Exception {
    String signedForElsewhere = TwilioSigner.sign(TOKEN, "https://other-deployment.example.com/webhook/whatsapp/incoming",
        TwilioSignatureHttpTest.inbound());
    int status = send(postForm(port, "/webhook/whatsapp/incoming", TwilioSignatureHttpTest.inbound())
        .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "other-deployment.example.com")
        .header("X-Twilio-Signature", signedForElsewhere)).statusCode();
    assertThat(status).isEqualTo(403);
  }

  @Test
  void theRequestItselfStillDecidesForADirectlyExposedDevelopmentService() throws Exception {
    String signed = TwilioSigner.sign(TOKEN, "http://localhost:" + port + "/webhook/whatsapp/incoming",
        TwilioSignatureHttpTest.inbound());
    assertThat(send(postForm(port, "/webhook/whatsapp/incoming", TwilioSignatureHttpTest.inbound())
        .header("X-Forwarded-Host", "other-deployment.example.com")
        .header("X-Twilio-Signature", signed)).statusCode()).isEqualTo(200);
  }
}
