package com.voiceagent.analyst;

import com.voiceagent.events.CallLifecycle;
import com.voiceagent.events.ReplyAudio;
import com.voiceagent.events.ReplySegment;
import com.voiceagent.events.Transcript;
import com.voiceagent.events.TransferNotice;
import com.voiceagent.events.TurnCancelled;
import com.voiceagent.events.TurnCompleted;
import com.voiceagent.events.Utterance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the topics hold about one call, as read: its lifecycle, the caller's utterances, transcripts,
 * reply sentences, reply audio (with when it was published), turn timelines, cancellations and the summaries
 * sent to the person the call was handed to.
 */
final class CallRecords {
  /** A reply-audio record and when tts-service published it (the record's timestamp). */
  record AudioRecord(ReplyAudio audio, Instant publishedAt) {}

  final String callSid;
  final List<CallLifecycle> lifecycle = new ArrayList<>();
  final List<Utterance> utterances = new ArrayList<>();
  final List<Transcript> transcripts = new ArrayList<>();
  final List<ReplySegment> replies = new ArrayList<>();
  final List<AudioRecord> audio = new ArrayList<>();
  final List<TurnCompleted> turns = new ArrayList<>();
  final List<TurnCancelled> cancellations = new ArrayList<>();
  final List<TransferNotice> transferNotices = new ArrayList<>();

  CallRecords(String callSid) {
    this.callSid = callSid;
  }
}
