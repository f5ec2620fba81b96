package com.voiceagent.audio;

import java.util.Arrays;
import java.util.List;

/**
 * What speculative turns cost and give on a set of calls, counted as the gateway acts on the endpointer's events:
 * every {@code speechPaused} publishes a turn (one transcription, and one dialog request once it is transcribed),
 * every {@code utterance} that no pending speculative turn covers publishes one, and an {@code utterance} that
 * confirms a speculative turn publishes nothing new. Audio is fed as Twilio sends it, 20 ms per message.
 *
 * @param questions       questions the callers asked
 * @param answered        turns the endpointer ended (one per question when no pause split a question)
 * @param published       turns published: each costs one STT request and, at most, one LLM request
 * @param takenBack       speculative turns the caller spoke on through (their requests were wasted)
 * @param headStartMsMean mean over the answered turns of how much earlier than the end silence the turn started
 * @param headStartShare  share of the answered turns that started before the end silence (a confirmed speculation)
 */
record SpeculativeTurnCost(int questions, int answered, int published, int takenBack, double headStartMsMean,
                           double headStartShare) {

    private static final int TWILIO_FRAME = 160;

    /** Requests (STT, and at most as many LLM) per answered turn. */
    double requestsPerAnswer() {
        return (double) published / answered;
    }

    static SpeculativeTurnCost measure(EndpointerConfig config, List<PausedQuestions.Call> calls) {
        Counter counter = new Counter(config.endSilence().toMillis());
        int questions = 0;
        for (PausedQuestions.Call call : calls) {
            questions += call.questions().size();
            Endpointer endpointer = Endpointer.create(config);
            short[] samples = call.samples();
            for (int offset = 0; offset < samples.length; offset += TWILIO_FRAME) {
                long streamTimeMs = offset * 1000L / PausedQuestions.RATE;
                short[] frame = Arrays.copyOfRange(samples, offset, Math.min(samples.length, offset + TWILIO_FRAME));
                counter.now = streamTimeMs + frame.length * 1000L / PausedQuestions.RATE;
                endpointer.accept(frame, streamTimeMs, counter);
            }
        }
        return new SpeculativeTurnCost(questions, counter.answered, counter.published, counter.takenBack,
                counter.answered == 0 ? 0 : counter.headStartMs / counter.answered,
                counter.answered == 0 ? 0 : (double) counter.headStarts / counter.answered);
    }

    @Override
    public String toString() {
        return String.format("%d questions, %d answered, %d published, %d taken back: %.2f requests per answer, "
                        + "head start %.0f ms on average, %.0f %% of turns started early", questions, answered, published,
                takenBack, requestsPerAnswer(), headStartMsMean, 100 * headStartShare);
    }

    private static final class Counter implements Endpointer.Listener {
        private final long endSilenceMs;
        long now;
        int answered;
        int published;
        int takenBack;
        int headStarts;
        double headStartMs;
        /** Stream time at which the pending speculative turn was published, or -1. */
        private long speculativeAt = -1;
        private long speculativeSpeechEnd;

        Counter(long endSilenceMs) {
            this.endSilenceMs = endSilenceMs;
        }

        @Override
        public void speechPaused(DetectedUtterance soFar) {
            published++;
            speculativeAt = now;
            speculativeSpeechEnd = soFar.endMs();
        }

        @Override
        public void speechResumed(long streamTimeMs) {
            takenBack++;
            speculativeAt = -1;
        }

        @Override
        public void utterance(DetectedUtterance utterance) {
            answered++;
            if (speculativeAt >= 0) {
                long waited = speculativeAt - speculativeSpeechEnd;
                headStartMs += Math.max(0, endSilenceMs - waited);
                headStarts++;
                speculativeAt = -1;
            } else {
                published++;
            }
        }
    }
}
