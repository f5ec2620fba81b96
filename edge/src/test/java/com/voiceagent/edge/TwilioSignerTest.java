package com.voiceagent.edge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TwilioSignerTest {
  static java.util.List<TwilioVectors.Vector> vectors() {
    return TwilioVectors.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void theTestSignerReproducesTwilioVectors(TwilioVectors.Vector vector) {
    assertThat(TwilioSigner.sign(TwilioVectors.TOKEN, vector.url(), vector.params())).isEqualTo(vector.signature());
  }
}
