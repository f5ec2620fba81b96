package com.voiceagent.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Speculative turns pay for a transcription (and often a dialog request) each time the caller goes on after a
 * pause. Over calls with natural pauses ({@link PausedQuestions}), the gateway's settings must keep that to at most
 * 1.2 requests per answered question while most turns still start before the end silence. The figures are printed
 * for docs/benchmarks.md.
 */
class SpeculativeTurnCostTest {

    /** The gateway's endpointing defaults (GatewayProperties.Endpoint). */
    static final EndpointerConfig GATEWAY = EndpointerConfig.defaults().withMinSpeech(Duration.ofMillis(150));

    private static List<PausedQuestions.Call> calls;

    @BeforeAll
    static void makeCalls(@TempDir Path work) {
        assumeTrue(PausedQuestions.toolsPresent(), "espeak-ng and sox make the recordings; install both "
                + "(apt-get install espeak-ng sox; .ci/run does)");
        calls = new PausedQuestions(work).calls(30, 20261207L);
    }

    @Test
    void everyQuestionIsOneTurnWithoutSpeculation() {
        SpeculativeTurnCost off = SpeculativeTurnCost.measure(GATEWAY.withSpeculativeSilence(Duration.ZERO), calls);

        assertThat(off.questions()).isEqualTo(90);
        for (PausedQuestions.Call call : calls) {
            RecordingListener events = RecordingListener.feed(Endpointer.create(GATEWAY.withSpeculativeSilence(Duration.ZERO)),
                    call.samples(), PausedQuestions.RATE, 160, 0);
            assertThat(events.utterances).as("turns of a call whose questions are %s", call.questions())
                    .extracting(u -> u.startMs() + ".." + u.endMs()).hasSize(call.questions().size());
        }
        assertThat(off.answered()).isEqualTo(off.questions());
        assertThat(off.published()).isEqualTo(off.answered());
        assertThat(off.headStartShare()).isZero();
    }

    @Test
    void theCallsHaveHesitationsInsideQuestions() {
        long hesitations = calls.stream().flatMap(c -> c.questions().stream()).flatMap(q -> q.pausesMs().stream())
                .filter(pause -> pause >= 250).count();

        assertThat(hesitations).as("pauses long enough to start a speculative turn").isGreaterThanOrEqualTo(40);
    }

    @Test
    void theDefaultSpeculativeSilenceCostsAtMostOnePointTwoRequestsPerAnsweredQuestionAndStillStartsTurnsEarly() {
        SpeculativeTurnCost cost = SpeculativeTurnCost.measure(GATEWAY, calls);
        print("the default, " + GATEWAY.speculativeSilence().toMillis() + " ms", cost);

        assertThat(cost.answered()).isEqualTo(cost.questions());
        assertThat(cost.requestsPerAnswer()).as("%s", cost).isLessThanOrEqualTo(1.2);
        assertThat(cost.headStartShare()).as("turns confirmed from a speculation: %s", cost).isGreaterThanOrEqualTo(0.9);
        assertThat(cost.headStartMsMean()).as("%s", cost).isGreaterThanOrEqualTo(100);
    }

    @Test
    void aQuarterSecondPauseSpeculatesAtEveryHesitationAndCostsFarMore() {
        SpeculativeTurnCost cost = SpeculativeTurnCost.measure(GATEWAY, calls);
        for (long ms = 250; ms < GATEWAY.endSilence().toMillis(); ms += 50) {
            print(ms + " ms", SpeculativeTurnCost.measure(GATEWAY.withSpeculativeSilence(Duration.ofMillis(ms)), calls));
        }
        SpeculativeTurnCost quarter = SpeculativeTurnCost.measure(GATEWAY.withSpeculativeSilence(Duration.ofMillis(250)), calls);

        assertThat(quarter.requestsPerAnswer()).isGreaterThan(1.5).isGreaterThan(cost.requestsPerAnswer());
        assertThat(quarter.headStartMsMean()).isGreaterThan(cost.headStartMsMean());
    }

    private static void print(String label, SpeculativeTurnCost cost) {
        System.out.printf("speculative turns, %s: %s%n", label, cost);
    }
}
