package com.voiceagent.whatsapp.query;

import com.voiceagent.whatsapp.inbound.InboundMessages;
import com.voiceagent.whatsapp.outbox.Outbox;
import com.voiceagent.whatsapp.outbox.OutboxRow;
import com.voiceagent.whatsapp.send.ApiProblem;
import com.voiceagent.whatsapp.send.WhatsAppAddress;
import com.voiceagent.whatsapp.status.MessageStatuses;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reading messages back (authenticated like the send API). */
@RestController
class MessagesController {
  private final InboundMessages inbound;
  private final Outbox outbox;
  private final MessageStatuses statuses;

  MessagesController(InboundMessages inbound, Outbox outbox, MessageStatuses statuses) {
    this.inbound = inbound;
    this.outbox = outbox;
    this.statuses = statuses;
  }

  @GetMapping("/api/whatsapp/messages/{sid}")
  Map<String, Object> message(@PathVariable String sid) {
    Map<String, Object> message = outbox.bySid(sid).map(MessagesController::outbound)
        .or(() -> inbound.find(sid))
        .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "not_found", "no message with sid " + sid));
    Optional<Map<String, Object>> current = statuses.current(sid);
    current.ifPresent(status -> {
      message.put("status", status.get("status"));
      if (status.get("errorCode") != null) {
        message.put("errorCode", status.get("errorCode"));
      }
    });
    message.put("statusHistory", statuses.history(sid));
    return message;
  }

  @GetMapping("/api/whatsapp/conversations/{number}")
  Map<String, Object> conversation(@PathVariable String number, @RequestParam(defaultValue = "50") int limit) {
    String customer;
    try {
      customer = WhatsAppAddress.normalise(number);
    } catch (IllegalArgumentException e) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid_number", e.getMessage());
    }
    if (limit < 1 || limit > 500) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid_limit", "limit must be between 1 and 500");
    }
    List<Map<String, Object>> messages = new ArrayList<>(inbound.from(customer, limit));
    for (OutboxRow row : outbox.to(customer, limit)) {
      Map<String, Object> out = outbound(row);
      if (row.messageSid() != null) {
        statuses.current(row.messageSid()).ifPresent(status -> out.put("status", status.get("status")));
      }
      messages.add(out);
    }
    messages.sort(Comparator.comparing((Map<String, Object> m) -> java.time.Instant.parse((String) m.get("time"))).reversed());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("customer", customer);
    body.put("messages", messages.size() > limit ? messages.subList(0, limit) : messages);
    return body;
  }

  private static Map<String, Object> outbound(OutboxRow row) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("direction", "outbound");
    m.put("sid", row.messageSid());
    m.put("id", row.id());
    m.put("from", row.from());
    m.put("to", row.to());
    m.put("body", row.body());
    m.put("contentSid", row.contentSid());
    m.put("inReplyTo", row.inReplyTo());
    m.put("state", row.state());
    m.put("status", row.messageSid() != null ? row.twilioStatus() : row.state());
    m.put("attempts", row.attempts());
    if (row.errorCode() != null || row.errorMessage() != null) {
      m.put("errorCode", row.errorCode());
      m.put("errorMessage", row.errorMessage());
    }
    m.put("time", row.createdAt().toString());
    return m;
  }
}
