package com.voiceagent.edge;

import java.util.LinkedHashMap;
import java.util.Map;

/** The twilio-java request-signing vectors (copied from the team's PROTOCOLS.md; tests must not read /work/shared). */
public final class TwilioVectors {
  public static final String TOKEN = "12345";
  public static final String BASE = "https://mycompany.com/myapp.php?foo=1&bar=2";

  public static Map<String, String> defaultParams() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("Digits", "1234");
    params.put("CallSid", "CA1234567890ABCDE");
    params.put("To", "+18005551212");
    params.put("Caller", "+14158675309");
    params.put("From", "+14158675309");
    return params;
  }

  public static Map<String, String> unsortedParams() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("Zebra", "last");
    params.put("Alpha", "first");
    params.put("Beta", "second");
    params.put("Gamma", "third");
    return params;
  }

  /** url, params, expected signature. */
  public record Vector(String name, String url, Map<String, String> params, String signature) {
    @Override
    public String toString() {
      return name;
    }
  }

  public static java.util.List<Vector> all() {
    return java.util.List.of(
        new Vector("base", BASE, defaultParams(), "RSOYDt4T1cUTdK1PDd93/VVr8B8="),
        new Vector("https with :443", "https://mycompany.com:443/myapp.php?foo=1&bar=2", defaultParams(), "kvajT1Ptam85bY51eRf/AJRuM3w="),
        new Vector("http with :80", "http://mycompany.com:80/myapp.php?foo=1&bar=2", defaultParams(), "0ZXoZLH/DfblKGATFgpif+LLRf4="),
        new Vector("no params", BASE, Map.of(), "zYQTYrRWXE7LtzbG4PfP7/bkkGo="),
        new Vector("no query", "https://mycompany.com/myapp.php", defaultParams(), "1xaxFBvyzXYvWplzNOSs28HWO94="),
        new Vector("unsorted keys", BASE, unsortedParams(), "enveUe73ZTVLAekHxez3Qx6JuuQ="));
  }

  private TwilioVectors() {}
}
