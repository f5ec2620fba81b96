package com.voiceagent.twiliokit.media;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What the gateway's TwiML answer tells Twilio to do: {@code <Response><Connect><Stream url="wss://...">}
 * with {@code <Parameter name value/>} children, which Twilio delivers in {@code start.customParameters};
 * then, optionally, the {@code <Redirect>} after {@code </Connect>} that Twilio follows once the stream's
 * socket has closed (how a call survives losing its gateway).
 *
 * @param url the Stream url as written in the TwiML
 * @param parameters the Parameter elements in document order
 * @param redirectUrl the Redirect after {@code </Connect>}, as written (absolute); null when there is none
 * @param redirectMethod the Redirect's method, POST (Twilio's default) or GET; null without a Redirect
 */
public record StreamInstruction(URI url, Map<String, String> parameters, URI redirectUrl, String redirectMethod) {

  public StreamInstruction {
    Objects.requireNonNull(url, "url");
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    if ((redirectUrl == null) != (redirectMethod == null)) {
      throw new IllegalArgumentException("a Redirect needs both its url and its method");
    }
  }

  /** A stream without a Redirect after it: when its socket closes, the call ends. */
  public StreamInstruction(URI url, Map<String, String> parameters) {
    this(url, parameters, null, null);
  }

  /** Where Twilio goes once the stream's socket has closed, if anywhere. */
  public Optional<URI> redirect() {
    return Optional.ofNullable(redirectUrl);
  }

  /**
   * Reads the TwiML answer to a Redirect: either a new stream (as {@link #parse}) or {@code <Hangup/>}, which
   * ends the call (empty).
   */
  public static Optional<StreamInstruction> parseNext(String twiml) {
    Objects.requireNonNull(twiml, "twiml");
    Element response = parseXml(twiml).getDocumentElement();
    boolean hangsUp = response.getTagName().equals("Response") && response.getElementsByTagName("Hangup").getLength() > 0
        && response.getElementsByTagName("Connect").getLength() == 0;
    return hangsUp ? Optional.empty() : Optional.of(parse(twiml));
  }

  /** Reads the TwiML of a voice webhook answer; fails with the reason Twilio would refuse it. */
  public static StreamInstruction parse(String twiml) {
    Objects.requireNonNull(twiml, "twiml");
    Document doc = parseXml(twiml);
    Element response = doc.getDocumentElement();
    if (!response.getTagName().equals("Response")) {
      throw new IllegalArgumentException("TwiML must have <Response> as its root, was <" + response.getTagName() + ">");
    }
    for (String forbidden : new String[] {"Say", "Gather"}) {
      if (response.getElementsByTagName(forbidden).getLength() > 0) {
        throw new IllegalArgumentException("TwiML uses <" + forbidden + ">; this agent streams its own audio: " + twiml);
      }
    }
    Element connect = only(response, "Connect", twiml);
    Element stream = only(connect, "Stream", twiml);
    String url = stream.getAttribute("url");
    if (url.isBlank()) {
      throw new IllegalArgumentException("<Stream> has no url attribute: " + twiml);
    }
    URI uri = URI.create(url.trim());
    if (!"wss".equals(uri.getScheme())) {
      throw new IllegalArgumentException("<Stream url> must be wss:// (Twilio refuses anything else), was " + url);
    }
    if (uri.getRawQuery() != null) {
      throw new IllegalArgumentException("<Stream url> has a query string, which Twilio does not deliver; use <Parameter>: " + url);
    }
    String track = stream.getAttribute("track");
    if (!track.isEmpty() && !track.equals("inbound_track")) {
      throw new IllegalArgumentException("<Connect><Stream> accepts only track=\"inbound_track\", was \"" + track + "\"");
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    NodeList list = stream.getElementsByTagName("Parameter");
    for (int i = 0; i < list.getLength(); i++) {
      Element p = (Element) list.item(i);
      parameters.put(p.getAttribute("name"), p.getAttribute("value"));
    }
    Element redirect = redirectAfter(connect, twiml);
    if (redirect == null) {
      return new StreamInstruction(uri, parameters);
    }
    String method = redirect.getAttribute("method").isEmpty() ? "POST" : redirect.getAttribute("method").toUpperCase(java.util.Locale.ROOT);
    if (!method.equals("POST") && !method.equals("GET")) {
      throw new IllegalArgumentException("<Redirect method> must be POST or GET, was " + method + ": " + twiml);
    }
    URI target = URI.create(redirect.getTextContent().strip());
    if (!target.isAbsolute()) {
      throw new IllegalArgumentException("<Redirect> must name an absolute URL (this kit resolves no relative ones): " + twiml);
    }
    return new StreamInstruction(uri, parameters, target, method);
  }

  /**
   * The {@code <Redirect>} among the verbs after {@code </Connect>}: Twilio runs them in order once the stream
   * has ended, so only a Redirect that comes after the Connect (and no Hangup before it) is followed.
   */
  private static Element redirectAfter(Element connect, String twiml) {
    for (org.w3c.dom.Node n = connect.getNextSibling(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element verb) {
        switch (verb.getTagName()) {
          case "Redirect" -> {
            return verb;
          }
          case "Hangup", "Reject" -> {
            return null;
          }
          default -> {
            // Another verb runs first (a <Pause>, a <Play>): the Redirect still comes after it.
          }
        }
      }
    }
    return null;
  }

  /** The URL Twilio signs for the WebSocket upgrade: the wss:// Stream URL without parameters. */
  public String signedUrl() {
    return url.toString();
  }

  /** Where a local simulator connects instead: same path, plain ws:// to the gateway's own address. */
  public URI localWebSocket(String gatewayHostPort) {
    return URI.create("ws://" + gatewayHostPort + url.getRawPath());
  }

  private static Element only(Element parent, String tag, String twiml) {
    NodeList list = parent.getElementsByTagName(tag);
    if (list.getLength() != 1) {
      throw new IllegalArgumentException("TwiML must contain exactly one <" + tag + ">, found " + list.getLength() + ": " + twiml);
    }
    return (Element) list.item(0);
  }

  private static Document parseXml(String twiml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setNamespaceAware(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      return builder.parse(new ByteArrayInputStream(twiml.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalArgumentException("The answer is not TwiML (not well-formed XML: " + e.getMessage() + "): " + twiml, e);
    }
  }
}
