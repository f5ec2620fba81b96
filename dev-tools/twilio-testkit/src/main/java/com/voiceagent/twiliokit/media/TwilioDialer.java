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
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Places an inbound call into a gateway exactly as Twilio does: the signed voice webhook, the TwiML answer,
 * then the Media Streams WebSocket the TwiML asks for, signed over its wss:// URL, opened with
 * {@code connected} and {@code start} carrying the TwiML's Parameters. It also answers an outbound call the gateway
 * placed ({@link #answerOutbound}) and posts that call's signed status and AMD callbacks ({@link #callback}).
 *
 * @param gateway host:port where the gateway listens (HTTP and WebSocket)
 * @param publicHost host[:port] Twilio would call; the signed URLs are built on it
 * @param authToken the Twilio auth token the gateway validates signatures with
 */
public record TwilioDialer(String gateway, String publicHost, String authToken) {
  public static final String WEBHOOK_PATH = "/webhook/incoming_call";
  private static final String USER_AGENT = "TwilioProxy/1.1 (voice-agent test kit)";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The voice webhook of a ringing inbound call, signed like Twilio; the TwiML answer must connect a stream. */
  public StreamInstruction answer(StreamIds call, String from, String to) throws IOException, InterruptedException {
    String signedUrl = "https://" + publicHost + WEBHOOK_PATH;
    return StreamInstruction.parse(post(URI.create("http://" + gateway + WEBHOOK_PATH), signedUrl,
        callForm(call, from, to, "ringing"), "the voice webhook"));
  }

  /**
   * What Twilio does once a stream's socket has closed while the call goes on: it requests the TwiML's
   * {@code <Redirect>} (signed over the URL as written there, sent to the gateway's own address) with the
   * call's parameters and {@code CallStatus=in-progress}. The answer is the call's next stream, or empty
   * when it hangs up.
   *
   * @throws IllegalArgumentException when the stream had no Redirect (Twilio would end the call)
   * @throws IllegalStateException when the gateway does not answer, or answers with anything but 200 and TwiML
   */
  public Optional<StreamInstruction> followRedirect(StreamInstruction previous, StreamIds call, String from, String to)
      throws IOException, InterruptedException {
    URI redirect = previous.redirect().orElseThrow(() -> new IllegalArgumentException(
        "the TwiML has no <Redirect> after </Connect>: Twilio ends the call when its stream closes"));
    Map<String, String> form = callForm(call, from, to, "in-progress");
    String query = redirect.getRawQuery();
    String local = "http://" + gateway + redirect.getRawPath();
    String body;
    if (previous.redirectMethod().equals("GET")) {
      // A GET carries the parameters in the query string, and the signature covers the whole URL.
      String signed = redirect + (query == null ? "?" : "&") + formBody(form);
      body = get(URI.create(local + signed.substring(signed.indexOf('?'))), signed);
    } else {
      body = post(URI.create(local + (query == null ? "" : "?" + query)), redirect.toString(), form, "the Redirect");
    }
    return StreamInstruction.parseNext(body);
  }

  /**
   * Twilio's side of an outbound call the gateway placed (POST Calls.json): the callee picked up, so Twilio requests
   * the call's Url (signed over it exactly as the gateway gave it, sent to the gateway's own address) with
   * {@code Direction=outbound-api}; the TwiML answer must connect a stream.
   *
   * @param from the caller id the call was placed with (our Twilio number)
   * @param to the number called
   */
  public StreamInstruction answerOutbound(URI answerUrl, StreamIds call, String from, String to)
      throws IOException, InterruptedException {
    Map<String, String> form = callForm(call, from, to, "in-progress");
    form.put("Direction", "outbound-api");
    return StreamInstruction.parse(post(local(answerUrl), answerUrl.toString(), form, "the outbound call's Url"));
  }

  /**
   * A callback Twilio posts to a URL the gateway gave it (StatusCallback, AsyncAmdStatusCallback), signed over that
   * URL, with the call's parameters and {@code extra} (CallStatus, AnsweredBy...).
   *
   * @return the HTTP status the gateway answered
   */
  public int callback(URI url, StreamIds call, String from, String to, Map<String, String> extra)
      throws IOException, InterruptedException {
    Map<String, String> form = callForm(call, from, to, "in-progress");
    form.put("Direction", "outbound-api");
    form.putAll(extra);
    HttpRequest request = HttpRequest.newBuilder(local(url)).timeout(Duration.ofSeconds(15))
        .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
        .header("X-Twilio-Signature", TwilioSigner.sign(authToken, url.toString(), form))
        .header("User-Agent", USER_AGENT)
        .POST(HttpRequest.BodyPublishers.ofString(formBody(form))).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** The gateway's own address for a public URL Twilio would call: same path and query. */
  private URI local(URI publicUrl) {
    String query = publicUrl.getRawQuery();
    return URI.create("http://" + gateway + publicUrl.getRawPath() + (query == null ? "" : "?" + query));
  }

  /** The parameters Twilio sends with a voice request of this call. */
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

  private String post(URI target, String signedUrl, Map<String, String> form, String what)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(target)
        .timeout(Duration.ofSeconds(15)) // Twilio's own limit for a webhook
        .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
        .header("X-Twilio-Signature", TwilioSigner.sign(authToken, signedUrl, form))
        .header("User-Agent", USER_AGENT)
        .POST(HttpRequest.BodyPublishers.ofString(formBody(form)))
        .build();
    return send(request, signedUrl, what);
  }

  private String get(URI target, String signedUrl) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(15))
        .header("X-Twilio-Signature", TwilioSigner.sign(authToken, signedUrl, Map.of()))
        .header("User-Agent", USER_AGENT).GET().build();
    return send(request, signedUrl, "the Redirect");
  }

  private String send(HttpRequest request, String signedUrl, String what) throws IOException, InterruptedException {
    HttpResponse<String> response;
    try {
      response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException e) {
      throw new IllegalStateException("the gateway does not answer at http://" + gateway, e);
    }
    if (response.statusCode() != 200) {
      String hint = response.statusCode() == 403 ? " (signature rejected: the gateway's TWILIO_AUTH_TOKEN or PUBLIC_HOST "
          + "differs from the caller's; signed URL was " + signedUrl + ")" : "";
      throw new IllegalStateException(what + " answered HTTP " + response.statusCode() + hint + ": "
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
