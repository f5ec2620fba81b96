package com.voiceagent.schemas;

import com.voiceagent.events.CallClaim;
import com.voiceagent.events.CallLifecycle;
import com.voiceagent.events.ConversationState;
import com.voiceagent.events.InstanceHeartbeat;
import com.voiceagent.events.ReplyAudio;
import com.voiceagent.events.ReplySegment;
import com.voiceagent.events.TextReply;
import com.voiceagent.events.TransferNotice;
import com.voiceagent.events.Transcript;
import com.voiceagent.events.TurnCancelled;
import com.voiceagent.events.TurnCompleted;
import com.voiceagent.events.Utterance;
import com.voiceagent.events.WhatsAppInbound;
import com.voiceagent.events.WhatsAppStatus;
import java.time.Duration;
import java.util.List;

/**
 * The catalogue of every topic: the one place that names a topic, the type of its values and how they are
 * keyed. Producers and consumers take topics from here, never by a string literal. Each topic has exactly
 * one writing service (named in its comment); voice records are keyed by callSid and text-channel records
 * by conversationId, so one call's or conversation's events stay in order on one partition.
 */
public final class Topics {
  /** Enough partitions for several instances of each stage to share the load. */
  static final int STAGE_PARTITIONS = 12;
  /**
   * Topics read through share groups (stt, tts). A share consumer handles one record at a time, so a slow one
   * holds back the rest of its partitions unless other consumers share them: with few partitions every
   * partition is shared by several consumers of every instance (voice.platform.share-consumers), and
   * instances beyond the partition count still get work.
   */
  static final int SHARED_PARTITIONS = 4;
  /** Voice events are kept a week so analysts can replay and study conversations. */
  static final Duration REPLAY_WINDOW = Duration.ofDays(7);
  /** Prefix of the per-gateway reply topics; see {@link #replyAudio(String)}. */
  public static final String REPLY_AUDIO_PREFIX = "voice.audio.";

  /** Written by gateway. Stream started/stopped and Twilio call status callbacks. */
  public static final TopicSpec<CallLifecycle> CALL_LIFECYCLE = TopicSpec
      .of("call.lifecycle", CallLifecycle.class, CallLifecycle::getCallSid)
      .turn(CallLifecycle::getTurn).eventTime(CallLifecycle::getEventTime).partitions(STAGE_PARTITIONS).retention(REPLAY_WINDOW)
      .purpose("call started/stopped and Twilio call status callbacks");
  /** Written by gateway, read by stt-service. */
  public static final TopicSpec<Utterance> UTTERANCES = TopicSpec
      .of("voice.utterances", Utterance.class, Utterance::getCallSid)
      .turn(Utterance::getTurn).eventTime(Utterance::getEventTime).partitions(SHARED_PARTITIONS).retention(REPLAY_WINDOW)
      .purpose("caller utterances (8 kHz PCM) cut by the gateway's endpointer");
  /** Written by stt-service, read by dialog-service. */
  public static final TopicSpec<Transcript> TRANSCRIPTS = TopicSpec
      .of("voice.transcripts", Transcript.class, Transcript::getCallSid)
      .turn(Transcript::getTurn).eventTime(Transcript::getEventTime).partitions(STAGE_PARTITIONS).retention(REPLAY_WINDOW)
      .purpose("Hebrew transcripts of utterances");
  /** Written by dialog-service, read by tts-service. */
  public static final TopicSpec<ReplySegment> REPLIES = TopicSpec
      .of("voice.replies", ReplySegment.class, ReplySegment::getCallSid)
      .turn(ReplySegment::getTurn).eventTime(ReplySegment::getEventTime).partitions(SHARED_PARTITIONS).retention(REPLAY_WINDOW)
      .purpose("the agent's reply, one sentence per record");
  /** Written by gateway, read by every dialog-service and tts-service instance (each in its own group). */
  public static final TopicSpec<TurnCancelled> CONTROL = TopicSpec
      .of("voice.control", TurnCancelled.class, TurnCancelled::getCallSid)
      .turn(TurnCancelled::getTurn).eventTime(TurnCancelled::getEventTime).partitions(STAGE_PARTITIONS)
      .retention(Duration.ofDays(1))
      .purpose("cancel a turn (barge-in, hang-up)");
  /** Written by gateway. The measured timeline of each turn. */
  public static final TopicSpec<TurnCompleted> TURNS = TopicSpec
      .of("voice.turns", TurnCompleted.class, TurnCompleted::getCallSid)
      .turn(TurnCompleted::getTurn).eventTime(TurnCompleted::getEventTime).partitions(STAGE_PARTITIONS).retention(REPLAY_WINDOW)
      .purpose("per-turn latency timeline, for the simulator, dashboards and analysts");
  /** Written by dialog-service. Latest history per conversation (a call's callSid or a WhatsApp address). */
  public static final TopicSpec<ConversationState> HISTORY = TopicSpec
      .of("dialog.history", ConversationState.class, ConversationState::getConversationId)
      .turn(ConversationState::getTurn).eventTime(ConversationState::getEventTime).partitions(STAGE_PARTITIONS)
      .retention(REPLAY_WINDOW).compacted().untraced()
      .purpose("conversation history as heard, compacted");
  /** Written by whatsapp-service, read by dialog-service. */
  public static final TopicSpec<WhatsAppInbound> WHATSAPP_INBOUND = TopicSpec
      .of("whatsapp.inbound", WhatsAppInbound.class, WhatsAppInbound::getConversationId)
      .turn(WhatsAppInbound::getTurn).eventTime(WhatsAppInbound::getEventTime).partitions(STAGE_PARTITIONS)
      .retention(Duration.ofDays(30))
      .purpose("inbound WhatsApp messages, recorded before Twilio gets its answer");
  /** Written by whatsapp-service. */
  public static final TopicSpec<WhatsAppStatus> WHATSAPP_STATUS = TopicSpec
      .of("whatsapp.status", WhatsAppStatus.class, WhatsAppStatus::getConversationId)
      .turn(WhatsAppStatus::getTurn).eventTime(WhatsAppStatus::getEventTime).partitions(STAGE_PARTITIONS)
      .retention(Duration.ofDays(30))
      .purpose("WhatsApp delivery status callbacks");
  /** Written by dialog-service, read by whatsapp-service. */
  public static final TopicSpec<TextReply> TEXT_REPLIES = TopicSpec
      .of("text.replies", TextReply.class, TextReply::getConversationId)
      .turn(TextReply::getTurn).eventTime(TextReply::getEventTime).partitions(STAGE_PARTITIONS).retention(Duration.ofDays(30))
      .purpose("the brain's replies on text channels");
  /**
   * Written by dialog-service when a call is handed to a person (TRANSFER_NOTIFY_WHATSAPP set), read by
   * whatsapp-service, which sends the summary to that person through its outbox, once per transfer.
   */
  public static final TopicSpec<TransferNotice> TRANSFER_NOTICES = TopicSpec
      .of("voice.transfer-notices", TransferNotice.class, TransferNotice::getCallSid)
      .turn(TransferNotice::getTurn).eventTime(TransferNotice::getEventTime).partitions(STAGE_PARTITIONS)
      .retention(Duration.ofDays(30))
      .purpose("summaries of calls handed to a person, sent by WhatsApp");

