package com.voiceagent.twiliokit.media;

import com.voiceagent.twiliokit.TwilioSigner;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Places an inbound call into a gateway exactly as Twilio does: the signed voice webhook, the TwiML answer,
 * then the Media Streams WebSocket the TwiML asks for, signed over its wss:// URL, opened with
 * {@code connected} and {@code start} carrying the TwiML's Parameters.
 *
 * @param gateway host:port where the gateway listens (HTTP and WebSocket)
 * @param publicHost host[:port] Twilio would call; the signed URLs are built on it
 * @param authToken the Twilio auth token the gateway validates signatures with
 */
public record TwilioDialer(String gateway, String publicHost, String authToken) {
  public static final String WEBHOOK_PATH = "/webhook/incoming_call";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The voice webhook of a ringing inbound call, signed like Twilio; the TwiML answer must connect a stream. */
  public StreamInstruction answer(StreamIds call, String from, String to) throws IOException, InterruptedException {
    return StreamInstruction.parse(post(URI.create("https://" + publicHost + WEBHOOK_PATH), callForm(call, from, to, "ringing")));
  }

  /**
   * What Twilio does when a stream ends and the TwiML goes on with a {@code <Redirect>}: the signed POST to
   * that URL (sent to this dialer's gateway address, as a load balancer would), with the call in progress.
   * Empty when the answer hangs up; otherwise the new stream to connect.
   */
  public java.util.Optional<StreamInstruction> followRedirect(StreamInstruction ended, StreamIds call, String from, String to)
      throws IOException, InterruptedException {
    if (ended.redirect() == null) {
      throw new IllegalStateException("the TwiML had no <Redirect>: Twilio would end the call with the stream");
    }
    String twiml = post(ended.redirect(), callForm(call, from, to, "in-progress"));
    return StreamInstruction.hangsUp(twiml) ? java.util.Optional.empty() : java.util.Optional.of(StreamInstruction.parse(twiml));
  }

  private static Map<String, String> callForm(StreamIds call, String from, String to, String status) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("AccountSid", call.accountSid());
    form.put("ApiVersion", "2010-04-01");
    form.put("CallSid", call.callSid());
    form.put("CallStatus", status);
    form.put("Called", to);
    form.put("Caller", from);
    form.put("Direction", "inbound");
    form.put("From", from);
    form.put("To", to);
    return form;
  }

  /** POSTs the form signed over the public URL Twilio would call, to the gateway's own address. */
  private String post(URI publicUrl, Map<String, String> form) throws IOException, InterruptedException {
    String signedUrl = publicUrl.toString();
    String pathAndQuery = publicUrl.getRawPath() + (publicUrl.getRawQuery() == null ? "" : "?" + publicUrl.getRawQuery());
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + gateway + pathAndQuery))
        .timeout(Duration.ofSeconds(15)) // Twilio's own limit for a webhook
        .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
        .header("X-Twilio-Signature", TwilioSigner.sign(authToken, signedUrl, form))
        .header("User-Agent", "TwilioProxy/1.1 (voice-agent test kit)")
        .POST(HttpRequest.BodyPublishers.ofString(formBody(form)))
        .build();
    HttpResponse<String> response;
    try {
      response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException e) {
      throw new IllegalStateException("the gateway does not answer at http://" + gateway, e);
    }
    if (response.statusCode() != 200) {
      String hint = response.statusCode() == 403 ? " (signature rejected: the gateway's TWILIO_AUTH_TOKEN or PUBLIC_HOST "
          + "differs from the caller's; signed URL was " + signedUrl + ")" : "";
      throw new IllegalStateException("the voice webhook answered HTTP " + response.statusCode() + hint + ": "
          + abbreviate(response.body()));
    }
    return response.body();
  }

  /**
   * Opens the stream the TwiML asked for on the gateway's own address and sends {@code connected} and
   * {@code start}; {@code extraParameters} go in customParameters beside the TwiML's (which win on a clash).
   */
  public MediaStreamClient connect(StreamInstruction stream, StreamIds call, Map<String, String> extraParameters,
      MediaStreamClient.Listener listener) {
    Map<String, String> parameters = new LinkedHashMap<>(extraParameters);
    parameters.putAll(stream.parameters());
    MediaStreamClient client = MediaStreamClient.connect(stream.localWebSocket(gateway), call,
        TwilioSigner.sign(authToken, stream.signedUrl(), Map.of()), listener);
    return client.connected().start(parameters);
  }

  /** Opens the stream the TwiML asked for, with no extra parameters and no listener. */
  public MediaStreamClient connect(StreamInstruction stream, StreamIds call) {
    return connect(stream, call, Map.of(), new MediaStreamClient.Listener() {});
  }

  /** Answers and connects a call with no extra parameters and no listener. */
  public MediaStreamClient dial(StreamIds call, String from, String to) throws IOException, InterruptedException {
    return connect(answer(call, from, to), call);
  }

  static String formBody(Map<String, String> form) {
    return form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  @Override
  public String toString() { // the token is a secret
    return "TwilioDialer[gateway=" + gateway + ", publicHost=" + publicHost + "]";
  }

  private static String abbreviate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 297) + "...";
  }
}
