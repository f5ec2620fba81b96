package com.voiceagent.whatsapp.status;

import java.util.Locale;

/**
 * How far along a message is. Twilio's callbacks arrive out of order; the current status only moves to
 * a higher rank, so a late "sent" never replaces "delivered". failed/undelivered/canceled are terminal
 * for the delivery states; only "read" ranks above them, because a read receipt proves the customer has
 * the message whatever an earlier callback claimed.
 */
public final class StatusRank {
  private StatusRank() {}

  public static int of(String status) {
    return switch (status == null ? "" : status.toLowerCase(Locale.ROOT)) {
      case "accepted", "scheduled", "queued", "receiving", "received" -> 1;
      case "sending" -> 2;
      case "sent" -> 3;
      case "delivered", "partially_delivered" -> 4;
      case "failed", "undelivered", "canceled" -> 5;
      case "read" -> 6;
      default -> 0; // unknown future status: kept in the history, never overrides a known one
    };
  }
}
