package com.voiceagent.whatsapp.provider;

/**
 * The provider did not take the message. {@link Kind} tells the caller what to do: fix the request,
 * fix our credentials, or try again later.
 */
public final class ProviderException extends RuntimeException {

  public enum Kind {
    /** The request is wrong (invalid number, template, window): retrying cannot help. */
    REJECTED,
    /** Our credentials or account are wrong: an operator must act. */
    AUTHENTICATION,
    /** 5xx, 429 or no connection: the same request may succeed later. */
    TRANSIENT
  }

  private final Kind kind;
  private final Integer code;
  private final Integer httpStatus;
  private final String moreInfo;

  public ProviderException(Kind kind, Integer code, Integer httpStatus, String message, String moreInfo, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.code = code;
    this.httpStatus = httpStatus;
    this.moreInfo = moreInfo;
  }

  public Kind kind() {
    return kind;
  }

  /** The provider's own error code (Twilio: 21211 and friends), or null. */
  public Integer code() {
    return code;
  }

  public Integer httpStatus() {
    return httpStatus;
  }

  public String moreInfo() {
    return moreInfo;
  }
}
