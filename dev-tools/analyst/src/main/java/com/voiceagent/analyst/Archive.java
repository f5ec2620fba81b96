package com.voiceagent.analyst;

import com.voiceagent.events.TextReply;
import com.voiceagent.events.WhatsAppInbound;
import com.voiceagent.events.WhatsAppStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What was read from the topics: every call's records by callSid, the WhatsApp messages, what could not be read. */
final class Archive {
  final Map<String, CallRecords> calls = new LinkedHashMap<>();
  final List<WhatsAppInbound> whatsappInbound = new ArrayList<>();
  final List<WhatsAppStatus> whatsappStatus = new ArrayList<>();
  final List<TextReply> textReplies = new ArrayList<>();
  /** Records whose value could not be decoded (another schema, corruption): counted, skipped. */
  long unreadable;

  CallRecords call(String callSid) {
    return calls.computeIfAbsent(callSid, CallRecords::new);
  }
}
