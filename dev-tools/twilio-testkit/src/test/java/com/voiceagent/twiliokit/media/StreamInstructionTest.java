package com.voiceagent.twiliokit.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  @Test
  void theRedirectAfterTheConnectIsWhatTwilioFollowsWhenTheStreamEnds() {
    String twiml = "<Response><Connect><Stream url=\"wss://h/ws\"><Parameter name=\"token\" value=\"t\"/></Stream></Connect>"
        + "<Redirect method=\"POST\">https://h/webhook/stream_ended?after=5</Redirect></Response>";
    assertThat(StreamInstruction.parse(twiml).redirect()).hasToString("https://h/webhook/stream_ended?after=5");
    assertThat(StreamInstruction.parse(TWIML).redirect()).isNull();
    assertThatThrownBy(() -> StreamInstruction.parse(twiml.replace("POST", "GET")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("POST");
  }

  @Test
  void aHangupAnswerEndsTheCall() {
    assertThat(StreamInstruction.hangsUp("<Response><Hangup/></Response>")).isTrue();
    assertThat(StreamInstruction.hangsUp(TWIML)).isFalse();
  }
}
