package com.voiceagent.whatsapp.send;

import com.voiceagent.edge.TwilioProperties;
import com.voiceagent.whatsapp.WhatsAppProperties;
import com.voiceagent.whatsapp.inbound.InboundMessages;
import com.voiceagent.whatsapp.outbox.Outbox;
import com.voiceagent.whatsapp.outbox.OutboxRow;
import com.voiceagent.whatsapp.outbox.OutboxSender;
import com.voiceagent.whatsapp.provider.ProviderException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Sends through the outbox: the row is written (pending) before Twilio is called and completed after,
 * so a crash in between is finished by the relay instead of losing the message.
 */
@Service
public class SendService {
  public static final int MAX_BODY = 1600;

  private final Outbox outbox;
  private final OutboxSender sender;
  private final CustomerWindow window;
  private final InboundMessages inbound;
  private final WhatsAppProperties properties;
  private final String statusCallbackUrl;
  private final Clock clock;

  SendService(Outbox outbox, OutboxSender sender, CustomerWindow window, InboundMessages inbound, WhatsAppProperties properties,
      TwilioProperties twilio, Clock clock) {
    this.outbox = outbox;
    this.sender = sender;
    this.window = window;
    this.inbound = inbound;
    this.properties = properties;
    this.statusCallbackUrl = WhatsAppProperties.statusCallbackUrl(twilio);
    this.clock = clock;
  }

  /** What the API answers: HTTP status and body. */
  public record Result(HttpStatus status, Map<String, Object> body) {}

  public Result sendText(String to, String body, String idempotencyKey) {
    String customer = customer(to);
    validateBody(body);
    requireWindow(customer);
    return send(key(idempotencyKey), customer, body, null, null, null);
  }

