package com.voiceagent.audio;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JMH benchmarks of the per-call audio hot paths (not run by surefire: the name does not end in Test).
 * Run: see docs/benchmarks-audio.md (java -cp ... org.openjdk.jmh.Main AudioBenchmark ...).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AudioBenchmark {

    private Resampler espeakToPhone;
    private Resampler phoneToWhisper;
    private short[] oneSecondAt22050;
    private short[] oneSecondAt8000;
    private byte[] oneSecondMuLaw;
    private Endpointer endpointer;
    private long streamTimeMs;

    @Setup(Level.Trial)
    public void setUp() {
        espeakToPhone = Resampler.of(22050, 8000);
        phoneToWhisper = Resampler.of(8000, 16000);
        oneSecondAt22050 = Signals.add(Signals.tone(440, 22050, 1.0, 0.3), Signals.noise(22050, -40, 1));
        oneSecondAt8000 = Signals.add(EndpointerBehaviourTest.syllables(1.0, 0.3), Signals.noise(8000, -45, 2));
        oneSecondMuLaw = MuLaw.encode(oneSecondAt8000);
        endpointer = Endpointer.create(EndpointerConfig.defaults());
    }

    @Benchmark
    public short[] resampleOneSecond22050To8000() {
        return espeakToPhone.resample(oneSecondAt22050);
    }

    @Benchmark
    public short[] resampleOneSecond8000To16000() {
        return phoneToWhisper.resample(oneSecondAt8000);
    }

    /** One second of a call in Twilio-sized 20 ms chunks (160 samples), speech and noise. */
    @Benchmark
    public void endpointOneSecondIn20msChunks(Blackhole blackhole) {
        Endpointer.Listener listener = blackhole::consume;
        for (int offset = 0; offset < oneSecondAt8000.length; offset += 160) {
            short[] chunk = new short[160];
            System.arraycopy(oneSecondAt8000, offset, chunk, 0, 160);
            endpointer.accept(chunk, streamTimeMs, listener);
            streamTimeMs += 20;
        }
    }

    @Benchmark
    public short[] decodeOneSecondOfMuLaw() {
        return MuLaw.decode(oneSecondMuLaw);
    }

    @Benchmark
    public byte[] encodeOneSecondToMuLaw() {
        return MuLaw.encode(oneSecondAt8000);
    }

    /** Lets the benchmark run from an IDE or plain java: passes arguments through to JMH. */
    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args.length > 0 ? args
                : new String[] {AudioBenchmark.class.getSimpleName(), "-wi", "2", "-i", "3", "-f", "1"});
    }
}
