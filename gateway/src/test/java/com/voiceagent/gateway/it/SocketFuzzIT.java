package com.voiceagent.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.events.Utterance;
import com.voiceagent.twiliokit.media.MediaStreamClient;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Random hostile traffic on many sockets (after a valid start, so the session code is reached too) beside a real call. */
class SocketFuzzIT extends GatewayTestBase {

  @Test
  void randomHostileTrafficOnOtherSocketsNeverDisturbsARealCall() throws Exception {
    MediaStreamClient good = startCall();
    CompletableFuture<Void> talking = CompletableFuture.runAsync(() -> askQuestion(good));
    java.util.concurrent.atomic.AtomicInteger closed = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
    // Four attackers in parallel, 25 sockets each, up to 60 hostile messages per socket while it stays open.
    java.util.List<CompletableFuture<Void>> attackers = new java.util.ArrayList<>();
    for (int attacker = 0; attacker < 4; attacker++) {
      long seed = 42 + attacker;
      attackers.add(CompletableFuture.runAsync(() -> {
        Random random = new Random(seed);
        for (int socket = 0; socket < 25; socket++) {
          try {
            MediaStreamClient hostile = random.nextBoolean() ? startCall() : connectStream();
            for (int i = 0; i < 60 && hostile.isOpen(); i++) {
              hostile.sendText(mutate(random, hostile.streamSid()));
              sent.incrementAndGet();
            }
            // The sends are asynchronous: the gateway's close of a hostile socket arrives after the loop.
            closed.addAndGet(hostile.closeCode().completeOnTimeout(null, 500, TimeUnit.MILLISECONDS).join() == null ? 0 : 1);
            hostile.close();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
      }));
    }
    CompletableFuture.allOf(attackers.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    talking.get(30, TimeUnit.SECONDS);
    assertThat(closed.get()).isPositive();
    assertThat(sent.get()).as("hostile messages sent").isGreaterThanOrEqualTo(2000);
    kafka().await(Utterance.class, u -> u.getCallSid().equals(good.callSid()));
    sendReply(good.callSid(), 1, 0, true, false, "הכל בסדר", tone(100));
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
