package com.voiceagent.stt.transcribe;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.fixtures.LatencyModel;
import com.voiceagent.fixtures.OpenAiFixture;
import com.voiceagent.fixtures.Transcription;
import com.voiceagent.fixtures.TranscriptionRequest;
import com.voiceagent.stt.SttProperties;
import com.voiceagent.stt.TestAudio;
import com.voiceagent.stt.engine.SpeechToText;
import com.voiceagent.stt.engine.SpeechToTextConfiguration;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real openai-java code path against the local server speaking the OpenAI transcription protocol
 * (multipart POST /audio/transcriptions, JSON {"text": ...}).
 */
class OpenAiTranscriptionTest {
  private static final String HEBREW = "שלום, אני רוצה לקבוע תור";

  private OpenAiFixture openAi;
  private SpeechToText engine;
  private Transcriber transcriber;

  @BeforeEach
  void start() throws IOException {
    openAi = OpenAiFixture.start(LatencyModel.instant());
    useBudget(Duration.ofSeconds(5));
  }

  /** A generous budget by default: a loaded build machine must not turn a slow first request into FAILED. */
  private void useBudget(Duration budget) {
    if (transcriber != null) {
      transcriber.close();
      closeEngine();
    }
    SttProperties properties = TestAudio.openAi(openAi.baseUrl(), budget);
    engine = SpeechToTextConfiguration.engineFor(properties);
    transcriber = new Transcriber(engine, new SpeechGate(properties.minVoiced(), properties.voicedLevel()),
        new HallucinationFilter(properties.fillers()), properties.timeout());
  }

  @AfterEach
  void stop() {
    transcriber.close();
    closeEngine();
    openAi.close();
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
    openAi.transcribeWith(request -> Transcription.text(HEBREW));

    Outcome outcome = transcriber.transcribe(TestAudio.speech());

    assertThat(outcome.status()).isEqualTo(Outcome.Status.OK);
    assertThat(outcome.text()).isEqualTo(HEBREW);
    assertThat(outcome.reason()).isNull();
    assertThat(openAi.transcriptionRequests()).singleElement().satisfies(request -> {
      assertThat(request.authorization()).isEqualTo("Bearer test-key");
      assertThat(request.contentType()).startsWith("multipart/form-data");

      TranscriptionRequest.Part file = request.parts().get("file");
      assertThat(file.filename()).isEqualTo("audio.wav");
      assertThat(file.contentType()).isEqualTo("audio/wav");
      byte[] wav = file.content();
      assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
      assertThat(new String(wav, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WAVE");
      int sampleRate = ByteBuffer.wrap(wav, 24, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
      assertThat(sampleRate).isIn(8000, 16000);
      assertThat(wav.length).isGreaterThan(TestAudio.speech().samples().length * 2);

      assertThat(request.model()).isEqualTo("whisper-1");
      assertThat(request.language()).isEqualTo("he");
    });
  }

  @Test
  void aServerErrorGivesAFailedTranscriptWithAReason() {
    openAi.transcribeWith(request -> Transcription.error(500, "The server had an error"));

    Outcome outcome = transcriber.transcribe(TestAudio.speech());

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.reason()).startsWith("openai failed").contains("500");
    assertThat(outcome.text()).isEmpty();
  }

  @Test
  void aServerThatHangsPastTheBudgetGivesAFailedTranscriptAtTheDeadline() {
    openAi.transcribeWith(request -> Transcription.text(HEBREW).after(Duration.ofSeconds(20)));
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
    openAi.transcribeWith(request -> Transcription.text("תודה רבה."));

    Outcome outcome = transcriber.transcribe(TestAudio.silence(Duration.ofSeconds(2)));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.EMPTY);
    assertThat(outcome.reason()).isEqualTo("no speech in audio");
    assertThat(openAi.transcriptionRequests()).isEmpty();
  }

  @Test
  void aThankYouHallucinationGivesAnEmptyTranscript() {
    openAi.transcribeWith(request -> Transcription.text("תודה רבה."));

    Outcome outcome = transcriber.transcribe(TestAudio.speech());

    assertThat(outcome.status()).isEqualTo(Outcome.Status.EMPTY);
    assertThat(outcome.reason()).isEqualTo("filler/hallucination");
    assertThat(openAi.transcriptionRequests()).hasSize(1);
  }

  @Test
  void anEmptyTextGivesAnEmptyTranscript() {
    openAi.transcribeWith(request -> Transcription.text("  "));

    Outcome outcome = transcriber.transcribe(TestAudio.speech());

    assertThat(outcome.status()).isEqualTo(Outcome.Status.EMPTY);
    assertThat(outcome.reason()).isEqualTo("engine returned no text");
  }
}
