package com.voiceagent.whatsapp.support;

import com.voiceagent.fixtures.TwilioRestFixture;

/**
 * The Twilio account of the tests, and the one Twilio REST fixture of this JVM serving it. Spring test
 * contexts carry the fixture's URL, so it outlives them: one fixture for all, reset before each test.
 */
public final class TwilioAccount {
  public static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
  public static final String AUTH_TOKEN = "test-auth-token-12345";
  public static final TwilioRestFixture TWILIO = TwilioRestFixture.start(ACCOUNT_SID, AUTH_TOKEN);

  private TwilioAccount() {}
}
