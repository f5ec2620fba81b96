package com.voiceagent.tts.google;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SsmlTest {

  @Test
  void eachSentenceIsFollowedByAPause() {
    assertThat(Ssml.withPauses("שלום. מה שלומך? טוב!", Duration.ofMillis(300)))
        .isEqualTo("<speak>שלום.<break time=\"300ms\"/>מה שלומך?<break time=\"300ms\"/>טוב!<break time=\"300ms\"/></speak>");
  }

  @Test
  void xmlSpecialCharactersAndControlCharactersAreEscaped() {
    assertThat(Ssml.escape("a<b>&\"c'\u0001d")).isEqualTo("a&lt;b&gt;&amp;&quot;c&apos;d");
  }

  @Test
  void decimalPointsDoNotSplitASentence() {
    assertThat(Ssml.withPauses("המחיר 4.5 שקלים.", Duration.ofMillis(200)))
        .isEqualTo("<speak>המחיר 4.5 שקלים.<break time=\"200ms\"/></speak>");
  }
}
