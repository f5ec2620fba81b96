package com.voiceagent.analyst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.audio.MuLaw;
import com.voiceagent.audio.Pcm16;
import com.voiceagent.audio.Wav;
import com.voiceagent.audio.WavAudio;
import com.voiceagent.events.CallLifecycleKind;
import com.voiceagent.fixtures.LatencyModel;
import com.voiceagent.fixtures.OpenAiFixture;
import com.voiceagent.fixtures.Transcription;
import com.voiceagent.events.TurnCompleted;
import com.voiceagent.events.Utterance;
import com.voiceagent.schemas.Topics;
import com.voiceagent.simulator.CallOptions;
import com.voiceagent.simulator.CallResult;
import com.voiceagent.simulator.CallSimulator;
import com.voiceagent.simulator.CallerRecordings;
import com.voiceagent.simulator.GatewayStack;
import com.voiceagent.simulator.WarmUpCalls;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An analyst's session against what really happened: a warm-up call and two simulated calls (the second with a
 * barge-in) through the real gateway on a real broker, then the commands, checked against the records on the
 * topics and against the audio the simulated phone line sent and heard.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalystSessionIT {
  private static final int AGENT_BYTE = 0x11;
  private static final short AGENT_SAMPLE = MuLaw.decode((byte) AGENT_BYTE);
  private static final int SHORT_ANSWER_MS = 500;
  private static final int LONG_ANSWER_MS = 3000;
  /** The stream clock is rebuilt from wall-clock stamps: a frame of the phone line's 20 ms tick and scheduling. */
  private static final int TIMING_TOLERANCE_SAMPLES = 60 * 8;

  private final GatewayStack stack = GatewayStack.shared();
  private final JsonMapper json = JsonMapper.builder().build();
  @TempDir Path dir;

  private CallResult plain;
  private CallResult bargedIn;
  private String warmUp;
  private byte[] question;

  @BeforeAll
  void placeTheCalls(@TempDir Path calls) throws Exception {
    question = CallerRecordings.question();
    stack.answerWith(CallerRecordings.agentAudio(SHORT_ANSWER_MS, AGENT_BYTE));
    int before = stack.records(Topics.CALL_LIFECYCLE).size();
    WarmUpCalls.Result warm = WarmUpCalls.run(options(calls, CallerRecordings.wav(calls.resolve("warm.wav"), question)), 1, 1,
        Clock.systemUTC());
    assertThat(warm.answered()).isEqualTo(1);
    warmUp = stack.records(Topics.CALL_LIFECYCLE).subList(before, stack.records(Topics.CALL_LIFECYCLE).size()).stream()
        .filter(e -> e.getKind() == CallLifecycleKind.STREAM_STARTED).findFirst().orElseThrow().getCallSid();

    plain = call(options(calls, CallerRecordings.wav(calls.resolve("plain.wav"), question)));
    assertThat(plain.answers()).isEqualTo(1);

    // The second question starts while the long answer to the first plays: the caller barges in.
    stack.answerWith(CallerRecordings.agentAudio(LONG_ANSWER_MS, AGENT_BYTE));
    bargedIn = call(options(calls, CallerRecordings.wav(calls.resolve("barge.wav"), question, question)));
    assertThat(bargedIn.clears()).isEqualTo(1);
    // The analyst reads what the gateway published after the calls hung up.
    await().atMost(Duration.ofSeconds(20)).until(() -> stack.records(Topics.CALL_LIFECYCLE).stream()
        .filter(e -> e.getKind() == CallLifecycleKind.STREAM_STOPPED)
        .map(e -> e.getCallSid()).toList().containsAll(List.of(plain.callSid(), bargedIn.callSid())));
  }

  private CallOptions options(Path calls, Path wav) {
    return new CallOptions(wav, stack.address(), GatewayStack.PUBLIC_HOST, GatewayStack.AUTH_TOKEN,
        stack.kafka.getBrokersAsString(), 1, Duration.ofSeconds(40), Duration.ofMillis(300), calls.resolve("agent.wav"),
        "+972501234567", "+97233720000", "AC" + "0".repeat(32));
  }

  private static CallResult call(CallOptions options) throws Exception {
    return new CallSimulator(options, new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC()).call();
  }

  /** Runs a command of the tool against the test broker (sql reads files only); returns what it printed on stdout. */
  private String voice(String... args) {
    return voiceWith(Map.of(), args);
  }

  private String voiceWith(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(List.of(args));
    if (!args[0].equals("sql")) {
      all.addAll(List.of("--kafka", stack.kafka.getBrokersAsString()));
    }
    int code = Analyst.run(all.toArray(String[]::new), env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String printed = out.toString(StandardCharsets.UTF_8);
    System.out.println("$ ./voice " + String.join(" ", args) + "\n" + printed + err.toString(StandardCharsets.UTF_8));
    assertThat(code).as("exit code of %s: %s", List.of(args), err).isZero();
    return printed;
  }

  private List<JsonNode> jsonLines(String text) {
    return text.lines().filter(l -> !l.isBlank()).map(json::readTree).toList();
  }

  private TurnCompleted completed(String callSid, int turn) {
    return stack.records(Topics.TURNS).stream().filter(t -> t.getCallSid().equals(callSid) && t.getTurn() == turn)
        .findFirst().orElseThrow();
  }

  /** The call's turns that played, in order (a speculative turn the caller talked through has none). */
  private List<Integer> turnsOf(String callSid) {
    return stack.records(Topics.TURNS).stream().filter(t -> t.getCallSid().equals(callSid)).map(TurnCompleted::getTurn)
        .distinct().sorted().toList();
  }

  private List<Utterance> utterancesOf(String callSid) {
    return stack.utterances().stream().filter(u -> u.getCallSid().equals(callSid)).toList();
  }

  @Test
  void callsListsBothCallsWithTheirTurnsBargeInsAndLatenciesAndLeavesTheWarmUpOut() {
    List<JsonNode> calls = jsonLines(voice("calls", "--json"));
    assertThat(calls).extracting(c -> c.get("callSid").asString()).contains(plain.callSid(), bargedIn.callSid())
        .doesNotContain(warmUp);
    JsonNode first = calls.stream().filter(c -> c.get("callSid").asString().equals(plain.callSid())).findFirst().orElseThrow();
    JsonNode second = calls.stream().filter(c -> c.get("callSid").asString().equals(bargedIn.callSid())).findFirst().orElseThrow();
    assertThat(first.get("turns").asInt()).isEqualTo(1);
    assertThat(first.get("bargeIns").asInt()).isZero();
    assertThat(first.get("ended").asString()).isEqualTo("caller-hung-up");
    TurnCompleted only = completed(plain.callSid(), turnsOf(plain.callSid()).getFirst());
    assertThat(first.get("latencyP50Ms").asLong())
        .isEqualTo(only.getFirstAudioSentAt().toEpochMilli() - only.getSpeechEndedAt().toEpochMilli());
    assertThat(second.get("turns").asInt()).isEqualTo(2);
    assertThat(second.get("bargeIns").asInt()).isEqualTo(1);
    assertThat(second.get("durationMs").asLong()).isGreaterThan(first.get("durationMs").asLong());

    assertThat(jsonLines(voice("calls", "--json", "--all"))).filteredOn(c -> c.get("callSid").asString().equals(warmUp))
        .singleElement().satisfies(c -> assertThat(c.get("warmUp").asBoolean()).isTrue());
    assertThat(voice("calls")).contains("CALL SID", plain.callSid(), bargedIn.callSid()).doesNotContain(warmUp);
  }

  @Test
  void replayGivesTheTurnsTextsHeardTextAndLatencyStageByStage() {
    JsonNode call = json.readTree(voice("replay", plain.callSid(), "--json"));
    assertThat(call.get("callSid").asString()).isEqualTo(plain.callSid());
    assertThat(call.get("turns")).singleElement().satisfies(turn -> {
      assertThat(turn.get("callerText").asString()).isEqualTo(GatewayStack.TRANSCRIPT);
      assertThat(turn.get("replyText").asString()).isEqualTo(GatewayStack.REPLY);
      assertThat(turn.get("heardText").asString()).isEqualTo(GatewayStack.REPLY);
      assertThat(turn.get("interrupted").asBoolean()).isFalse();
      TurnCompleted completed = completed(plain.callSid(), turnsOf(plain.callSid()).getFirst());
      long latency = completed.getFirstAudioSentAt().toEpochMilli() - completed.getSpeechEndedAt().toEpochMilli();
      assertThat(turn.get("latencyMs").asLong()).isEqualTo(latency);
      List<String> stages = new ArrayList<>();
      long sum = 0;
      for (JsonNode stage : turn.get("stages")) {
        stages.add(stage.get("stage").asString());
        sum += stage.get("waitMs").asLong() + stage.get("workMs").asLong();
      }
      assertThat(stages).containsExactly("gateway", "stt", "dialog", "tts", "playback");
      assertThat(sum).as("the stages add up to the latency").isEqualTo(latency);
    });
    assertThat(call.get("agentTalkMs").asLong()).isEqualTo(SHORT_ANSWER_MS);
    assertThat(call.get("fallbacks").asInt()).isZero();

    JsonNode barged = json.readTree(voice("replay", bargedIn.callSid(), "--json"));
    assertThat(barged.get("bargeIns").asInt()).isEqualTo(1);
    JsonNode first = barged.get("turns").get(0);
    JsonNode second = barged.get("turns").get(1);
    assertThat(first.get("interrupted").asBoolean()).isTrue();
    assertThat(first.get("replyText").asString()).isEqualTo(GatewayStack.REPLY);
    assertThat(first.get("heardText").asString()).as("cut before its only sentence was heard in full").isEmpty();
    assertThat(second.get("interrupted").asBoolean()).isFalse();
    assertThat(second.get("heardText").asString()).isEqualTo(GatewayStack.REPLY);
    assertThat(barged.get("agentTalkMs").asLong()).isBetween((long) LONG_ANSWER_MS, 2L * LONG_ANSWER_MS);
    assertThat(barged.get("talkListenRatio").asDouble()).isEqualTo(Math.round(barged.get("agentTalkMs").asLong() * 100.0
        / barged.get("callerTalkMs").asLong()) / 100.0);

    assertThat(voice("replay", bargedIn.callSid())).contains("caller:  " + GatewayStack.TRANSCRIPT, "[interrupted]", "latency:");
  }

  @Test
  void theStereoRecordingHoldsTheCallerLeftAsTheLineSentItAndTheAgentRightWhenItPlayed() throws Exception {
    Path wav = dir.resolve("plain.wav");
    voice("replay", plain.callSid(), "--wav", wav.toString());
    Channels plainCall = Channels.of(Files.readAllBytes(wav));
    assertCallerAsSent(plainCall.left(), question, utterancesOf(plain.callSid()));
    List<int[]> runs = plainCall.agentRuns();
    assertThat(runs).singleElement().satisfies(run -> {
      assertThat(run[1]).as("the whole answer").isEqualTo(SHORT_ANSWER_MS * 8);
      assertThat(run[0]).as("the answer starts the turn's latency after the caller's last word")
          .isCloseTo(startOfAnswer(plain.callSid(), turnsOf(plain.callSid()).getFirst()), org.assertj.core.data.Offset.offset(TIMING_TOLERANCE_SAMPLES));
    });

    Path barged = dir.resolve("barged.wav");
    voice("replay", bargedIn.callSid(), "--wav", barged.toString());
    Channels bargedCall = Channels.of(Files.readAllBytes(barged));
    byte[] twice = new byte[question.length * 2];
    System.arraycopy(question, 0, twice, 0, question.length);
    System.arraycopy(question, 0, twice, question.length, question.length);
    assertCallerAsSent(bargedCall.left(), twice, utterancesOf(bargedIn.callSid()));
    List<int[]> agent = bargedCall.agentRuns();
    assertThat(agent).hasSize(2);
    assertThat(agent.get(0)[0]).isCloseTo(startOfAnswer(bargedIn.callSid(), turnsOf(bargedIn.callSid()).get(0)), org.assertj.core.data.Offset.offset(TIMING_TOLERANCE_SAMPLES));
    assertThat(agent.get(0)[1]).as("cut by the barge-in").isLessThan(LONG_ANSWER_MS * 8);
    assertThat(agent.get(1)[0]).isCloseTo(startOfAnswer(bargedIn.callSid(), turnsOf(bargedIn.callSid()).get(1)), org.assertj.core.data.Offset.offset(TIMING_TOLERANCE_SAMPLES));
    assertThat(agent.get(1)[1]).as("the second answer in full").isEqualTo(LONG_ANSWER_MS * 8);
    long heardOnTheLine = CallerRecordings.count(bargedIn.agentAudio(), AGENT_BYTE);
    assertThat((long) agent.get(0)[1] + agent.get(1)[1]).as("as much agent audio as the phone line played")
        .isCloseTo(heardOnTheLine, org.assertj.core.data.Offset.offset((long) 2 * TIMING_TOLERANCE_SAMPLES));
    Utterance secondQuestion = utterancesOf(bargedIn.callSid()).stream().filter(u -> u.getTurn() == turnsOf(bargedIn.callSid()).get(1)).findFirst().orElseThrow();
    assertThat(agent.get(0)[0] + agent.get(0)[1]).as("the clear came while the caller was saying the second question")
        .isBetween((int) secondQuestion.getStreamStartMs() * 8, (int) secondQuestion.getStreamEndMs() * 8);
  }

  @Test
  void exportThenSqlCountTheSameTurnsAsReplayInParquetAndInJsonLines() {
    int replayed = json.readTree(voice("replay", plain.callSid(), "--json")).get("turns").size()
        + json.readTree(voice("replay", bargedIn.callSid(), "--json")).get("turns").size();
    String ours = "('" + plain.callSid() + "', '" + bargedIn.callSid() + "')";
    for (String format : List.of("parquet", "jsonl")) {
      Path export = dir.resolve(format);
      assertThat(voice("export", "--out", export.toString(), "--format", format)).contains("exported");
      assertThat(export.resolve("turns." + format)).isRegularFile();
      assertThat(export.resolve("whatsapp_messages." + format)).isRegularFile();
      JsonNode counted = jsonLines(voice("sql", "--in", export.toString(), "--json",
          "SELECT count(*) AS turns, count(*) FILTER (WHERE interrupted) AS barge_ins FROM turns WHERE call_sid IN " + ours))
          .getFirst();
      assertThat(counted.get("turns").asInt()).as(format).isEqualTo(replayed).isEqualTo(3);
      assertThat(counted.get("barge_ins").asInt()).isEqualTo(1);
      JsonNode call = jsonLines(voice("sql", "--in", export.toString(), "--json",
          "SELECT turns, latency_p50_ms, warm_up FROM calls WHERE call_sid = '" + plain.callSid() + "'")).getFirst();
      TurnCompleted only = completed(plain.callSid(), turnsOf(plain.callSid()).getFirst());
      assertThat(call.get("latency_p50_ms").asLong())
          .isEqualTo(only.getFirstAudioSentAt().toEpochMilli() - only.getSpeechEndedAt().toEpochMilli());
      assertThat(jsonLines(voice("sql", "--in", export.toString(), "--json",
          "SELECT count(*) AS n FROM calls WHERE call_sid = '" + warmUp + "'")).getFirst().get("n").asInt())
          .as("warm-up calls stay out of the export").isZero();
    }
    assertThat(voice("sql", "--in", dir.resolve("parquet").toString(), "SELECT count(*) AS turns FROM turns WHERE call_sid IN "
        + ours)).contains("turns", "3", "(1 row)");
  }

  @Test
  void rerunThroughAnotherEngineReportsTheTurnsWhoseTranscriptChangedWithTheirErrorRates() throws Exception {
    try (OpenAiFixture openAi = OpenAiFixture.start(LatencyModel.instant())) {
      openAi.transcribeWith(request -> Transcription.text("מה שעות הסגירה?"));
      JsonNode report = json.readTree(voiceWith(Map.of("OPENAI_BASE_URL", openAi.baseUrl()), "rerun", "--calls",
          plain.callSid() + "," + bargedIn.callSid(), "--stt", "openai:whisper-1", "--json"));

      assertThat(openAi.transcriptionRequests()).as("every turn's recorded audio went to engine B").hasSize(3);
      assertThat(report.get("engineA").asString()).as("the stage that transcribed the call").isEqualTo("stt-scripted");
      assertThat(report.get("engineB").asString()).isEqualTo("openai");
      assertThat(report.get("turns")).hasSize(3).allSatisfy(turn -> {
        assertThat(turn.get("transcriptA").asString()).isEqualTo(GatewayStack.TRANSCRIPT);
        assertThat(turn.get("transcriptB").asString()).isEqualTo("מה שעות הסגירה?");
        assertThat(turn.get("changed").asBoolean()).isTrue();
        assertThat(turn.get("engineMsA").isNumber()).as("engine A's time, from the turn's timeline").isTrue();
        // By hand: words מה|שעות|הפתיחה against מה|שעות|הסגירה, one substituted of three; characters
        // "מה שעות הפתיחה" (14) against "מה שעות הסגירה": פ->ס, ת->ג, ח->ר, three of 14.
        assertThat(turn.get("wer").asDouble()).isEqualTo(0.333);
        assertThat(turn.get("cer").asDouble()).isEqualTo(0.214);
      });
      JsonNode summary = report.get("summary");
      assertThat(summary.get("turns").asInt()).isEqualTo(3);
      assertThat(summary.get("changed").asInt()).isEqualTo(3);
      assertThat(summary.get("meanWer").asDouble()).isEqualTo(0.333);

      openAi.transcribeWith(request -> Transcription.text(GatewayStack.TRANSCRIPT));
      assertThat(voiceWith(Map.of("OPENAI_BASE_URL", openAi.baseUrl()), "rerun", "--calls", plain.callSid(), "--stt", "openai"))
          .contains("1 turns, 0 changed; mean WER 0.000, mean CER 0.000").doesNotContain("[changed]");
    }
    assertThat(stack.records(Topics.TRANSCRIPTS)).as("nothing written to the live topics")
        .noneMatch(t -> t.getText().equals("מה שעות הסגירה?"));
  }

  /** Where the turn's answer should start: the caller's last word on the stream clock, plus the turn's latency. */
  private int startOfAnswer(String callSid, int turn) {
    Utterance utterance = utterancesOf(callSid).stream().filter(u -> u.getTurn() == turn).findFirst().orElseThrow();
    TurnCompleted completed = completed(callSid, turn);
    long latency = completed.getFirstAudioSentAt().toEpochMilli() - completed.getSpeechEndedAt().toEpochMilli();
    return (int) ((utterance.getStreamEndMs() + latency) * 8);
  }

  /** Inside every utterance the left channel holds, sample for sample, what the line sent; outside it, nothing. */
  private static void assertCallerAsSent(short[] left, byte[] sent, List<Utterance> utterances) {
    short[] line = MuLaw.decode(sent);
    boolean[] inUtterance = new boolean[left.length];
    for (Utterance u : utterances) {
      int from = (int) u.getStreamStartMs() * 8;
      int samples = u.getAudio().remaining() / 2;
      for (int i = from; i < from + samples && i < left.length; i++) {
        inUtterance[i] = true;
      }
    }
    int compared = 0;
    for (int i = 0; i < left.length; i++) {
      if (inUtterance[i]) {
        assertThat(left[i]).as("caller sample %d", i).isEqualTo(i < line.length ? line[i] : 0);
        compared++;
      } else {
        assertThat(left[i]).as("caller sample %d, outside every utterance", i).isZero();
      }
    }
    assertThat(compared).as("samples of speech compared").isGreaterThan(8000 * utterances.size() / 2);
  }

  /** The two channels of a stereo recording. */
  private record Channels(short[] left, short[] right) {
    static Channels of(byte[] file) {
      WavAudio audio = Wav.read(file);
      assertThat(audio.channels()).isEqualTo(2);
      assertThat(audio.sampleRate()).isEqualTo(8000);
      short[] frames = Pcm16.fromBytes(audio.data());
      short[] left = new short[frames.length / 2];
      short[] right = new short[frames.length / 2];
      for (int i = 0; i < left.length; i++) {
        left[i] = frames[2 * i];
        right[i] = frames[2 * i + 1];
      }
      return new Channels(left, right);
    }

    /** The runs of agent audio on the right: {start sample, length}; anything else there fails the test. */
    List<int[]> agentRuns() {
      List<int[]> runs = new ArrayList<>();
      int start = -1;
      for (int i = 0; i <= right.length; i++) {
        boolean agent = i < right.length && right[i] == AGENT_SAMPLE;
        if (i < right.length && !agent) {
          assertThat(right[i]).as("agent sample %d: the agent's audio or silence", i).isZero();
        }
        if (agent && start < 0) {
          start = i;
        } else if (!agent && start >= 0) {
          runs.add(new int[] {start, i - start});
          start = -1;
        }
      }
      return runs;
    }
  }
}
