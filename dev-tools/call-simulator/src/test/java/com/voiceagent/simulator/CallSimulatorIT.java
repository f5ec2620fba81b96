package com.voiceagent.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.audio.Wav;
import com.voiceagent.events.CallLifecycle;
import com.voiceagent.events.CallLifecycleKind;
import com.voiceagent.events.CancelReason;
import com.voiceagent.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole calls from the simulator into the real gateway, the stages behind it played on a real broker. */
class CallSimulatorIT {
  private static final int AGENT_BYTE = 0x11;
  private final GatewayStack stack = GatewayStack.shared();

  @TempDir Path dir;
  private final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();

  @AfterEach
  void showWhatTheSimulatorPrinted() {
    System.out.println("---- simulator output ----\n" + console());
  }

  private String console() {
    return consoleBytes.toString(StandardCharsets.UTF_8);
  }

  private CallResult call(Path wav) throws Exception {
    CallOptions options = new CallOptions(wav, stack.address(), GatewayStack.PUBLIC_HOST, GatewayStack.AUTH_TOKEN,
        stack.kafka.getBrokersAsString(), 1, Duration.ofSeconds(40), Duration.ofMillis(300), dir.resolve("agent.wav"),
        "+972501234567", "+97233720000", "AC" + "0".repeat(32));
    return new CallSimulator(options, new PrintStream(consoleBytes, true, StandardCharsets.UTF_8), Clock.systemUTC()).call();
  }

  @Test
  void aQuestionIsAnsweredTheAnswerPlayedAndItsMarkEchoedAndTheTimelineComesFromKafka() throws Exception {
    byte[] answer = CallerRecordings.agentAudio(500, AGENT_BYTE);
    stack.answerWith(answer);

    CallResult result = call(CallerRecordings.wav(dir.resolve("caller.wav"), CallerRecordings.question()));

    assertThat(result.protocolErrors()).isEmpty();
    assertThat(result.timedOut()).isFalse();
    assertThat(result.hungUpByServer()).isFalse();
    assertThat(result.answers()).isEqualTo(1);
    assertThat(result.marksEchoed()).isEqualTo(1);
    assertThat(CallerRecordings.count(result.agentAudio(), AGENT_BYTE)).as("the whole answer was heard").isEqualTo(answer.length);
    assertThat(Wav.read(Files.readAllBytes(dir.resolve("agent.wav"))).sampleRate()).isEqualTo(8000);

    assertThat(stack.utterances()).filteredOn(u -> u.getCallSid().equals(result.callSid())).singleElement()
        .satisfies(u -> assertThat(u.getAudio().remaining() / 2).as("samples of speech").isGreaterThan(8000));
    assertThat(result.turns()).singleElement().satisfies(turn -> {
      assertThat(turn.transcript()).isEqualTo(GatewayStack.TRANSCRIPT);
      assertThat(turn.replySegments()).containsExactly(GatewayStack.REPLY);
      assertThat(turn.overheadMs()).isPresent();
      assertThat(console()).contains("pipeline overhead: " + turn.overheadMs().orElseThrow() + " ms");
    });
    // The simulator hung up as Twilio does: stop, which the gateway reports as the end of the stream.
    await().atMost(Duration.ofSeconds(20)).until(() -> stack.records(Topics.CALL_LIFECYCLE).stream()
        .anyMatch(e -> e.getCallSid().equals(result.callSid()) && e.getKind() == CallLifecycleKind.STREAM_STOPPED));
  }

  @Test
  void speakingOverTheAnswerGetsAClearWhoseMarkIsEchoedAndTheNextQuestionIsAnswered() throws Exception {
    byte[] answer = CallerRecordings.agentAudio(3000, AGENT_BYTE);
    stack.answerWith(answer);
    // The second question starts 1.5 s after the first: while the first answer is playing.
    byte[] question = CallerRecordings.question();

    CallResult result = call(CallerRecordings.wav(dir.resolve("caller.wav"), question, question));

    assertThat(result.protocolErrors()).isEmpty();
    assertThat(result.clears()).isEqualTo(1);
    assertThat(console()).contains("clear: dropped");
    assertThat(result.marksEchoed()).as("the cleared answer's mark, then the second answer's").isEqualTo(2);
    assertThat(CallerRecordings.count(result.agentAudio(), AGENT_BYTE)).as("part of the first answer, all of the second")
        .isStrictlyBetween((long) answer.length, 2L * answer.length);
    assertThat(stack.records(Topics.CONTROL)).filteredOn(c -> c.getCallSid().equals(result.callSid())
        && c.getReason() == CancelReason.BARGE_IN).singleElement()
        .satisfies(cancelled -> assertThat(cancelled.getHeardSegments()).isZero());
    assertThat(stack.records(Topics.CALL_LIFECYCLE)).filteredOn(e -> e.getCallSid().equals(result.callSid()))
        .extracting(CallLifecycle::getKind).contains(CallLifecycleKind.STREAM_STARTED);
  }
}
