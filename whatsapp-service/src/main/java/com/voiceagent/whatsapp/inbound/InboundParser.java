package com.voiceagent.whatsapp.inbound;

import com.voiceagent.events.MediaItem;
import com.voiceagent.events.WhatsAppInbound;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Twilio's inbound-message form into our event; the conversation id is the customer's whatsapp: address. */
final class InboundParser {
  private InboundParser() {}

  /** @throws IllegalArgumentException naming the missing parameter */
  static WhatsAppInbound parse(Map<String, String> params, Instant receivedAt, String producer) {
    String sid = required(params, "MessageSid");
    String from = required(params, "From");
    String to = required(params, "To");
    List<MediaItem> media = new ArrayList<>();
    int numMedia = parseCount(params.get("NumMedia"));
    // Read MediaUrl0..N-1, and any beyond NumMedia too: keeping a URL costs nothing, losing one does.
    for (int i = 0; i < Math.max(numMedia, 10) || params.containsKey("MediaUrl" + i); i++) {
      String url = params.get("MediaUrl" + i);
      if (url != null) {
        media.add(MediaItem.newBuilder().setUrl(url).setContentType(params.get("MediaContentType" + i)).build());
      }
    }
    return WhatsAppInbound.newBuilder()
        .setConversationId(from)
        .setProducer(producer)
        .setEventTime(receivedAt)
        .setMessageSid(sid)
        .setAccountSid(params.get("AccountSid"))
        .setMessagingServiceSid(params.get("MessagingServiceSid"))
        .setFrom(from)
        .setTo(to)
        .setBody(params.getOrDefault("Body", ""))
        .setProfileName(params.get("ProfileName"))
        .setWaId(params.get("WaId"))
        .setMedia(media)
        .setButtonPayload(params.get("ButtonPayload"))
        .setButtonText(params.get("ButtonText"))
        .setLatitude(params.get("Latitude"))
        .setLongitude(params.get("Longitude"))
        .setOriginalRepliedMessageSid(params.get("OriginalRepliedMessageSid"))
        .setParams(Map.copyOf(params))
        .build();
  }

  static String required(Map<String, String> params, String name) {
    String value = params.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("missing form parameter " + name);
    }
    return value;
  }

  private static int parseCount(String value) {
    try {
      return value == null ? 0 : Math.max(0, Integer.parseInt(value.strip()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
