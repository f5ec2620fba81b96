package com.voiceagent.schemas;

import com.voiceagent.events.CallLifecycle;
import com.voiceagent.events.ConversationState;
import com.voiceagent.events.InstanceHeartbeat;
import com.voiceagent.events.ReplyAudio;
import com.voiceagent.events.ReplySegment;
import com.voiceagent.events.TextReply;
import com.voiceagent.events.Transcript;
import com.voiceagent.events.TurnCancelled;
import com.voiceagent.events.TurnCompleted;
import com.voiceagent.events.Utterance;
import com.voiceagent.events.WhatsAppInbound;
import com.voiceagent.events.WhatsAppStatus;
import java.time.Duration;
import java.util.List;

/**
 * The catalogue of every topic: the one place that names a topic and the type of its values. Each topic
 * has exactly one writing service (named in its comment); every record is keyed by callSid (or, for text
 * channels, the conversation id), so one call's events stay in order on one partition.
 */
public final class Topics {
  /** Enough partitions for several instances of each stage to share the load. */
  static final int STAGE_PARTITIONS = 12;
  /** Voice events are kept a week so analysts can replay and study conversations. */
  static final Duration REPLAY_WINDOW = Duration.ofDays(7);

  /** Written by gateway. Stream started/stopped and Twilio call status callbacks. */
  public static final TopicSpec<CallLifecycle> CALL_LIFECYCLE = new TopicSpec<>(
      "call.lifecycle", CallLifecycle.class, STAGE_PARTITIONS, REPLAY_WINDOW, false,
      "call started/stopped and Twilio call status callbacks");
  /** Written by gateway, read by stt-service. */
  public static final TopicSpec<Utterance> UTTERANCES = new TopicSpec<>(
      "voice.utterances", Utterance.class, STAGE_PARTITIONS, REPLAY_WINDOW, false,
      "caller utterances (8 kHz PCM) cut by the gateway's endpointer");
  /** Written by stt-service, read by dialog-service. */
  public static final TopicSpec<Transcript> TRANSCRIPTS = new TopicSpec<>(
      "voice.transcripts", Transcript.class, STAGE_PARTITIONS, REPLAY_WINDOW, false,
      "Hebrew transcripts of utterances");
  /** Written by dialog-service, read by tts-service. */
  public static final TopicSpec<ReplySegment> REPLIES = new TopicSpec<>(
      "voice.replies", ReplySegment.class, STAGE_PARTITIONS, REPLAY_WINDOW, false,
      "the agent's reply, one sentence per record");
  /** Written by gateway, read by every dialog-service and tts-service instance (each in its own group). */
  public static final TopicSpec<TurnCancelled> CONTROL = new TopicSpec<>(
      "voice.control", TurnCancelled.class, STAGE_PARTITIONS, Duration.ofDays(1), false,
      "cancel a turn (barge-in, hang-up)");
  /** Written by gateway. The measured timeline of each turn. */
  public static final TopicSpec<TurnCompleted> TURNS = new TopicSpec<>(
      "voice.turns", TurnCompleted.class, STAGE_PARTITIONS, REPLAY_WINDOW, false,
      "per-turn latency timeline, for the simulator, dashboards and analysts");
  /** Written by dialog-service. Latest history per conversation. */
  public static final TopicSpec<ConversationState> HISTORY = new TopicSpec<>(
      "dialog.history", ConversationState.class, STAGE_PARTITIONS, REPLAY_WINDOW, true,
      "conversation history as heard, compacted");
  /** Written by whatsapp-service, read by dialog-service. */
  public static final TopicSpec<WhatsAppInbound> WHATSAPP_INBOUND = new TopicSpec<>(
      "whatsapp.inbound", WhatsAppInbound.class, STAGE_PARTITIONS, Duration.ofDays(30), false,
      "inbound WhatsApp messages, recorded before Twilio gets its answer");
  /** Written by whatsapp-service. */
  public static final TopicSpec<WhatsAppStatus> WHATSAPP_STATUS = new TopicSpec<>(
      "whatsapp.status", WhatsAppStatus.class, STAGE_PARTITIONS, Duration.ofDays(30), false,
      "WhatsApp delivery status callbacks");
  /** Written by dialog-service, read by whatsapp-service. */
  public static final TopicSpec<TextReply> TEXT_REPLIES = new TopicSpec<>(
      "text.replies", TextReply.class, STAGE_PARTITIONS, Duration.ofDays(30), false,
      "the brain's replies on text channels");

  /** Written by every instance of every service, keyed by instance id: liveness for operators and dashboards. */
  public static final TopicSpec<InstanceHeartbeat> INSTANCES = new TopicSpec<>(
      "platform.instances", InstanceHeartbeat.class, 1, Duration.ofHours(1), false,
      "service instances' heartbeats (key: instance id)");

  /** Prefix of the per-gateway reply topics; see {@link #replyAudio(String)}. */
  public static final String REPLY_AUDIO_PREFIX = "voice.audio.";

  private Topics() {}

  /**
   * The topic that reaches one gateway instance. Written by tts-service, read only by that gateway: audio
   * must come back to the instance holding the call's WebSocket, so each gateway names its own topic as
   * the return address (Utterance.replyTo) and the stages carry it through.
   */
  public static TopicSpec<ReplyAudio> replyAudio(String gatewayId) {
    return new TopicSpec<>(REPLY_AUDIO_PREFIX + gatewayId, ReplyAudio.class, 3, Duration.ofHours(6), false,
        "reply audio for the calls held by gateway " + gatewayId);
  }

  /** A reply-audio topic by its full name, as carried in replyTo. */
  public static TopicSpec<ReplyAudio> replyAudioTopic(String topicName) {
    if (!topicName.startsWith(REPLY_AUDIO_PREFIX)) {
      throw new IllegalArgumentException("not a reply-audio topic: '" + topicName + "' (expected prefix " + REPLY_AUDIO_PREFIX + ")");
    }
    return replyAudio(topicName.substring(REPLY_AUDIO_PREFIX.length()));
  }

  /** Every fixed topic (reply-audio topics are created by their gateway). */
  public static List<TopicSpec<?>> all() {
    return List.of(CALL_LIFECYCLE, UTTERANCES, TRANSCRIPTS, REPLIES, CONTROL, TURNS, HISTORY,
        WHATSAPP_INBOUND, WHATSAPP_STATUS, TEXT_REPLIES, INSTANCES);
  }
}
