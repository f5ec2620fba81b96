package com.voiceagent.twiliokit.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.twilio.http.HttpMethod;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Connect;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Parameter;
import com.twilio.twiml.voice.Redirect;
import com.twilio.twiml.voice.Stream;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamInstructionTest {
  private static final String TWIML = """
      <?xml version="1.0" encoding="UTF-8"?>
      <Response>
        <Connect>
          <Stream url="wss://abc.ngrok.app/ws/twilio-media">
            <Parameter name="token" value="t0k3n"/>
            <Parameter name="from" value="+972501234567"/>
          </Stream>
        </Connect>
      </Response>""";

  @Test
  void readsTheStreamUrlAndItsParametersInOrder() {
    StreamInstruction s = StreamInstruction.parse(TWIML);

    assertThat(s.signedUrl()).isEqualTo("wss://abc.ngrok.app/ws/twilio-media");
    assertThat(s.parameters()).containsExactly(Map.entry("token", "t0k3n"), Map.entry("from", "+972501234567"));
  }

  @Test
  void theLocalSimulatorConnectsToTheGatewayOnTheSamePath() {
    assertThat(StreamInstruction.parse(TWIML).localWebSocket("localhost:8080"))
        .hasToString("ws://localhost:8080/ws/twilio-media");
  }

  @Test
  void aStreamWithoutParametersIsFine() {
    String twiml = "<Response><Connect><Stream url=\"wss://h/ws/twilio-media\" track=\"inbound_track\"/></Connect></Response>";
    assertThat(StreamInstruction.parse(twiml).parameters()).isEmpty();
  }

  @Test
  void sayAndGatherAreRefusedBecauseTheAgentStreamsItsOwnAudio() {
    assertThatThrownBy(() -> StreamInstruction.parse("<Response><Say>שלום</Say><Connect><Stream url=\"wss://h/x\"/></Connect></Response>"))
        .hasMessageStartingWith("TwiML uses <Say>");
    assertThatThrownBy(() -> StreamInstruction.parse("<Response><Gather/></Response>"))
        .hasMessageStartingWith("TwiML uses <Gather>");
  }

  @Test
  void aStreamUrlThatTwilioWouldRefuseIsReported() {
    assertThatThrownBy(() -> StreamInstruction.parse("<Response><Connect><Stream url=\"ws://h/x\"/></Connect></Response>"))
        .hasMessage("<Stream url> must be wss:// (Twilio refuses anything else), was ws://h/x");
    assertThatThrownBy(() -> StreamInstruction.parse("<Response><Connect><Stream url=\"wss://h/x?token=1\"/></Connect></Response>"))
        .hasMessageContaining("query string, which Twilio does not deliver");
    assertThatThrownBy(() -> StreamInstruction.parse("<Response><Connect><Stream url=\"wss://h/x\" track=\"both_tracks\"/></Connect></Response>"))
        .hasMessage("<Connect><Stream> accepts only track=\"inbound_track\", was \"both_tracks\"");
  }

  @Test
  void somethingThatIsNotTwimlIsReportedWithTheBody() {
    assertThatThrownBy(() -> StreamInstruction.parse("{\"error\":\"boom\"}"))
        .hasMessageStartingWith("The answer is not TwiML").hasMessageContaining("boom");
    assertThatThrownBy(() -> StreamInstruction.parse("<Response/>"))
        .hasMessageStartingWith("TwiML must contain exactly one <Connect>, found 0");
  }

  /** The gateway writes its TwiML with twilio-java's classes; what they produce must read back here. */
  @Test
  void theRedirectAfterConnectAsTwilioJavaWritesItIsRead() {
    String twiml = new VoiceResponse.Builder()
        .connect(new Connect.Builder().stream(new Stream.Builder().url("wss://gw.example.com/ws/twilio-media")
            .parameter(new Parameter.Builder().name("token").value("t0k3n").build()).build()).build())
        .redirect(new Redirect.Builder("https://gw.example.com/webhook/stream_ended?after=1765000000000")
            .method(HttpMethod.POST).build())
        .build().toXml();

    StreamInstruction s = StreamInstruction.parse(twiml);

    assertThat(s.parameters()).containsExactly(Map.entry("token", "t0k3n"));
    assertThat(s.redirect()).contains(URI.create("https://gw.example.com/webhook/stream_ended?after=1765000000000"));
    assertThat(s.redirectMethod()).isEqualTo("POST");
  }

  @Test
  void withoutARedirectTheCallEndsWithItsStream() {
    assertThat(StreamInstruction.parse(TWIML).redirect()).isEmpty();
    String hangUpFirst = "<Response><Connect><Stream url=\"wss://h/x\"/></Connect><Hangup/><Redirect>https://h/r</Redirect></Response>";
    assertThat(StreamInstruction.parse(hangUpFirst).redirect()).as("Twilio hangs up before it gets to the Redirect").isEmpty();
  }

  @Test
  void aRedirectIsAnsweredWithTheNextStreamOrAHangUp() {
    assertThat(StreamInstruction.parseNext(new VoiceResponse.Builder().hangup(new Hangup.Builder().build()).build().toXml()))
        .isEmpty();
    assertThat(StreamInstruction.parseNext(TWIML)).get().extracting(StreamInstruction::signedUrl)
        .isEqualTo("wss://abc.ngrok.app/ws/twilio-media");
    assertThatThrownBy(() -> StreamInstruction.parseNext("<Response/>"))
        .hasMessageStartingWith("TwiML must contain exactly one <Connect>, found 0");
  }
}
