package com.voiceagent.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Thousands of hostile messages: the parser answers with an event or a close code, never anything else. */
class TwilioWireFuzzTest {
  private final TwilioWire wire = new TwilioWire(640);

  @Property(tries = 3000)
  void anyTextIsAnEventOrAProtocolViolation(@ForAll("hostile") String text) {
    try {
      InboundEvent event = wire.parse(text);
      assertThat(event).isNotNull();
    } catch (ProtocolViolation violation) {
      assertThat(violation.closeStatus().getCode()).isIn(1007, 1008, 1009);
    }
  }

  @Provide
  Arbitrary<String> hostile() {
    Arbitrary<String> events = Arbitraries.of("connected", "start", "media", "mark", "dtmf", "stop", "clear", "", "MEDIA", "x");
    Arbitrary<String> values = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(30).map(s -> "\"" + s.replace("\\", "").replace("\"", "") + "\""),
        Arbitraries.integers().map(String::valueOf),
        Arbitraries.of("null", "true", "{}", "[]", "\"/38A\"", "\"***\"", "\"-5\"", "\"99999999999999999999\"", "\"MZ1\"",
            "\"MZ0123456789abcdef0123456789abcdef\"", "\"CA0123456789abcdef0123456789abcdef\"",
            "\"AC0123456789abcdef0123456789abcdef\""));
    Arbitrary<String> inner = Combinators.combine(values, values, values, values).as((a, b, c, d) ->
        "{\"streamSid\":" + a + ",\"callSid\":" + b + ",\"accountSid\":" + d
            + ",\"timestamp\":" + c + ",\"payload\":" + d
            + ",\"name\":" + a + ",\"digit\":" + b + ",\"customParameters\":{\"token\":" + c + "},\"mediaFormat\":{\"sampleRate\":" + d + "}}");
    Arbitrary<String> structured = Combinators.combine(events, values, inner, Arbitraries.of("start", "media", "mark", "dtmf", "stop"))
        .as((event, sid, body, field) -> "{\"event\":\"" + event + "\",\"streamSid\":" + sid + ",\"" + field + "\":" + body + "}");
    Arbitrary<String> truncated = structured.flatMap(s -> Arbitraries.integers().between(0, s.length()).map(n -> s.substring(0, n)));
    return Arbitraries.oneOf(structured, truncated, Arbitraries.strings().ofMaxLength(200),
        Arbitraries.of(List.of("{", "}", "null", "{\"event\":null}", "{\"event\":\"media\"}", "\u0000", "{\"event\":\"start\",\"start\":[]}")));
  }
}
