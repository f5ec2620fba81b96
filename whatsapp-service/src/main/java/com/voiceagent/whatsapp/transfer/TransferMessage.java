package com.voiceagent.whatsapp.transfer;

import com.voiceagent.events.TransferNotice;
import com.voiceagent.whatsapp.send.SendService;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the person a call is handed to reads: a plain Hebrew body, or the variables of the approved template
 * (TRANSFER_NOTIFY_TEMPLATE_SID).
 */
final class TransferMessage {
  static final String UNKNOWN_CALLER = "מספר לא מזוהה";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private TransferMessage() {}

  /** The outbox's idempotency key: one message per hand-over, however often Kafka delivers its notice. */
  static String idempotencyKey(TransferNotice notice) {
    return "transfer:" + notice.getCallSid() + ":" + notice.getTransferId();
  }

  static String body(TransferNotice notice) {
    String body = "שיחה מועברת אליך מהבוט הקולי.\n"
        + "מתקשר/ת: " + caller(notice) + "\n"
        + "מזהה שיחה: " + notice.getCallSid() + "\n"
        + "סיכום:\n" + notice.getSummary().strip();
    return body.length() <= SendService.MAX_BODY ? body : body.substring(0, SendService.MAX_BODY - 1) + "…";
  }

  /**
   * The template's variables: {{1}} the caller, {{2}} the summary, {{3}} the CallSid. WhatsApp refuses template
   * variables with line breaks, so the summary's lines are joined with " | ".
   */
  static String contentVariables(TransferNotice notice) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("1", caller(notice));
    variables.put("2", notice.getSummary().strip().replaceAll("\\s*\\n\\s*", " | ").replaceAll("\\s{4,}", "   "));
    variables.put("3", notice.getCallSid());
    return JSON.writeValueAsString(variables);
  }

  private static String caller(TransferNotice notice) {
    return notice.getCaller().isBlank() ? UNKNOWN_CALLER : notice.getCaller();
  }
}
