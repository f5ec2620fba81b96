package com.voiceagent.edge;

import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The Twilio account and the public address Twilio reaches us at ({@code voice.twilio.*}), one record for
 * every service that talks to Twilio. Each is bound once from its environment variable by
 * {@link EdgeEnvironment}. The auth token is a secret: {@link #toString()} says only whether it is set.
 *
 * @param accountSid TWILIO_ACCOUNT_SID, for REST calls (hang-up, WhatsApp send); AC + 32 hex digits
 * @param authToken TWILIO_AUTH_TOKEN: signs every webhook and authenticates REST calls
 * @param apiBaseUrl TWILIO_API_BASE_URL: scheme://host[:port] REST calls go to instead of Twilio (a fixture, a proxy)
 * @param publicHost PUBLIC_HOST: host[:port] Twilio calls; the public base is then https://publicHost
 * @param publicBaseUrl PUBLIC_BASE_URL: scheme://host[:port] Twilio calls; wins over publicHost
 */
@Validated
@ConfigurationProperties("voice.twilio")
public record TwilioProperties(
    String accountSid,
    String authToken,
    String apiBaseUrl,
    String publicHost,
    String publicBaseUrl) {

  private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
  private static final Pattern HOST_AND_PORT =
      Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");
  private static final Pattern SCHEME_AND_HOST = Pattern.compile("(?i)https?://[^/?#\\s@]+");

  /** @throws IllegalArgumentException naming the setting (and its variable) that is malformed */
  public TwilioProperties {
    accountSid = blankToNull(accountSid);
    authToken = blankToNull(authToken);
    apiBaseUrl = withoutTrailingSlash(blankToNull(apiBaseUrl));
    publicHost = blankToNull(publicHost);
    publicBaseUrl = withoutTrailingSlash(blankToNull(publicBaseUrl));
    if (accountSid != null && !ACCOUNT_SID.matcher(accountSid).matches()) {
      throw new IllegalArgumentException("voice.twilio.account-sid (TWILIO_ACCOUNT_SID) must be AC followed by 32 hex digits");
    }
    if (apiBaseUrl != null && !SCHEME_AND_HOST.matcher(apiBaseUrl).matches()) {
      throw new IllegalArgumentException("voice.twilio.api-base-url (TWILIO_API_BASE_URL) must be http(s)://host[:port]"
          + " without a path, was '" + apiBaseUrl + "'");
    }
    if (publicHost != null && !HOST_AND_PORT.matcher(publicHost).matches()) {
      throw new IllegalArgumentException("voice.twilio.public-host (PUBLIC_HOST) must be host[:port] without scheme or path,"
          + " was '" + publicHost + "'");
    }
    if (publicBaseUrl != null && !SCHEME_AND_HOST.matcher(publicBaseUrl).matches()) {
      throw new IllegalArgumentException("voice.twilio.public-base-url (PUBLIC_BASE_URL) must be scheme://host[:port]"
          + " (http or https, no path), was '" + publicBaseUrl + "'");
    }
  }

  public boolean hasAuthToken() {
    return authToken != null;
  }

  /** Both the account SID and the auth token are set, so REST calls can be made. */
  public boolean restConfigured() {
    return accountSid != null && authToken != null;
  }

  /**
   * scheme://host[:port] Twilio calls, as configured: PUBLIC_BASE_URL, else https://PUBLIC_HOST; null when
   * neither is set (then only a request can tell, see {@code PublicUrls}).
   */
  public String configuredPublicBase() {
    if (publicBaseUrl != null) {
      return publicBaseUrl;
    }
    return publicHost == null ? null : "https://" + publicHost;
  }

  @Override
  public String toString() {
    return "TwilioProperties[accountSid=" + accountSid + ", authToken=" + (authToken == null ? "<unset>" : "<set>")
        + ", apiBaseUrl=" + apiBaseUrl + ", publicHost=" + publicHost + ", publicBaseUrl=" + publicBaseUrl + "]";
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static String withoutTrailingSlash(String url) {
    return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
