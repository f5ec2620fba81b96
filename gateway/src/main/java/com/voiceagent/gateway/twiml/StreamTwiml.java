package com.voiceagent.gateway.twiml;

import com.twilio.http.HttpMethod;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Connect;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Parameter;
import com.twilio.twiml.voice.Redirect;
import com.twilio.twiml.voice.Say;
import com.twilio.twiml.voice.Stream;
import com.voiceagent.gateway.GatewayProperties;
import com.voiceagent.gateway.token.StreamTokens;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The TwiML that puts a call on our media stream (twilio-java's TwiML classes, never strings). After
 * {@code </Connect>} comes a {@code <Redirect>} to {@value #STREAM_ENDED_PATH}: Twilio runs it only once the
 * stream's socket has closed (a gateway died, or drained), and our answer puts the call on a new stream, on
 * whichever gateway the load balancer picks. The Redirect names the token of the stream it follows, so the
 * answer can tell Twilio's request about that stream from a replay about an older one.
 */
@Component
public final class StreamTwiml {
  public static final String MEDIA_PATH = "/ws/twilio-media";
  public static final String STREAM_STATUS_PATH = "/webhook/stream_status";
  public static final String STREAM_ENDED_PATH = "/webhook/stream_ended";
  /** The Redirect's query parameter: the issue time (epoch ms) of the token of the stream it follows. */
  public static final String PREVIOUS_TOKEN = "after";
  static final String TOKEN_PARAMETER = "token";
  /** The stream parameter of an outbound call: why we call; the gateway moves it to STREAM_STARTED's outboundContext. */
  public static final String CONTEXT_PARAMETER = "context";

  /** The JAXP lookup properties of the factories twilio-java's TwiML writer asks for (see useTheJdksXmlFactories). */
  static final String DOCUMENT_BUILDER_FACTORY = "javax.xml.parsers.DocumentBuilderFactory";
  static final String TRANSFORMER_FACTORY = "javax.xml.transform.TransformerFactory";

  static {
    useTheJdksXmlFactories();
  }

  private final GatewayProperties properties;
  private final StreamTokens tokens;
  private final Clock clock;

  StreamTwiml(GatewayProperties properties, StreamTokens tokens, Clock clock) {
    this.properties = properties;
    this.tokens = tokens;
    this.clock = clock;
  }

  /**
   * A new stream for the call, with a token minted now.
   *
   * @param base scheme://host[:port] Twilio reaches us at (https in production)
   */
  public String connect(String callSid, String accountSid, String base) {
    return connect(callSid, accountSid, base, Map.of());
  }

  /**
   * A new stream for the call whose start carries {@code parameters} (custom parameters, beside the token): the
   * gateway that takes the stream reads them on {@code start}.
   */
  public String connect(String callSid, String accountSid, String base, Map<String, String> parameters) {
    Instant issuedAt = clock.instant();
    String token = tokens.issue(callSid, accountSid, issuedAt);
    Stream.Builder stream = new Stream.Builder().url(webSocketBase(base) + MEDIA_PATH)
        .parameter(new Parameter.Builder().name(TOKEN_PARAMETER).value(token).build());
    parameters.forEach((name, value) -> stream.parameter(new Parameter.Builder().name(name).value(value).build()));
    if (properties.streamStatusCallback()) {
      stream.statusCallback(base + STREAM_STATUS_PATH);
    }
    Redirect back = new Redirect.Builder(base + STREAM_ENDED_PATH + "?" + PREVIOUS_TOKEN + "=" + issuedAt.toEpochMilli())
        .method(HttpMethod.POST).build();
    return new VoiceResponse.Builder().connect(new Connect.Builder().stream(stream.build()).build()).redirect(back).build()
        .toXml();
  }

  /** Ends the call: the answer to a Redirect that must not bring the call back. */
  public static String hangUp() {
    return new VoiceResponse.Builder().hangup(new Hangup.Builder().build()).build().toXml();
  }

  /** A short message in Hebrew, then the end of the call: the voicemail left on an answering machine. */
  public static String sayThenHangUp(String text) {
    return new VoiceResponse.Builder()
        .say(new Say.Builder(text).language(Say.Language.HE_IL).voice(Say.Voice.GOOGLE_HE_IL_STANDARD_A).build())
        .hangup(new Hangup.Builder().build()).build().toXml();
  }

  /**
   * twilio-java's {@code toXml} asks JAXP for a new DOM and a new transformer factory on every call. Unless a system
   * property names the implementation, each lookup scans every jar on the class path for a provider; the gateway
   * ships none, so the scan always ends with the JDK's own, and it took a noticeable share of the gateway's CPU as
   * calls arrived. Naming the JDK's built-in implementations ({@code newDefaultInstance}) skips the scan and changes
   * nothing else. A value the operator set (-D) is kept.
   */
  static void useTheJdksXmlFactories() {
    System.getProperties().putIfAbsent(DOCUMENT_BUILDER_FACTORY,
        javax.xml.parsers.DocumentBuilderFactory.newDefaultInstance().getClass().getName());
    System.getProperties().putIfAbsent(TRANSFORMER_FACTORY,
        javax.xml.transform.TransformerFactory.newDefaultInstance().getClass().getName());
  }

  /** https -> wss; a plain-http base (a local tunnel) gives ws. */
  static String webSocketBase(String base) {
    String host = base.substring(base.indexOf("://") + 3);
    return base.regionMatches(true, 0, "http://", 0, 7) ? "ws://" + host : "wss://" + host;
  }
}
