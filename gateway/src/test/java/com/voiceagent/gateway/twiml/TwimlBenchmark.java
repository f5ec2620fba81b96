package com.voiceagent.gateway.twiml;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One TwiML answer as twilio-java writes it, with the JDK's XML factories named ({@code jdkFactories=true}, what
 * {@link StreamTwiml} does) and without (each factory looked up on the class path, as before). Every incoming call
 * and every stream that resumes costs one. Not run by surefire: the name does not end in Test.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TwimlBenchmark {
  @Param({"true", "false"})
  public boolean jdkFactories;

  @Setup
  public void setUp() {
    StreamTwiml.useTheJdksXmlFactories();
    if (!jdkFactories) {
      System.clearProperty(StreamTwiml.DOCUMENT_BUILDER_FACTORY);
      System.clearProperty(StreamTwiml.TRANSFORMER_FACTORY);
    }
  }

  @Benchmark
  public String twimlAnswer() {
    return StreamTwiml.hangUp();
  }
}
