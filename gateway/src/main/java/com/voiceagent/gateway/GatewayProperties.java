package com.voiceagent.gateway;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's settings ({@code voice.gateway.*}), validated at startup so a typo fails the boot with a
 * message that names the setting instead of failing the first call.
 *
 * <p>The Twilio account and the public address are edge's {@code TwilioProperties} ({@code voice.twilio.*}).
 *
 * @param streamStatusCallback add statusCallback=PUBLIC_BASE/webhook/stream_status to the TwiML
 * @param streamTokenSecret key of the per-call stream token (env {@code STREAM_TOKEN_SECRET}), at least
 *     {@value #MIN_STREAM_TOKEN_SECRET_BYTES} bytes; blank means the Twilio auth token, or a random
 *     per-process key when that is blank too
 * @param streams who may open a media stream: the stream token's lifetime, what is remembered of calls
 * @param endpoint when the caller has finished speaking
 * @param outbound how reply audio is sent to Twilio
 * @param inbound limits that protect the gateway from a hostile or broken peer
 * @param publish how a call's events wait for Kafka
 * @param phrases what the gateway says by itself (holding phrase, lost-turn phrase)
 * @param drain how a stopping gateway hands its calls over
 * @param keypad how key presses become turns
 * @param transfer handing calls to a person
 */
@Validated
@ConfigurationProperties("voice.gateway")
public record GatewayProperties(
    @DefaultValue("true") boolean streamStatusCallback,
    @DefaultValue("") String streamTokenSecret,
    @DefaultValue @Valid @NotNull Streams streams,
    @DefaultValue @Valid @NotNull Endpoint endpoint,
    @DefaultValue @Valid @NotNull Outbound outbound,
    @DefaultValue @Valid @NotNull Inbound inbound,
    @DefaultValue @Valid @NotNull Publish publish,
    @DefaultValue @Valid @NotNull Phrases phrases,
    @DefaultValue @Valid @NotNull Drain drain,
    @DefaultValue @Valid @NotNull Keypad keypad,
    @DefaultValue @Valid @NotNull Transfer transfer) {

  /** HMAC-SHA256 keys shorter than this are guessable; a shorter secret is refused, never padded. */
  public static final int MIN_STREAM_TOKEN_SECRET_BYTES = 16;

  public GatewayProperties {
    int length = streamTokenSecret == null ? 0 : streamTokenSecret.getBytes(StandardCharsets.UTF_8).length;
    if (length > 0 && length < MIN_STREAM_TOKEN_SECRET_BYTES) {
      throw new IllegalArgumentException("voice.gateway.stream-token-secret (STREAM_TOKEN_SECRET) must be at least "
          + MIN_STREAM_TOKEN_SECRET_BYTES + " bytes, was " + length + "; generate one with: openssl rand -base64 32");
    }
  }

  /**
   * Who may open a media stream, and how a call goes on when its stream ends ({@code voice.gateway.streams.*}).
   *
   * @param tokenLifetime a stream token opens a stream only this long after the TwiML carrying it was issued
   *     (Twilio connects within seconds; a captured token is worthless soon after)
   * @param completedCallMemory how long a call that is over (or whose stream ended and never resumed) is
   *     remembered in voice.calls: no stream opens for a completed call meanwhile, even with a token minted by a
   *     replayed webhook
   * @param liveCallMemory how long a call still marked live without any change is remembered: its gateway died
   *     and Twilio never reported it over (longer than Twilio's longest call, 4 h)
   * @param claimTimeout how long a stream's claim (and a release) waits for voice.calls to confirm it; past it the
   *     stream opens on this gateway's knowledge (the broker is away)
   * @param maxResumes streams a call may resume on after its first (a loop guard: each failover or drain is one)
   * @param resumeGrace after Twilio reports a stream stopped, how long a new stream may take before the call is
   *     re-pointed over Twilio's REST API (when Twilio did not follow the TwiML's Redirect)
   */
  public record Streams(
      @DefaultValue("60s") @NotNull Duration tokenLifetime,
      @DefaultValue("1h") @NotNull Duration completedCallMemory,
      @DefaultValue("5h") @NotNull Duration liveCallMemory,
      @DefaultValue("2s") @NotNull Duration claimTimeout,
      @DefaultValue("10") @Min(value = 0, message = "voice.gateway.streams.max-resumes must be at least 0") int maxResumes,
      @DefaultValue("3s") @NotNull Duration resumeGrace) {
    public Streams {
      positive(tokenLifetime, "voice.gateway.streams.token-lifetime");
      positive(completedCallMemory, "voice.gateway.streams.completed-call-memory");
      positive(liveCallMemory, "voice.gateway.streams.live-call-memory");
      positive(claimTimeout, "voice.gateway.streams.claim-timeout");
      positive(resumeGrace, "voice.gateway.streams.resume-grace");
    }
  }

  /**
   * What the gateway says by itself, from audio tts-service made for it at startup ({@code voice.gateway.phrases.*}).
   *
   * @param hold said when a turn has no reply within {@code holdAfter} (a dialog instance died: its calls move to
   *     another, which answers a moment later)
   * @param holdAfter how long after the caller stopped speaking a turn may go without reply audio
   * @param resumed said when a call comes back on a new stream after its gateway died: the turn in flight was lost
   * @param transferFailed said when the caller was to be handed to a person and the transfer could not start (no
   *     TRANSFER_NUMBER, Twilio refused the call update): the agent goes on
   * @param transferUnanswered said when the call comes back from a transfer nobody took (no answer, busy, failed)
   */
  public record Phrases(
      @DefaultValue("רק רגע, אני בודק.") @NotNull String hold,
      @DefaultValue("2500ms") @NotNull Duration holdAfter,
      @DefaultValue("סליחה, לא שמעתי, אפשר לחזור?") @NotNull String resumed,
      @DefaultValue("סליחה, אין לי אפשרות להעביר לנציג כרגע. אפשר להמשיך איתי.") @NotNull String transferFailed,
      @DefaultValue("הנציג לא ענה. חזרתם אליי, במה עוד אפשר לעזור?") @NotNull String transferUnanswered) {
    public Phrases {
      positive(holdAfter, "voice.gateway.phrases.hold-after");
      if (blank(hold) || blank(resumed) || blank(transferFailed) || blank(transferUnanswered)) {
        throw new IllegalArgumentException(
            "voice.gateway.phrases.hold, .resumed, .transfer-failed and .transfer-unanswered must not be blank");
      }
    }
  }

  /**
   * Handing a call to a person ({@code voice.gateway.transfer.*}): once the caller has heard the transfer phrase, the
   * call is updated over Twilio's REST API with TwiML that dials {@code number}.
   *
   * @param number who takes the call, E.164 (env {@code TRANSFER_NUMBER}); blank = no transfers (the caller hears
   *     the transfer-failed phrase and stays with the agent)
   * @param callerId the caller id the person sees (env {@code TRANSFER_CALLER_ID}); blank = Twilio's default (the
   *     number the caller called)
   * @param ringTimeout how long the person's phone rings before the call comes back to the agent (env
   *     {@code TRANSFER_RING_TIMEOUT}, 5s..600s)
   */
  public record Transfer(
      @DefaultValue("") String number,
      @DefaultValue("") String callerId,
      @DefaultValue("20s") @NotNull Duration ringTimeout) {
    public Transfer {
      if (number != null && !number.isBlank() && !number.matches("\\+[1-9][0-9]{6,14}")) {
        throw new IllegalArgumentException("voice.gateway.transfer.number (TRANSFER_NUMBER) must be an E.164 number like +97231234567");
      }
      if (callerId != null && !callerId.isBlank() && !callerId.matches("\\+[1-9][0-9]{6,14}")) {
        throw new IllegalArgumentException("voice.gateway.transfer.caller-id (TRANSFER_CALLER_ID) must be an E.164 number");
      }
      if (ringTimeout != null && (ringTimeout.toSeconds() < 5 || ringTimeout.toSeconds() > 600)) {
        throw new IllegalArgumentException("voice.gateway.transfer.ring-timeout (TRANSFER_RING_TIMEOUT) must be 5s..600s, was "
            + ringTimeout);
      }
    }

    public boolean configured() {
      return number != null && !number.isBlank();
    }
  }

  /**
   * Key presses ({@code voice.gateway.keypad.*}).
   *
   * @param digitPause keys pressed with no longer gap between them make one keypad turn; it is published at
   *     {@code #} or once no key came for this long (env {@code KEYPAD_DIGIT_PAUSE_MS})
   */
  public record Keypad(@DefaultValue("3000ms") @NotNull Duration digitPause) {
    public Keypad {
      positive(digitPause, "voice.gateway.keypad.digit-pause");
    }
  }

  /**
   * Shutting down without dropping a call ({@code voice.gateway.drain.*}).
   *
   * @param timeout how long a gateway told to stop (SIGTERM) waits for its calls to reach a turn boundary and move
   *     to another gateway; calls still here after it are moved mid-turn (they resume, with the lost-turn phrase)
   */
  public record Drain(@DefaultValue("30s") @NotNull Duration timeout) {
    public Drain {
      positive(timeout, "voice.gateway.drain.timeout");
    }
  }

  /**
   * Endpointer settings ({@code voice.gateway.endpoint.*}).
   *
   * @param endSilence silence that ends an utterance (env {@code ENDPOINT_SILENCE_MS})
   * @param maxUtterance an utterance is cut (and published) at this length
   * @param minSpeech speech shorter than this is a blip (cough, click) and is dropped
   * @param preRoll audio kept before the detected speech start, so the first syllable is not clipped
   * @param bargeInMinSpeech speech that must last this long while the agent talks before it is interrupted
   * @param speculativeSilence a pause this long publishes the utterance as a speculative turn (its reply is
   *     held until endSilence confirms it, cancelled with CALLER_CONTINUED if the caller goes on); 0 or
   *     {@code >= endSilence} switches speculative turns off (env {@code ENDPOINT_SPECULATIVE_MS})
   */
  public record Endpoint(
      @DefaultValue("600ms") @NotNull Duration endSilence,
      @DefaultValue("8s") @NotNull Duration maxUtterance,
      @DefaultValue("150ms") @NotNull Duration minSpeech,
      @DefaultValue("200ms") @NotNull Duration preRoll,
      @DefaultValue("250ms") @NotNull Duration bargeInMinSpeech,
      @DefaultValue("450ms") @NotNull(message = "voice.gateway.endpoint.speculative-silence must be set (0 = off)")
      Duration speculativeSilence) {}

  /**
   * @param chunkFrames 20 ms frames per outbound media message (1..50)
   * @param sendTimeLimit a socket send slower than this ends that call (the peer is gone or stuck)
   * @param bufferLimit outbound bytes queued in the socket decorator before that call is ended
   */
  public record Outbound(
      @DefaultValue("10") @Min(value = 1, message = "voice.gateway.outbound.chunk-frames must be 1..50")
      @Max(value = 50, message = "voice.gateway.outbound.chunk-frames must be 1..50") int chunkFrames,
      @DefaultValue("5s") @NotNull Duration sendTimeLimit,
      @DefaultValue("4MB") @NotNull DataSize bufferLimit) {}

  /**
   * @param maxMessageSize largest text message accepted (bigger closes the socket with 1009). The container holds
   *     buffers of this size per socket (text, as chars, and binary), the largest part of a call's memory: the
   *     default holds Twilio's largest message ({@code start}, about 2 KB) several times over
   * @param floodLimitPerSecond messages per second one socket may send (Twilio sends about 50)
   * @param idleTimeout a socket silent this long is closed (Twilio sends media every 20 ms)
   * @param maxHeldSegments reply segments held waiting for a predecessor, per call
   * @param maxSockets media sockets open at once on this gateway; more are closed right after the
   *     handshake with 1013 (try again later)
   * @param startTimeout a socket must send {@code start} this soon after its handshake, or it is closed (1008)
   * @param maxMediaPayload largest audio payload of one media message (Twilio sends 160 bytes, 20 ms);
   *     larger closes the socket (1009)
   * @param maxAudioAhead how far a stream's audio may run ahead of the wall clock since its start
   *     (what Twilio buffers while the socket opens); further closes the socket (1008)
   * @param warningInterval a repeated warning (unknown events, refused sockets) is logged once per interval
   *     per socket and kind, with the count of the ones left out
   */
  public record Inbound(
      @DefaultValue("16KB") @NotNull DataSize maxMessageSize,
      @DefaultValue("200") @Min(value = 10, message = "voice.gateway.inbound.flood-limit-per-second must be >= 10")
      int floodLimitPerSecond,
      @DefaultValue("30s") @NotNull Duration idleTimeout,
      @DefaultValue("64") @Min(1) int maxHeldSegments,
      @DefaultValue("200") @Min(value = 1, message = "voice.gateway.inbound.max-sockets must be at least 1") int maxSockets,
      @DefaultValue("5s") @NotNull Duration startTimeout,
      @DefaultValue("640B") @NotNull DataSize maxMediaPayload,
      @DefaultValue("2s") @NotNull Duration maxAudioAhead,
      @DefaultValue("10s") @NotNull Duration warningInterval) {
    public Inbound {
      positive(startTimeout, "voice.gateway.inbound.start-timeout");
      positive(maxAudioAhead, "voice.gateway.inbound.max-audio-ahead");
      positive(warningInterval, "voice.gateway.inbound.warning-interval");
      if (maxMediaPayload != null && (maxMediaPayload.toBytes() < 160 || maxMediaPayload.toBytes() > 65536)) {
        throw new IllegalArgumentException("voice.gateway.inbound.max-media-payload must be 160B (what Twilio sends) to 64KB,"
            + " was " + maxMediaPayload);
      }
    }
  }

  /**
   * @param maxQueuedPerCall events of one call waiting for Kafka at most (the one being sent included);
   *     a call's next event beyond that is dropped with an error line, so a broker outage cannot grow memory
   *     without end (a healthy broker leaves one or two waiting)
   */
  public record Publish(
      @DefaultValue("32") @Min(value = 1, message = "voice.gateway.publish.max-queued-per-call must be at least 1")
      int maxQueuedPerCall) {}

  private static boolean blank(String value) {
    return value != null && value.isBlank();
  }

  private static void positive(Duration value, String setting) {
    if (value != null && (value.isNegative() || value.isZero())) {
      throw new IllegalArgumentException(setting + " must be positive, was " + value);
    }
  }

  @Override
  public String toString() {
    return "GatewayProperties[streamStatusCallback=" + streamStatusCallback
        + ", streamTokenSecret=" + (streamTokenSecret.isBlank() ? "<unset>" : "<set>")
        + ", streams=" + streams + ", endpoint=" + endpoint + ", outbound=" + outbound + ", inbound=" + inbound
        + ", publish=" + publish + ", phrases=" + phrases + ", drain=" + drain + ", keypad=" + keypad + ", transfer=" + transfer + "]";
  }
}
