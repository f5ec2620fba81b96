package com.voiceagent.edge.signature;

import com.twilio.security.RequestValidator;
import com.voiceagent.edge.PathPatterns;
import com.voiceagent.edge.EdgeProperties;
import com.voiceagent.edge.TwilioProperties;
import jakarta.servlet.Filter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the signature filter from the settings, refusing settings that would leave Twilio's paths open. */
public final class TwilioSignatures {
  private static final Logger log = LoggerFactory.getLogger(TwilioSignatures.class);

  private TwilioSignatures() {}

  /**
   * @param production true in the "prod" profile, where everything the signature depends on must be configured
   * @throws IllegalStateException when validation is switched off outside local development mode; in production,
   *     when local development mode is on, TWILIO_AUTH_TOKEN is missing or no public base URL is configured
   */
  public static Filter filter(EdgeProperties edge, TwilioProperties twilio, PublicUrls publicUrls, boolean production) {
    PathPatterns signedPaths = new PathPatterns(edge.signedPaths());
    if (production && edge.localDevelopment()) {
      throw new IllegalStateException("VOICE_LOCAL_DEVELOPMENT=true (voice.edge.local-development) is not allowed in the prod"
          + " profile: it is the mode ./voice up runs the services in on a developer's machine");
    }
    if (edge.signedPaths().isEmpty()) {
      // A service Twilio never calls (the web console): nothing to check, so no Twilio token to require or warn about.
      log.info("no signed paths (voice.edge.signed-paths): no request here comes from Twilio");
      return new TwilioSignatureFilter(TwilioSignatureFilter.Mode.OFF, null, publicUrls, signedPaths);
    }
    if (!edge.signatureValidation()) {
      if (!edge.localDevelopment()) {
        throw new IllegalStateException("TWILIO_SIGNATURE_VALIDATION=false (voice.edge.signature-validation) is only allowed in"
            + " local development mode (VOICE_LOCAL_DEVELOPMENT=true, which ./voice up sets): everywhere else Twilio-facing"
            + " endpoints must check X-Twilio-Signature");
      }
      log.warn("""

          ************************************************************************************************
          *  TWILIO SIGNATURE VALIDATION IS OFF (local development mode, TWILIO_SIGNATURE_VALIDATION=false)
          *  Anyone who can reach this service can call {} as if they were Twilio.
          *  Never run like this where the service can be reached from outside this machine.
          ************************************************************************************************""",
          edge.signedPaths());
      return new TwilioSignatureFilter(TwilioSignatureFilter.Mode.OFF, null, publicUrls, signedPaths);
    }
    if (!twilio.hasAuthToken()) {
      if (production) {
        throw new IllegalStateException("TWILIO_AUTH_TOKEN is not set: the prod profile validates X-Twilio-Signature"
            + " on " + edge.signedPaths() + " and needs the Twilio auth token (voice.twilio.auth-token)");
      }
      log.warn("TWILIO_AUTH_TOKEN is not set: every request to {} will be refused with 403", edge.signedPaths());
      return new TwilioSignatureFilter(TwilioSignatureFilter.Mode.REFUSE_ALL, null, publicUrls, signedPaths);
    }
    if (production && publicUrls.configuredBase() == null) {
      throw new IllegalStateException("PUBLIC_BASE_URL (or PUBLIC_HOST) is not set: the prod profile checks every"
          + " X-Twilio-Signature against the public URL Twilio called, which must be configured, never taken from the request");
    }
    log.info("Twilio signature validation on for {} (public base: {})", edge.signedPaths(),
        publicUrls.configuredBase() != null ? publicUrls.configuredBase()
            : "from the request, or X-Forwarded-* of trusted proxies " + TrustedProxies.parse(edge.trustedProxies()));
    return new TwilioSignatureFilter(TwilioSignatureFilter.Mode.CHECK, new RequestValidator(twilio.authToken()), publicUrls,
        signedPaths);
  }
}
