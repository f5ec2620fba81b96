package com.voiceagent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static com.voiceagent.e2e.StackCall.ms;
import static org.awaitility.Awaitility.await;

import com.voiceagent.fixtures.ChatScript;
import com.voiceagent.fixtures.LatencyModel;
import com.voiceagent.twiliokit.media.MediaStreamClient;
import com.voiceagent.twiliokit.media.StreamIds;
import com.voiceagent.twiliokit.media.StreamInstruction;
import com.voiceagent.twiliokit.media.TwilioDialer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Instances killed with SIGKILL during a turn of a live call, each service in its own JVM from its jar on a
 * real broker: two gateways behind one public host (the test plays Twilio and the load balancer), two of
 * every stage. Each test kills the instance that holds the call's turn at that moment, then measures when the
 * caller hears the agent again. The stage tests call through gw-b; the gateway test kills gw-a.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.Tag("failover")
class FailoverEndToEndIT {
  private static final String PUBLIC_HOST = "calls.e2e.test";
  /** Engines that take long enough for a kill to land while one of them works on the turn. */
  private static final LatencyModel ENGINES = new LatencyModel(Duration.ofMillis(700), Duration.ofMillis(700), 60,
      Duration.ofMillis(500));
  /** The bound: a reply at most this much later than usual, the agent heard again this soon. */
  private static final long FAILOVER_BUDGET_MS = 3_000;
  private static final Duration ANSWER_TIMEOUT = StackCall.ANSWER_TIMEOUT;

  Stack stack;

  @BeforeAll
  void startTheStack() throws Exception {
    stack = new Stack(ENGINES).behindOnePublicHost(PUBLIC_HOST)
        // Which instance took a record is logged at debug level: the test kills the one holding the turn.
        .withEnv("LOGGING_LEVEL_COM_VOICEAGENT_PLATFORM_STAGE", "DEBUG")
        // The engines above take ~2 s per turn; the holding phrase comes after 3.5 s, not on every turn.
        .withEnv("VOICE_GATEWAY_PHRASES_HOLDAFTER", "3500ms")
        .withGateway("gw-a").withGateway("gw-b").withTwoOfEachStage().awaitStarted();
  }

  @AfterAll
  void stopTheStack() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void anSttInstanceKilledDuringATurnDelaysThatTurnsReplyByAtMostThreeSeconds() throws Exception {
    assertAStageCanDieDuringATurn("stt-", "voice.utterances");
  }

  @Test
  void aTtsInstanceKilledDuringATurnDelaysThatTurnsReplyByAtMostThreeSeconds() throws Exception {
    assertAStageCanDieDuringATurn("tts-", "voice.replies");
  }

  @Test
  void aDialogInstanceKilledDuringATurnGivesTheHoldingPhraseAndTheNextTurnIsAnswered() throws Exception {
    try (StackCall call = new StackCall(stack, "gw-b")) {
      long usual = call.askAndAwaitReply();

      var before = taken("dialog-", "voice.transcripts", call.ids.callSid());
      long asked = call.ask();
      ServiceProcess holder = awaitTakenBy("dialog-", "voice.transcripts", call.ids.callSid(), before);
      holder.kill();
      long killed = System.nanoTime();
      JsonNode hold = call.awaitMarkAfter(asked, "own-hold-");
      System.out.printf("dialog %s killed %d ms after the question was asked; holding phrase heard %d ms after the kill%n",
          holder.name(), ms(killed - asked), ms(call.stream.receivedAt(hold) - killed));
      assertThat(ms(call.stream.receivedAt(hold) - asked)).as("holding phrase within the turn's budget (hold-after 3.5 s "
          + "after the caller's last word, which ends with the recording)").isLessThan(3_500 + question().length / 8 + 1_500);

      call.stream.awaitAgentSilent(Duration.ofSeconds(20));
      // The killed turn's reply may still come late, from the instance that took the partitions over: the next
      // question is asked once the line has been quiet for a while, so its answer is not mistaken for that one.
      call.awaitQuiet(Duration.ofSeconds(2));
      long next = call.askAndAwaitReply();
      System.out.printf("dialog failover: usual turn %d ms; the turn after the kill %d ms%n", usual, next);
      assertThat(next).as("the next turn after the dialog instance died").isLessThan(usual + FAILOVER_BUDGET_MS);
    }
  }

