package com.voiceagent.whatsapp.provider;

/** What the provider answered: its message id (Twilio SM...) and the initial status (usually queued). */
public record SentMessage(String sid, String status) {}
