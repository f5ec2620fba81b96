package com.voiceagent.gateway.twilio;

import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.voiceagent.edge.TwilioProperties;
import com.voiceagent.edge.twilio.TwilioClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ends and re-points calls through Twilio's REST API (Call status=completed, Call twiml=...). */
public final class TwilioCalls implements CallControl {
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
}
