package com.voiceagent.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.events.Utterance;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Random hostile traffic on many sockets (after a valid start, so the session code is reached too) beside a real call. */
class SocketFuzzIT extends GatewayTestBase {

  @Test
  void randomHostileTrafficOnOtherSocketsNeverDisturbsARealCall() throws Exception {
    FakeTwilioStream good = startCall();
    CompletableFuture<Void> talking = CompletableFuture.runAsync(() -> askQuestion(good));
    Random random = new Random(42);
    int closed = 0;
    for (int socket = 0; socket < 40; socket++) {
      FakeTwilioStream hostile = random.nextBoolean() ? startCall() : FakeTwilioStream.connect(port, newCallSid(), newStreamSid());
      for (int i = 0; i < 50 && hostile.isOpen(); i++) {
        hostile.send(mutate(random, hostile.streamSid));
      }
      closed += hostile.isOpen() ? 0 : 1;
      hostile.close();
    }
    talking.get(30, TimeUnit.SECONDS);
    assertThat(closed).isPositive();
    kafka().await(Utterance.class, u -> u.getCallSid().equals(good.callSid));
    sendReply(good.callSid, 1, 0, true, false, "הכל בסדר", tone(100));
    await().atMost(Duration.ofSeconds(30)).until(() -> !good.events("mark").isEmpty());
    assertThat(good.isOpen()).isTrue();
    good.close();
  }

  private static String mutate(Random random, String streamSid) {
    String[] templates = {
        "{\"event\":\"media\",\"streamSid\":\"%s\",\"media\":{\"timestamp\":\"%d\",\"payload\":\"/w==\"}}",
        "{\"event\":\"mark\",\"streamSid\":\"%s\",\"mark\":{\"name\":\"t%d-s0\"}}",
        "{\"event\":\"dtmf\",\"streamSid\":\"%s\",\"dtmf\":{\"digit\":\"%d\"}}",
        "{\"event\":\"start\",\"streamSid\":\"%s\",\"start\":{\"callSid\":\"CA%d\",\"streamSid\":\"MZx\"}}",
        "{\"event\":\"weird\",\"streamSid\":\"%s\",\"n\":%d}"};
    String message = templates[random.nextInt(templates.length)].formatted(streamSid, random.nextInt(1000));
    return switch (random.nextInt(5)) {
      case 0 -> message.substring(0, random.nextInt(message.length()));
      case 1 -> message.replace("\"", random.nextBoolean() ? "'" : "");
      case 2 -> message.replace(streamSid, "MZ" + random.nextInt());
      default -> message;
    };
  }
}