  /**
   * Written and read by every gateway instance (each reads all of it). Which gateway holds each call's media
   * stream, and its last turn: one stream per call across gateways, and a call resumed elsewhere goes on.
   */
  public static final TopicSpec<CallClaim> CALLS = TopicSpec
      .of("voice.calls", CallClaim.class, CallClaim::getCallSid)
      .turn(CallClaim::getTurn).eventTime(CallClaim::getEventTime).partitions(STAGE_PARTITIONS).compacted()
      .untraced().purpose("the gateways' ledger of live calls: who holds each stream, compacted");

  /** Written by every instance of every service, keyed by instance id: liveness for operators and dashboards. */
  public static final TopicSpec<InstanceHeartbeat> INSTANCES = TopicSpec
      .of("platform.instances", InstanceHeartbeat.class, InstanceHeartbeat::getInstanceId)
      .eventTime(InstanceHeartbeat::getEventTime).retention(Duration.ofHours(1))
      .untraced().purpose("service instances' heartbeats (key: instance id)");

  /** The declaration every per-gateway reply topic shares; see {@link #replyAudio(String)}. */
  private static final TopicSpec<ReplyAudio> REPLY_AUDIO = TopicSpec
      .of(REPLY_AUDIO_PREFIX + "template", ReplyAudio.class, ReplyAudio::getCallSid)
      .turn(ReplyAudio::getTurn).eventTime(ReplyAudio::getEventTime).partitions(3).retention(Duration.ofHours(6))
      .purpose("reply audio for the calls held by one gateway");

  private Topics() {}

  /**
   * The topic that reaches one gateway instance. Written by tts-service, read only by that gateway: audio
   * must come back to the instance holding the call's WebSocket, so each gateway names its own topic as
   * the return address (Utterance.replyTo) and the stages carry it through.
   */
  public static TopicSpec<ReplyAudio> replyAudio(String gatewayId) {
    return REPLY_AUDIO.named(REPLY_AUDIO_PREFIX + gatewayId, "reply audio for the calls held by gateway " + gatewayId);
  }

  /** A reply-audio topic by its full name, as carried in replyTo. */
  public static TopicSpec<ReplyAudio> replyAudioTopic(String topicName) {
    if (!topicName.startsWith(REPLY_AUDIO_PREFIX)) {
      throw new IllegalArgumentException(
          "not a reply-audio topic: '" + topicName + "' (expected prefix " + REPLY_AUDIO_PREFIX + ")");
    }
    return replyAudio(topicName.substring(REPLY_AUDIO_PREFIX.length()));
  }

  /** Every fixed topic (reply-audio topics are created by their gateway). */
  public static List<TopicSpec<?>> all() {
    return List.of(CALL_LIFECYCLE, UTTERANCES, TRANSCRIPTS, REPLIES, CONTROL, TURNS, HISTORY,
        WHATSAPP_INBOUND, WHATSAPP_STATUS, TEXT_REPLIES, TRANSFER_NOTICES, CALLS, INSTANCES);
  }
}
