package com.voiceagent.gateway.webhook;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the voice webhooks ({@code voice.gateway.webhooks.*}).
 *
 * @param maxTrackedCalls how many calls' latest status the in-memory store keeps (least recently updated evicted first)
 * @param maxRecordingsPerCall how many recordings are kept per call in that store
 * @param callbackBuffer Twilio callbacks (call status, recordings, stream status) kept in memory while the
 *     broker does not take them; beyond that a callback is answered 503
 */
@Validated
@ConfigurationProperties("voice.gateway.webhooks")
public record WebhookProperties(
    @DefaultValue("10000") @Min(value = 1, message = "voice.gateway.webhooks.max-tracked-calls must be at least 1")
    int maxTrackedCalls,
    @DefaultValue("10") @Min(value = 1, message = "voice.gateway.webhooks.max-recordings-per-call must be at least 1")
    int maxRecordingsPerCall,
    @DefaultValue("10000") @Min(value = 1, message = "voice.gateway.webhooks.callback-buffer must be at least 1")
    int callbackBuffer) {}
