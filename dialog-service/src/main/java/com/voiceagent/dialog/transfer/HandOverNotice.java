package com.voiceagent.dialog.transfer;

import java.time.Instant;

/**
 * What the person a call is handed to is told: the dialog's own type, written to voice.transfer-notices as the
 * TransferNotice record by the Kafka side.
 *
 * @param caller the caller's number masked to its last 4 digits, blank when unknown
 * @param summaryEngine {@link TransferNotices#SCRIPTED} or {@link ModelSummary#ENGINE}
 * @param producer the dialog instance that wrote it
 */
public record HandOverNotice(String callSid, int turn, String transferId, String notifyTo, String caller, String summary,
    String summaryEngine, String producer, Instant eventTime) {}