  public Result sendTemplate(String to, String contentSid, String contentVariables, String idempotencyKey) {
    String customer = customer(to);
    if (contentSid == null || !contentSid.matches("HX[0-9a-fA-F]{32}")) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid_content_sid", "contentSid must be a Twilio Content SID: HX followed by 32 hex digits");
    }
    return send(key(idempotencyKey), customer, null, contentSid, contentVariables, null);
  }

  /** What became of a reply of the dialog brain. */
  public enum ReplyOutcome {
    /** Recorded in the outbox, claimed for the caller to send. */
    QUEUED,
    /** Recorded before (a repeated reply to the same message): sent once. */
    ALREADY_QUEUED,
    /** The customer's last message is older than the window: free-form text is not allowed. */
    WINDOW_CLOSED,
    /**
     * The message it answers is not in the database yet (it reached Kafka while the database was down and
     * the archiver has not written it), so the window cannot be judged: ask again later, do not drop it.
     */
    INBOUND_NOT_RECORDED
  }

  /** A reply's outcome, and its claimed outbox row when {@link ReplyOutcome#QUEUED}. */
  public record QueuedReply(ReplyOutcome outcome, Optional<OutboxRow> row) {}

  /**
   * Records the dialog brain's reply to a customer message, claimed for the caller to send; one reply per
   * inbound MessageSid.
   */
  public QueuedReply queueReply(String customer, String text, String inReplyTo) {
    validateBody(text);
    if (!window.isOpen(customer)) {
      // A first-time customer has no window until their message is recorded: closed only if it is.
      ReplyOutcome outcome = inbound.exists(inReplyTo) ? ReplyOutcome.WINDOW_CLOSED : ReplyOutcome.INBOUND_NOT_RECORDED;
      return new QueuedReply(outcome, Optional.empty());
    }
    var added = outbox.add("reply:" + inReplyTo, customer, sender(), text, null, null,
        statusCallbackUrl, inReplyTo, clock.instant(), properties.outbox().lease());
    return added.created() ? new QueuedReply(ReplyOutcome.QUEUED, Optional.of(added.row()))
        : new QueuedReply(ReplyOutcome.ALREADY_QUEUED, Optional.empty());
  }

  /**
   * Records a message the business starts (not an answer: no customer window is judged; a template reaches anyone,
   * a plain body only within the recipient's 24 hours), claimed for the caller to send, once per idempotency key.
   *
   * @return the claimed row, or empty when the key was recorded before (the message is sent once)
   * @throws ApiProblem when the number is not E.164, the body is invalid, or no sender is configured
   */
  public Optional<OutboxRow> queueNotice(String idempotencyKey, String to, String body, String contentSid, String contentVariables) {
    String recipient = customer(to);
    if (contentSid == null) {
      validateBody(body);
    }
    var added = outbox.add(idempotencyKey, recipient, sender(), body, contentSid, contentVariables, statusCallbackUrl, null,
        clock.instant(), properties.outbox().lease());
    return added.created() ? Optional.of(added.row()) : Optional.empty();
  }

  private Result send(String key, String customer, String body, String contentSid, String contentVariables, String inReplyTo) {
    var added = outbox.add(key, customer, sender(), body, contentSid, contentVariables, statusCallbackUrl,
        inReplyTo, clock.instant(), properties.outbox().lease());
    if (!added.created()) {
      requireSameMessage(added.row(), customer, body, contentSid, contentVariables);
      // Same Idempotency-Key and the same message again: report the first request's message instead of sending twice.
      return new Result(HttpStatus.OK, describe(added.row()));
    }
    OutboxSender.Attempt attempt = sender.send(added.row());
    OutboxRow row = attempt.row();
    if (attempt.accepted().isPresent()) {
      // Twilio has the message, whether or not the row could be completed: saying "not sent" would make the
      // client send it again. An unrecorded row is settled by the relay's lookup, never sent twice.
      Map<String, Object> described = describe(row);
      described.put("sid", attempt.accepted().get().sid());
      described.put("status", attempt.accepted().get().status());
      return new Result(HttpStatus.CREATED, described);
    }
    ProviderException e = attempt.error().orElseThrow();
    return switch (e.kind()) {
      case REJECTED -> throw new ApiProblem(HttpStatus.BAD_REQUEST, "twilio_rejected", "Twilio refused the message: " + e.getMessage())
          .with("twilioCode", e.code()).with("twilioStatus", e.httpStatus()).with("moreInfo", e.moreInfo()).with("id", row.id());
      case AUTHENTICATION -> throw new ApiProblem(HttpStatus.BAD_GATEWAY, "twilio_authentication",
          "Twilio did not accept our credentials (check TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN): " + e.getMessage())
          .with("twilioCode", e.code()).with("twilioStatus", e.httpStatus()).with("id", row.id());
      case TRANSIENT -> {
        Map<String, Object> described = describe(row);
        described.put("message", "Twilio is temporarily unavailable; the message is queued and will be sent by the outbox relay");
        yield new Result(HttpStatus.ACCEPTED, described);
      }
    };
  }

  /**
   * An Idempotency-Key names one message: the same key with another recipient or content is a client bug
   * (or two clients sharing a key), and answering it with the first message would hide that the second was
   * never sent.
   */
  private static void requireSameMessage(OutboxRow first, String customer, String body, String contentSid, String contentVariables) {
    boolean same = Objects.equals(first.to(), customer) && Objects.equals(first.body(), body)
        && Objects.equals(first.contentSid(), contentSid) && Objects.equals(first.contentVariables(), contentVariables);
    if (!same) {
      throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency_key_reused",
          "this Idempotency-Key was already used for a different message (recipient or content); nothing was sent: "
              + "use a new key for a new message");
    }
  }

  private String customer(String to) {
    try {
      return WhatsAppAddress.normalise(to);
    } catch (IllegalArgumentException e) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid_number", e.getMessage());
    }
  }

  private String sender() {
    if (properties.whatsappNumber().isBlank()) {
      throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "sender_not_configured", "TWILIO_WHATSAPP_NUMBER is not set, so there is no sender");
    }
    return properties.senderAddress();
  }

  private void requireWindow(String customer) {
    if (!window.isOpen(customer)) {
      throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "template_required",
          "the customer has not written in the last " + properties.customerWindow().toHours()
              + " hours, so WhatsApp allows only a template message: use POST /api/whatsapp/send/template");
    }
  }

  private static void validateBody(String body) {
    if (body == null || body.isBlank()) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid_body", "body must not be blank");
    }
    if (body.length() > MAX_BODY) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid_body", "body must be at most " + MAX_BODY + " characters, was " + body.length());
    }
  }

  private static String key(String idempotencyKey) {
    if (idempotencyKey == null || idempotencyKey.isBlank()) {
      return "api:" + UUID.randomUUID();
    }
    if (idempotencyKey.length() > 150) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid_idempotency_key", "Idempotency-Key must be at most 150 characters");
    }
    return "api:" + idempotencyKey;
  }

  static Map<String, Object> describe(OutboxRow row) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", row.id());
    body.put("sid", row.messageSid());
    body.put("status", row.messageSid() != null ? row.twilioStatus() : row.state());
    body.put("to", row.to());
    if (row.errorCode() != null || row.errorMessage() != null) {
      body.put("errorCode", row.errorCode());
      body.put("errorMessage", row.errorMessage());
    }
    return body;
  }
}
