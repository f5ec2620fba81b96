package com.voiceagent.analyst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.audio.MuLaw;
import com.voiceagent.audio.Pcm16;
import com.voiceagent.audio.Wav;
import com.voiceagent.audio.WavAudio;
import com.voiceagent.events.CallLifecycleKind;
import com.voiceagent.fixtures.GoogleTtsFixture;
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

  @Test
  void rerunWithAnotherPromptOrModelReportsTheRepliesThatChangedFromTheCallsHistoryAsItWas(@TempDir Path prompts)
      throws Exception {
    Path prompt = Files.writeString(prompts.resolve("one-sentence.txt"), "ענה במשפט אחד בלבד. PROMPT-B");
    String later = "אנחנו פתוחים עד שמונה.";
    try (OpenAiFixture openAi = OpenAiFixture.start(LatencyModel.instant())) {
      // B answers a question the caller already asked in the call (their earlier words in the history) differently.
      openAi.otherwiseChat(chat -> chat.stream(roles(chat.request()).stream().filter("user"::equals).count() > 1
          ? later : GatewayStack.REPLY));
      Map<String, String> env = Map.of("OPENAI_BASE_URL", openAi.baseUrl(), "OPENAI_API_KEY", "test-key");
      JsonNode report = json.readTree(voiceWith(env, "rerun", "--calls", plain.callSid() + "," + bargedIn.callSid(),
          "--prompt", prompt.toString(), "--json"));

      List<JsonNode> all = openAi.chatRequestBodies().stream().map(json::readTree).toList();
      assertThat(all).as("one warm-up request (the first turn's words), then every answered turn once").hasSize(4);
      assertThat(all.get(0)).isEqualTo(all.get(1));
      List<JsonNode> requests = all.subList(1, 4);
      assertThat(requests).allSatisfy(request -> {
        String system = request.get("messages").get(0).get("content").asString();
        assertThat(system).as("B's prompt, then the business facts, as dialog-service builds it")
            .startsWith("ענה במשפט אחד בלבד. PROMPT-B").contains("פרטי העסק:");
        assertThat(request.get("model").asString()).isEqualTo("gpt-4o-mini");
      });
      // The history as it was: the barged call's second turn carries the first question; the first answer, cut
      // before anything of it was heard, is not in it (as in dialog-service's history).
      assertThat(requests.stream().map(this::roles).toList()).containsExactly(List.of("system", "user"),
          List.of("system", "user"), List.of("system", "user", "user"));

      assertThat(report.get("engineA").asString()).as("the dialog stage of the calls").isEqualTo("dialog-scripted");
      assertThat(report.get("engineB").asString()).isEqualTo("openai:gpt-4o-mini prompt one-sentence.txt");
      JsonNode turns = report.get("turns");
      assertThat(turns).hasSize(3).allSatisfy(turn -> {
        assertThat(turn.get("callerText").asString()).isEqualTo(GatewayStack.TRANSCRIPT);
        assertThat(turn.get("replyA").asString()).isEqualTo(GatewayStack.REPLY);
        assertThat(turn.get("kindB").asString()).isEqualTo("ANSWER");
        assertThat(turn.get("engineMsA").isNumber()).as("A's time to its first sentence, from the turn's timeline").isTrue();
        assertThat(turn.get("totalMsB").asLong()).isGreaterThanOrEqualTo(turn.get("engineMsB").asLong());
      });
      assertThat(turns.get(0).get("callSid").asString()).isEqualTo(plain.callSid());
      assertThat(turns.get(2).get("callSid").asString()).isEqualTo(bargedIn.callSid());
      assertThat(turns.get(2).get("turn").asInt()).isEqualTo(turnsOf(bargedIn.callSid()).get(1));
      for (int i = 0; i < 2; i++) {
        assertThat(turns.get(i).get("replyB").asString()).isEqualTo(GatewayStack.REPLY);
        assertThat(turns.get(i).get("changed").asBoolean()).isFalse();
        assertThat(turns.get(i).get("wer").asDouble()).isZero();
      }
      assertThat(turns.get(2).get("replyB").asString()).isEqualTo(later);
      assertThat(turns.get(2).get("changed").asBoolean()).isTrue();
      // By hand: אנחנו|פתוחים|עד|שבע against אנחנו|פתוחים|עד|שמונה, one word substituted of four.
      assertThat(turns.get(2).get("wer").asDouble()).isEqualTo(0.25);
      JsonNode summary = report.get("summary");
      assertThat(summary.get("turns").asInt()).isEqualTo(3);
      assertThat(summary.get("changed").asInt()).isEqualTo(1);
      assertThat(summary.get("meanWer").asDouble()).as("(0 + 0 + 0.25) / 3").isEqualTo(0.083);
      double meanA = (turns.get(0).get("engineMsA").asLong() + turns.get(1).get("engineMsA").asLong()
          + turns.get(2).get("engineMsA").asLong()) / 3.0;
      assertThat(summary.get("meanEngineMsA").asDouble()).isCloseTo(meanA, org.assertj.core.data.Offset.offset(0.05));
      assertThat(summary.get("engineMsChange").asDouble()).isCloseTo(summary.get("meanEngineMsB").asDouble()
          - summary.get("meanEngineMsA").asDouble(), org.assertj.core.data.Offset.offset(0.051));

      String text = voiceWith(env, "rerun", "--calls", plain.callSid(), "--dialog-model", "gpt-test-b");
      assertThat(text).contains("A = dialog-scripted, B = openai:gpt-test-b", "1 turns, 0 replies changed; mean WER 0.000")
          .doesNotContain("[changed]");
      JsonNode last = json.readTree(openAi.chatRequestBodies().getLast());
      assertThat(last.get("model").asString()).isEqualTo("gpt-test-b");
      assertThat(last.get("messages").get(0).get("content").asString()).as("the service's own prompt")
          .doesNotContain("PROMPT-B");
    }
    assertThat(stack.records(Topics.REPLIES)).as("nothing written to the live topics").noneMatch(r -> r.getText().equals(later));
  }

  private List<String> roles(JsonNode request) {
    List<String> roles = new ArrayList<>();
    request.get("messages").forEach(m -> roles.add(m.get("role").asString()));
    return roles;
  }

  @Test
  void rerunWithAnotherVoiceReportsEachTurnsTimesAndAudioAndWritesBsAudioToListenTo() throws Exception {
    try (GoogleTtsFixture google = GoogleTtsFixture.start(LatencyModel.instant())) {
      Path out = dir.resolve("voice-b");
      JsonNode report = json.readTree(voiceWith(Map.of("GOOGLE_TTS_ENDPOINT", google.endpoint()), "rerun", "--calls",
          plain.callSid() + "," + bargedIn.callSid(), "--voice", "he-IL-Wavenet-B", "--out", out.toString(), "--json"));

      assertThat(google.requests()).as("a warm-up (the first sentence), then every sentence the calls played once")
          .hasSize(4).allSatisfy(request -> {
            assertThat(request.getVoice().getName()).isEqualTo("he-IL-Wavenet-B");
            assertThat(request.getInput().getSsml()).contains(GatewayStack.REPLY);
          });
      assertThat(report.get("engineA").asString()).isEqualTo("tts-scripted");
      assertThat(report.get("engineB").asString()).isEqualTo("google:he-IL-Wavenet-B");
      // By hand: the fixture speaks 65 ms a character; "אנחנו פתוחים עד שבע." is 5+1+6+1+2+1+3+1 = 20 characters.
      long audioB = 20 * 65;
      JsonNode turns = report.get("turns");
      assertThat(turns).hasSize(3).allSatisfy(turn -> {
        assertThat(turn.get("sentences").asInt()).isEqualTo(1);
        assertThat(turn.get("replyText").asString()).isEqualTo(GatewayStack.REPLY);
        assertThat(turn.get("audioMsB").asLong()).isEqualTo(audioB);
        assertThat(turn.get("failedB").asInt()).isZero();
        assertThat(turn.get("totalMsB").asLong()).as("one sentence: its time is the turn's")
            .isEqualTo(turn.get("firstAudioMsB").asLong());
      });
      assertThat(turns.get(0).get("audioMsA").asLong()).as("the short answer the plain call played").isEqualTo(SHORT_ANSWER_MS);
      assertThat(turns.get(1).get("audioMsA").asLong()).isEqualTo(LONG_ANSWER_MS);
      assertThat(turns.get(2).get("audioMsA").asLong()).isEqualTo(LONG_ANSWER_MS);
      ReplayedTimes a = ReplayedTimes.of(stack, plain.callSid(), turnsOf(plain.callSid()).getFirst());
      assertThat(turns.get(0).get("firstAudioMsA").asLong()).as("the tts stage's engine time on the call's record")
          .isEqualTo(a.ttsEngineMs());
      JsonNode summary = report.get("summary");
      assertThat(summary.get("turns").asInt()).isEqualTo(3);
      assertThat(summary.get("failedB").asInt()).isZero();
      assertThat(summary.get("audioMsA").asLong()).isEqualTo(SHORT_ANSWER_MS + 2L * LONG_ANSWER_MS);
      assertThat(summary.get("audioMsB").asLong()).isEqualTo(3 * audioB);

      Path wav = out.resolve(plain.callSid() + "-turn" + turns.get(0).get("turn").asInt() + ".wav");
      WavAudio audio = Wav.read(Files.readAllBytes(wav));
      assertThat(audio.sampleRate()).isEqualTo(8000);
      assertThat(audio.channels()).isEqualTo(1);
      assertThat(audio.data().length / 2).as("B's audio, sample for sample").isEqualTo((int) audioB * 8);
      try (var files = Files.list(out)) {
        assertThat(files).hasSize(3);
      }

      google.failNext(2); // the warm-up and the one sentence
      assertThat(voiceWith(Map.of("GOOGLE_TTS_ENDPOINT", google.endpoint()), "rerun", "--calls", plain.callSid(), "--voice",
          "he-IL-Wavenet-B")).contains("[B failed 1:", "1 turns, 1 sentences, 1 failed in B");
    }
  }

  /** The tts stage's engine time a call's turn recorded on its reply audio. */
  private record ReplayedTimes(long ttsEngineMs) {
    static ReplayedTimes of(GatewayStack stack, String callSid, int turn) {
      return new ReplayedTimes(stack.records(Topics.replyAudio(GatewayStack.INSTANCE)).stream()
          .filter(a -> a.getCallSid().equals(callSid) && a.getTurn() == turn).findFirst().orElseThrow().getTimeline().stream()
          .filter(s -> s.getStage().equals("tts")).findFirst().orElseThrow().getEngineMs());
    }
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
