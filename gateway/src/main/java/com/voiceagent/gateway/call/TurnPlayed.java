package com.voiceagent.gateway.call;

import com.voiceagent.platform.Timeline;
import java.time.Instant;

/**
 * A turn's first audio went to the caller: the end of the turn's latency, with how it came about.
 *
 * @param receivedAt when the first sentence's audio reached the gateway
 * @param heldMs how long that audio waited for the end silence that confirmed a speculative turn
 *     (endpointing, not pipeline work)
 * @param timeline the first sentence's timeline up to the gateway
 */
public record TurnPlayed(String callSid, int turn, Instant speechEndedAt, Instant firstAudioSentAt, String replyText,
    AgentSpeech.Kind kind, Instant receivedAt, long heldMs, Timeline timeline) {}
