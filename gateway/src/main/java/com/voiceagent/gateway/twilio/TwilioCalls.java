package com.voiceagent.gateway.twilio;

import com.twilio.http.TwilioRestClient;
import com.twilio.http.HttpMethod;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.type.PhoneNumber;
import com.voiceagent.edge.TwilioProperties;
import com.voiceagent.edge.twilio.TwilioClients;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends, re-points and places calls through Twilio's REST API (Call status=completed, Call twiml=..., Call.creator with
 * asynchronous answering machine detection).
 */
public final class TwilioCalls implements CallControl {
  /** Twilio's AMD mode that waits for the end of a machine's greeting (the beep), so a voicemail starts after it. */
  static final String MACHINE_DETECTION = "DetectMessageEnd";
  /** The status callbacks asked for: busy, no-answer, failed and canceled come with "completed" anyway. */
  static final List<String> STATUS_EVENTS = List.of("initiated", "ringing", "answered", "completed");
  private static final Logger log = LoggerFactory.getLogger(TwilioCalls.class);
  private final TwilioRestClient client;

  private TwilioCalls(TwilioRestClient client) {
    this.client = client;
  }

  /** From the settings; without credentials every hang-up falls back to closing the stream. */
  public static TwilioCalls from(TwilioProperties twilio) {
    if (!twilio.restConfigured()) {
      log.warn("TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN not set: the agent hangs up by closing the media stream");
      return new TwilioCalls(null);
    }
    log.info("Twilio REST configured for account {}{}", twilio.accountSid(),
        twilio.apiBaseUrl() == null ? "" : " at " + twilio.apiBaseUrl());
    // edge's client: with TWILIO_API_BASE_URL its requests go there instead of api.twilio.com.
    return new TwilioCalls(TwilioClients.create(twilio));
  }

  @Override
  public void complete(String callSid) {
    if (client == null) {
      throw new IllegalStateException("Twilio is not configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)");
    }
    Call.updater(callSid).setStatus(Call.UpdateStatus.COMPLETED).update(client);
  }

  @Override
  public void update(String callSid, String twiml) {
    if (client == null) {
      throw new IllegalStateException("Twilio is not configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)");
    }
    Call.updater(callSid).setTwiml(new com.twilio.type.Twiml(twiml)).update(client);
  }

  /**
   * Places an outbound call (the {@link CallPlacer} bean is this method: were this class a CallPlacer too, the
   * CallControl bean would be a second candidate for it).
   */
  public String place(CallPlacer.Placement placement) {
    if (client == null) {
      throw new IllegalStateException("Twilio is not configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)");
    }
    // Async AMD: the call is connected (and the agent speaks) at once; the verdict arrives later on amdUrl.
    Call call = Call.creator(new PhoneNumber(placement.to()), new PhoneNumber(placement.from()), placement.answerUrl())
        .setMethod(HttpMethod.POST)
        .setStatusCallback(placement.statusUrl())
        .setStatusCallbackMethod(HttpMethod.POST)
        .setStatusCallbackEvent(STATUS_EVENTS)
        .setMachineDetection(MACHINE_DETECTION)
        .setAsyncAmd("true")
        .setAsyncAmdStatusCallback(placement.amdUrl())
        .setAsyncAmdStatusCallbackMethod(HttpMethod.POST)
        .create(client);
    return call.getSid();
  }
}
