package com.voiceagent.stt.transcribe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.voiceagent.stt.SttProperties;
import com.voiceagent.stt.TestAudio;
import com.voiceagent.stt.engine.SpeechToText;
import com.voiceagent.stt.engine.SpeechToTextConfiguration;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real openai-java code path against a local server speaking the OpenAI transcription protocol
 * (multipart POST /audio/transcriptions, JSON {"text": ...}).
 */
class OpenAiTranscriptionTest {
  private static final String PATH = "/v1/audio/transcriptions";
  private static final String HEBREW = "שלום, אני רוצה לקבוע תור";

  private WireMockServer server;
  private SpeechToText engine;
  private Transcriber transcriber;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort());
    server.start();
    useBudget(Duration.ofSeconds(5));
  }

  /** A generous budget by default: a loaded build machine must not turn a slow first request into FAILED. */
  private void useBudget(Duration budget) {
    if (transcriber != null) {
      transcriber.close();
      closeEngine();
    }
    SttProperties properties = TestAudio.openAi(server.baseUrl() + "/v1", budget);
    engine = SpeechToTextConfiguration.engineFor(properties);
    transcriber = new Transcriber(engine, new SpeechGate(properties.minVoiced(), properties.voicedLevel()),
        new HallucinationFilter(properties.fillers()), properties.timeout());
  }

  @AfterEach
  void stop() {
    transcriber.close();
    closeEngine();
    server.stop();
  }

  private void closeEngine() {
    try {
      ((AutoCloseable) engine).close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void speechIsSentAsAWavFileWithModelAndHebrewAndItsTextBecomesAnOkTranscript() {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(json("{\"text\":\"" + HEBREW + "\"}")));

    Outcome outcome = transcriber.transcribe(TestAudio.speech());

    assertThat(outcome.status()).isEqualTo(Outcome.Status.OK);
    assertThat(outcome.text()).isEqualTo(HEBREW);
    assertThat(outcome.reason()).isNull();
    List<LoggedRequest> requests = server.findAll(postRequestedFor(urlEqualTo(PATH)));
    assertThat(requests).hasSize(1);
    LoggedRequest request = requests.getFirst();
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer test-key");
    assertThat(request.getHeader("Content-Type")).startsWith("multipart/form-data");

    Request.Part file = request.getPart("file");
    assertThat(file).isNotNull();
    assertThat(file.getHeader("Content-Disposition").firstValue()).contains("filename=\"audio.wav\"");
    assertThat(file.getHeader("Content-Type").firstValue()).isEqualTo("audio/wav");
    byte[] wav = file.getBody().asBytes();
    assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    assertThat(new String(wav, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WAVE");
    int sampleRate = ByteBuffer.wrap(wav, 24, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    assertThat(sampleRate).isIn(8000, 16000);
    assertThat(wav.length).isGreaterThan(TestAudio.speech().samples().length * 2);

    assertThat(request.getPart("model").getBody().asString()).isEqualTo("whisper-1");
    assertThat(request.getPart("language").getBody().asString()).isEqualTo("he");
  }

  @Test
  void aServerErrorGivesAFailedTranscriptWithAReason() {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(500)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}")));

    Outcome outcome = transcriber.transcribe(TestAudio.speech());

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.reason()).startsWith("openai failed").contains("500");
    assertThat(outcome.text()).isEmpty();
  }

  @Test
  void aServerThatHangsPastTheBudgetGivesAFailedTranscriptAtTheDeadline() {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(json("{\"text\":\"" + HEBREW + "\"}").withFixedDelay(20_000)));
    useBudget(Duration.ofSeconds(1));

    long start = System.nanoTime();
    Outcome outcome = transcriber.transcribe(TestAudio.speech());
    Duration waited = Duration.ofNanos(System.nanoTime() - start);

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.reason()).contains("openai");
    // The fixture would answer after 20 s; the transcript must not wait for it.
    assertThat(waited).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void silenceIsNeverSentToTheEngine() {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(json("{\"text\":\"תודה רבה.\"}")));

    Outcome outcome = transcriber.transcribe(TestAudio.silence(Duration.ofSeconds(2)));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.EMPTY);
    assertThat(outcome.reason()).isEqualTo("no speech in audio");
    assertThat(server.getAllServeEvents()).isEmpty();
  }

  @Test
  void aThankYouHallucinationGivesAnEmptyTranscript() {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(json("{\"text\":\"תודה רבה.\"}")));

    Outcome outcome = transcriber.transcribe(TestAudio.speech());

    assertThat(outcome.status()).isEqualTo(Outcome.Status.EMPTY);
    assertThat(outcome.reason()).isEqualTo("filler/hallucination");
    assertThat(server.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(1);
  }

  @Test
  void anEmptyTextGivesAnEmptyTranscript() {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(json("{\"text\":\"  \"}")));

    Outcome outcome = transcriber.transcribe(TestAudio.speech());

    assertThat(outcome.status()).isEqualTo(Outcome.Status.EMPTY);
    assertThat(outcome.reason()).isEqualTo("engine returned no text");
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
  }
}
