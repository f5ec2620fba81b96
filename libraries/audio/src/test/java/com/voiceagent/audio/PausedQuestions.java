package com.voiceagent.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Phone calls in which callers ask Hebrew questions with pauses inside them, as people do: each question is spoken
 * phrase by phrase by espeak-ng, resampled to the phone's 8 kHz by sox, joined with the pauses of that caller's
 * habit, and mixed with line noise. Everything is drawn from one seed, so the same seed gives the same calls.
 *
 * <p>The pauses between a question's phrases follow what studies of spontaneous speech report (silent pauses fall
 * into two log-normal groups: brief ones of about a tenth of a second, and longer, hesitation pauses of several
 * hundred milliseconds). A pause of the end silence (600 ms) or more ends the turn whatever we do, so the longer
 * ones here stay under it. How often a caller hesitates is their own: a third of the callers are fluent (one
 * joint in five is a hesitation), a third average (one in two), a third hesitant (four in five). A call is three
 * questions by one caller, each followed by the 2.5 s the agent takes to answer (the caller's line quiet, noise
 * only).
 */
final class PausedQuestions {

    static final int RATE = EndpointerConfig.PHONE_SAMPLE_RATE;

    /** Questions a business hears, cut where a speaker may stop to think. */
    static final List<List<String>> QUESTIONS = List.of(
            List.of("שלום", "רציתי לשאול", "מתי אתם פתוחים מחר"),
            List.of("אני מחפש", "את הסניף הכי קרוב", "לתל אביב"),
            List.of("כמה עולה", "משלוח", "לירושלים"),
            List.of("אפשר לקבוע תור", "ליום שלישי", "בבוקר"),
            List.of("הזמנתי אתמול", "ועוד לא קיבלתי", "אישור במייל"),
            List.of("יש לכם", "חניה", "ליד החנות"),
            List.of("אני רוצה לבטל", "את ההזמנה שלי"),
            List.of("האם אתם עובדים", "גם בשבת"),
            List.of("אני צריך עזרה", "עם החשבון", "שלי באתר"),
            List.of("מה שעות הפתיחה", "ביום שישי"),
            List.of("כמה זמן לוקח", "המשלוח", "לחיפה"),
            List.of("תגיד לי בבקשה", "אם המוצר", "חזר למלאי"));

    /** espeak-ng voices: words per minute and pitch (0-99). */
    private static final int[][] VOICES = {{150, 40}, {170, 50}, {190, 62}};
    /** How often a caller hesitates between two phrases: at one joint in five, in two, or four in five. */
    enum Habit {
        FLUENT(0.2), AVERAGE(0.5), HESITANT(0.8);

        final double hesitationShare;

        Habit(double hesitationShare) {
            this.hesitationShare = hesitationShare;
        }
    }
    private static final int QUESTIONS_PER_CALL = 3;
    private static final int LEAD_IN_MS = 500;
    private static final int ANSWER_MS = 2500;

    /** A caller's question: where its speech is, and the pauses inside it. */
    record Question(long speechStartMs, long speechEndMs, List<Long> pausesMs) {
    }

    /** One call: its audio and the questions in it, in order. */
    record Call(short[] samples, List<Question> questions, Habit habit) {
    }

    private final Path work;
    private final Map<String, short[]> spoken = new HashMap<>();

    PausedQuestions(Path work) {
        this.work = work;
    }

    /** True when espeak-ng and sox can be run here. */
    static boolean toolsPresent() {
        return runs("espeak-ng", "--version") && runs("sox", "--version");
    }

    /** {@code count} calls drawn from {@code seed}. */
    List<Call> calls(int count, long seed) {
        Random random = new Random(seed);
        List<Call> calls = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            int[] voice = VOICES[random.nextInt(VOICES.length)];
            calls.add(call(random, voice, Habit.values()[c % Habit.values().length]));
        }
        return calls;
    }

    private Call call(Random random, int[] voice, Habit habit) {
        List<short[]> parts = new ArrayList<>();
        List<Question> questions = new ArrayList<>();
        long at = LEAD_IN_MS;
        parts.add(new short[LEAD_IN_MS * RATE / 1000]);
        for (int q = 0; q < QUESTIONS_PER_CALL; q++) {
            List<String> phrases = QUESTIONS.get(random.nextInt(QUESTIONS.size()));
            long start = at;
            List<Long> pauses = new ArrayList<>();
            for (int p = 0; p < phrases.size(); p++) {
                if (p > 0) {
                    long pause = random.nextDouble() < habit.hesitationShare ? hesitation(random) : brief(random);
                    pauses.add(pause);
                    parts.add(new short[(int) (pause * RATE / 1000)]);
                    at += pause;
                }
                short[] phrase = speak(phrases.get(p), voice[0], voice[1]);
                parts.add(phrase);
                at += phrase.length * 1000L / RATE;
            }
            questions.add(new Question(start, at, List.copyOf(pauses)));
            parts.add(new short[ANSWER_MS * RATE / 1000]);
            at += ANSWER_MS;
        }
        short[] speech = Signals.concat(parts.toArray(short[][]::new));
        // Line noise at -50 to -60 dBFS: 30 to 40 dB under espeak-ng's speech, a clean phone line.
        short[] noisy = Signals.add(speech, Signals.noise(speech.length, -50 - 10 * random.nextDouble(), random.nextLong()));
        return new Call(noisy, List.copyOf(questions), habit);
    }

    /** A brief pause between words: log-normal around 110 ms, 40 to 200 ms. */
    private static long brief(Random random) {
        return clamp(Math.round(110 * Math.exp(0.35 * random.nextGaussian())), 40, 200);
    }

    /** A hesitation: log-normal around 380 ms, 200 to 500 ms (near 600 ms, with the soft ends of words, the turn would end). */
    private static long hesitation(Random random) {
        return clamp(Math.round(380 * Math.exp(0.25 * random.nextGaussian())), 200, 500);
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }

    /** The phrase spoken by espeak-ng's Hebrew voice, at 8 kHz, without the silence espeak-ng adds around it. */
    private short[] speak(String phrase, int wordsPerMinute, int pitch) {
        String key = wordsPerMinute + "/" + pitch + "/" + phrase;
        short[] cached = spoken.get(key);
        if (cached != null) {
            return cached;
        }
        try {
            Path raw = Files.createTempFile(work, "phrase", ".wav");
            Path phone = Files.createTempFile(work, "phrase8k", ".wav");
            run("espeak-ng", "-v", "he", "-s", Integer.toString(wordsPerMinute), "-p", Integer.toString(pitch), "-w",
                    raw.toString(), phrase);
            // Trim espeak-ng's own leading and trailing silence: the pauses are the corpus', not the synthesiser's.
            run("sox", raw.toString(), "-r", Integer.toString(RATE), "-c", "1", "-b", "16", phone.toString(),
                    "silence", "1", "0.01", "0.5%", "reverse", "silence", "1", "0.01", "0.5%", "reverse");
            short[] samples = Wav.read(Files.readAllBytes(phone)).toMonoPcm16();
            spoken.put(key, samples);
            return samples;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (InputStream output = process.getInputStream()) {
            byte[] said = output.readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + new String(said));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static boolean runs(String... command) {
        try {
            run(command);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
