package com.voiceagent.edge.signature;

import com.twilio.security.RequestValidator;
import com.voiceagent.edge.EdgeProperties;
import jakarta.servlet.Filter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the signature filter from the settings, refusing unsafe settings in production. */
public final class TwilioSignatures {
  private static final Logger log = LoggerFactory.getLogger(TwilioSignatures.class);

  private TwilioSignatures() {}

  /**
   * @param production true in the "prod" profile, where a missing token or switched-off validation stops
   *     startup instead of leaving Twilio-facing endpoints open or shut
   * @throws IllegalStateException in production, when validation is off or TWILIO_AUTH_TOKEN is missing
   */
  public static Filter filter(EdgeProperties properties, PublicUrls publicUrls, boolean production) {
    if (production && !properties.signatureValidation()) {
      throw new IllegalStateException("TWILIO_SIGNATURE_VALIDATION=false (voice.edge.signature-validation) is not allowed"
          + " in the prod profile: Twilio-facing endpoints must check X-Twilio-Signature");
    }
    if (!properties.signatureValidation()) {
      log.warn("Twilio signature validation is OFF (voice.edge.signature-validation=false): local development only,"
          + " anyone can call {}", properties.signedPaths());
      return (request, response, chain) -> chain.doFilter(request, response);
    }
    if (!properties.hasAuthToken()) {
      if (production) {
        throw new IllegalStateException("TWILIO_AUTH_TOKEN is not set: the prod profile validates X-Twilio-Signature"
            + " on " + properties.signedPaths() + " and needs the Twilio auth token (voice.edge.auth-token)");
      }
      log.warn("TWILIO_AUTH_TOKEN is not set: every request to {} will be refused with 403"
          + " (set it, or TWILIO_SIGNATURE_VALIDATION=false for local development)", properties.signedPaths());
      return new TwilioSignatureFilter(null, publicUrls, new SignedPaths(properties.signedPaths()));
    }
    log.info("Twilio signature validation on for {} (public base: {})", properties.signedPaths(),
        properties.publicBaseUrl() != null ? properties.publicBaseUrl()
            : properties.publicHost() != null ? "https://" + properties.publicHost() : "X-Forwarded-* headers or the request");
    return new TwilioSignatureFilter(new RequestValidator(properties.authToken()), publicUrls,
        new SignedPaths(properties.signedPaths()));
  }

}
