package com.voiceagent.gateway.token;

import java.time.Instant;

/**
 * What a valid stream token grants: one stream for this call of this account. {@code issuedAt} orders the
 * tokens of one call: a newer grant may reconnect a call after its stream ended, an older one never.
 */
public record StreamGrant(String callSid, String accountSid, Instant issuedAt) {}
