package com.voiceagent.edge.signature;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.edge.EdgeProperties;
import com.voiceagent.edge.TestSettings;
import com.voiceagent.edge.TwilioProperties;
import com.voiceagent.edge.TwilioVectors;
import jakarta.servlet.Filter;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The twilio-java vectors pass through OUR path: public URL rebuilt from the configured base, form fields
 * read from the parameter map (query values taken out), then RequestValidator.
 */
class SignatureVectorsThroughFilterTest {
  static List<TwilioVectors.Vector> vectors() {
    return TwilioVectors.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void aTwilioVectorSignedRequestPassesTheFilter(TwilioVectors.Vector vector) throws Exception {
    assertThat(run(vector, vector.signature()).getStatus()).isEqualTo(200);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void aTwilioVectorWithAnAlteredParameterIsRefused(TwilioVectors.Vector vector) throws Exception {
    Map<String, String> tampered = new java.util.LinkedHashMap<>(vector.params());
    tampered.put("Extra", "injected");
    var altered = new TwilioVectors.Vector(vector.name(), vector.url(), tampered, vector.signature());
    MockHttpServletResponse response = run(altered, vector.signature());
    assertThat(response.getStatus()).isEqualTo(403);
  }

  private static MockHttpServletResponse run(TwilioVectors.Vector vector, String signature) throws Exception {
    URI uri = URI.create(vector.url());
    String base = uri.getScheme() + "://" + uri.getRawAuthority();
    EdgeProperties properties = TestSettings.edge("voice.edge.signed-paths", "/myapp.php");
    TwilioProperties twilio =
        TestSettings.twilio("voice.twilio.auth-token", TwilioVectors.TOKEN, "voice.twilio.public-base-url", base);
    Filter filter = TwilioSignatures.filter(properties, twilio, new PublicUrls(twilio, TrustedProxies.parse(List.of())), false);

    MockHttpServletRequest request = new MockHttpServletRequest("POST", uri.getRawPath());
    request.setContentType("application/x-www-form-urlencoded");
    request.setQueryString(uri.getRawQuery());
    // The container merges query values into the parameter map: simulate that, as Tomcat does.
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        String[] kv = pair.split("=", 2);
        request.addParameter(kv[0], kv.length > 1 ? kv[1] : "");
      }
    }
    vector.params().forEach(request::addParameter);
    request.addHeader("X-Twilio-Signature", signature);
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(request, response, new MockFilterChain());
    return response;
  }
}