  @Test
  void aGatewayKilledDuringATurnIsReplacedThroughTheRedirectWithTheHistoryAndNoSecondGreeting() throws Exception {
    StreamIds ids = StreamIds.forCall(Stack.ACCOUNT_SID, Stack.newCallSid());
    TwilioDialer toA = stack.dialer("gw-a");
    StreamInstruction first = toA.answer(ids, Stack.CALLER, Stack.NUMBER);
    MediaStreamClient onA = toA.connect(first, ids).startLine();
    onA.awaitEvent("mark", 0, ANSWER_TIMEOUT); // the greeting
    onA.awaitAgentSilent(ANSWER_TIMEOUT);
    long usual = new StackCall(onA, ids).askAndAwaitReply();
    int chatsBefore = stack.openAi.chatRequestBodies().size();

    var before = taken("stt-", "voice.utterances", ids.callSid());
    new StackCall(onA, ids).ask();
    awaitTakenBy("stt-", "voice.utterances", ids.callSid(), before); // the turn is in flight
    ServiceProcess gatewayA = stack.services("gateway-gw-a").getFirst();
    gatewayA.kill();
    long killed = System.nanoTime();
    assertThat(onA.closeCode().get(10, TimeUnit.SECONDS)).as("the socket died with its gateway").isNotNull();

    // Twilio follows the TwiML's Redirect; the load balancer sends it to the gateway still alive.
    TwilioDialer toB = stack.dialer("gw-b");
    Optional<StreamInstruction> resumed = toB.followRedirect(first, ids, Stack.CALLER, Stack.NUMBER);
    assertThat(resumed).as("the call goes on, not hung up").isPresent();
    try (MediaStreamClient onB = toB.connect(resumed.get(), ids).startLine()) {
      StackCall call = new StackCall(onB, ids);
      JsonNode sorry = call.awaitMarkAfter(killed, "own-resumed-");
      long heardAgain = ms(onB.receivedAt(sorry) - killed);
      System.out.printf("gateway gw-a killed: the agent heard again on gw-b %d ms later%n", heardAgain);
      assertThat(heardAgain).as("kill -> the agent heard again").isLessThan(FAILOVER_BUDGET_MS);
      onB.awaitAgentSilent(ANSWER_TIMEOUT);

      long next = call.askAndAwaitReply();
      System.out.printf("gateway failover: usual turn %d ms; first turn on the new gateway %d ms%n", usual, next);
      assertThat(onB.events("mark")).as("no second greeting").noneMatch(m -> m.path("mark").path("name").asString("").startsWith("t0-"));
      List<String> chats = stack.openAi.chatRequestBodies();
      assertThat(chats.subList(chatsBefore, chats.size())).as("the history went on: the first answer is in the prompt")
          .anySatisfy(body -> assertThat(body).contains(ChatScript.ANSWER.substring(0, 20)));
    }
  }

  private void assertAStageCanDieDuringATurn(String stage, String topic) throws Exception {
    try (StackCall call = new StackCall(stack, "gw-b")) {
      long usual = call.askAndAwaitReply();

      var before = taken(stage, topic, call.ids.callSid());
      long asked = call.ask();
      ServiceProcess holder = awaitTakenBy(stage, topic, call.ids.callSid(), before);
      holder.kill();
      long killedAfter = ms(System.nanoTime() - asked);
      System.out.printf("%s killed %d ms after the question was asked (%s)%n", holder.name(), killedAfter, call.ids.callSid());
      long replied = ms(call.stream.receivedAt(call.awaitMarkAfter(asked, "t")) - asked);
      System.out.printf("%s killed %d ms after the question was asked: reply after %d ms (usual %d ms, %+d ms)%n",
          holder.name(), killedAfter, replied, usual, replied - usual);
      assertThat(replied).as("the turn's reply after its " + stage + " instance died").isLessThan(usual + FAILOVER_BUDGET_MS);
    }
  }

  /** How many of the call's records of that topic each instance (by name prefix) has taken so far. */
  private java.util.Map<ServiceProcess, Long> taken(String prefix, String topic, String callSid) {
    String taken = topic + " record taken";
    java.util.Map<ServiceProcess, Long> counts = new java.util.HashMap<>();
    for (ServiceProcess s : stack.services(prefix)) {
      counts.put(s, output(s).lines().filter(line -> line.contains(callSid) && line.contains(taken)).count());
    }
    return counts;
  }

  /**
   * The live instance (by name prefix) that took a record of the call on that topic after the counts given:
   * the one working on the turn now (with several sentences, one of those that took one).
   */
  private ServiceProcess awaitTakenBy(String prefix, String topic, String callSid, java.util.Map<ServiceProcess, Long> before) {
    return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> taken(prefix, topic, callSid)
        .entrySet().stream().filter(e -> e.getKey().alive() && e.getValue() > before.getOrDefault(e.getKey(), 0L))
        .map(java.util.Map.Entry::getKey).findFirst(), Optional::isPresent).orElseThrow();
  }

  private static String output(ServiceProcess service) {
    try {
      return service.output();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] question() throws Exception {
    return VoiceLoopEndToEndIT.question();
  }

}
