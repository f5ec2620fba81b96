package com.voiceagent.platform.stage;

import java.time.Instant;

/**
 * A record handed to a stage: its value, its key (the call or conversation it belongs to) and when this
 * instance received it (the start of the stage's own time in a turn's timeline).
 */
public record Inbound<V>(V value, String key, Instant receivedAt) {}
