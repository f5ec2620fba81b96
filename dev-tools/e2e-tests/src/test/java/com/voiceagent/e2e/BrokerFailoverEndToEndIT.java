package com.voiceagent.e2e;

import static com.voiceagent.e2e.StackCall.ms;
import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.fixtures.LatencyModel;
import com.voiceagent.launcher.LocalKafkaCluster;
import com.voiceagent.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A broker of three killed with SIGKILL during a turn of a live call: every service in its own JVM from its jar,
 * each broker a process of its own formatted as {@code ./voice up --brokers 3} does (replication 3,
 * {@code min.insync.replicas} 2). The broker killed is the leader of the call's partition of the topic the turn's
 * next hop writes to, the one a turn in flight needs most.
 */
@Tag("failover")
class BrokerFailoverEndToEndIT {
  private static final LatencyModel ENGINES = new LatencyModel(Duration.ofMillis(300), Duration.ofMillis(300), 60,
      Duration.ofMillis(200));
  private static final int TURNS_AFTER_THE_KILL = 2;

  @Test
  void aBrokerOfThreeKilledDuringATurnLosesNoTurn() throws Exception {
    try (LocalKafkaCluster kafka = LocalKafkaCluster.start(Path.of("target", "e2e-kafka-cluster"), 3, brokerClasspath(),
            Duration.ofSeconds(240));
         Stack stack = new Stack(ENGINES, kafka.bootstrapServers())
             // Topics the services create are replicated like the broker's own, as ./voice up --brokers 3 sets it.
             .withEnv("VOICE_PLATFORM_REPLICATIONFACTOR", "3").withGateway("gw").withStages().awaitStarted();
         StackCall call = new StackCall(stack, "gw")) {
      long usual = call.askAndAwaitReply();
      int chatsBefore = stack.openAi.chatRequestBodies().size();
      int leader = PartitionLeaders.of(kafka.bootstrapServers(), Topics.TRANSCRIPTS.name()).leaderOf(call.ids.callSid());

      long asked = call.ask(); // returns when the caller has finished saying it: the turn is in flight
      kafka.kill(leader);
      long killed = System.nanoTime();
      long heardAgain = ms(call.stream.receivedAt(call.awaitMarkAfter(asked, "t")) - killed);
      System.out.printf("broker %d of 3 killed %d ms after the question was asked; the reply heard %d ms after the kill"
          + " (usual turn %d ms)%n", leader, ms(killed - asked), heardAgain, usual);
      call.stream.awaitAgentSilent(StackCall.ANSWER_TIMEOUT);

      for (int turn = 0; turn < TURNS_AFTER_THE_KILL; turn++) {
        long next = call.askAndAwaitReply();
        System.out.printf("with broker %d down: turn answered in %d ms%n", leader, next);
      }
      assertThat(stack.openAi.chatRequestBodies().size() - chatsBefore)
          .as("every turn from the one in flight at the kill on reached the dialog: none lost")
          .isEqualTo(1 + TURNS_AFTER_THE_KILL);
      // A holding phrase may come first on a slow machine (never dead air); what must not happen is a turn without
      // its answer. Reply audio is marked t<turn>-s<sentence>; a turn number taken back (the caller went on after a
      // pause) is skipped, so the turns are counted, not numbered.
      List<String> answeredSinceTheKill = call.stream.events("mark").stream()
          .filter(m -> call.stream.receivedAt(m) > asked).map(m -> m.path("mark").path("name").asString(""))
          .filter(name -> name.matches("t\\d+-s\\d+")).map(name -> name.substring(0, name.indexOf('-'))).distinct().toList();
      assertThat(answeredSinceTheKill).as("the turn in flight at the kill and every turn after it answered")
          .hasSize(1 + TURNS_AFTER_THE_KILL);
    }
  }

  /** The launcher's classes and runtime libraries (kafka_2.13, kafka-tools, log4j2), as ./voice up runs brokers. */
  static String brokerClasspath() {
    Path launcher = ServiceProcess.repoRoot().resolve("dev-tools/launcher/target");
    return launcher.resolve("classes") + java.io.File.pathSeparator + launcher.resolve("lib") + "/*";
  }
}
