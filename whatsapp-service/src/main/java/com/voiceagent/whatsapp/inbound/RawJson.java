package com.voiceagent.whatsapp.inbound;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonValue;

/** A jsonb column passed through to the API response as JSON, not as a quoted string. */
public record RawJson(@JsonValue @JsonRawValue String json) {}
