package com.voiceagent.whatsapp.inbound;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.TreeMap;

/** Every form parameter Twilio sent, first value of each, including ones added after our schema. */
public final class TwilioParams {
  private TwilioParams() {}

  public static Map<String, String> of(HttpServletRequest request) {
    Map<String, String> params = new TreeMap<>();
    request.getParameterMap().forEach((key, values) -> {
      if (values != null && values.length > 0) {
        params.put(key, values[0]);
      }
    });
    return params;
  }
}
