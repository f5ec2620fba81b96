package com.voiceagent.gateway.media;

import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The gateway's work per 20 ms of every call, on the wire side: reading one inbound Twilio media message and
 * writing one outbound one. Run with {@code -prof gc} for the bytes allocated per frame (docs/benchmarks.md,
 * "The gateway's frame path"). Not run by surefire: the name does not end in Test.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class InboundFrameBenchmark {
  private static final String STREAM_SID = "MZ0123456789abcdef0123456789abcdef";

  private TwilioWire wire;
  private String inboundMedia;
  private byte[] outboundAudio;

  @Setup
  public void setUp() {
    wire = new TwilioWire(640);
    byte[] frame = new byte[TwilioWire.TWILIO_MEDIA_BYTES];
    for (int i = 0; i < frame.length; i++) {
      frame[i] = (byte) (i * 37);
    }
    // As Twilio sends it: its field order, numbers as strings, 160 bytes of mu-law in base64.
    inboundMedia = "{\"event\":\"media\",\"sequenceNumber\":\"1234\",\"streamSid\":\"" + STREAM_SID + "\","
        + "\"media\":{\"track\":\"inbound\",\"chunk\":\"1233\",\"timestamp\":\"24660\",\"payload\":\""
        + Base64.getEncoder().encodeToString(frame) + "\"}}";
    outboundAudio = frame;
  }

  @Benchmark
  public InboundEvent parseInboundMedia() {
    return wire.parse(inboundMedia);
  }

  @Benchmark
  public String writeOutboundMedia() {
    return wire.media(STREAM_SID, outboundAudio);
  }

  public static void main(String[] args) throws Exception {
    org.openjdk.jmh.Main.main(args.length > 0 ? args
        : new String[] {InboundFrameBenchmark.class.getSimpleName(), "-prof", "gc"});
  }
}
