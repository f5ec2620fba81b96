package com.voiceagent.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EndpointerConfigTest {

    private static final EndpointerConfig DEFAULTS = EndpointerConfig.defaults();

    @Test
    void defaultsSuitEightKilohertzPhoneCalls() {
        assertThat(DEFAULTS).isEqualTo(new EndpointerConfig(8000, Duration.ofMillis(600), Duration.ofSeconds(8),
                Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(250)));
    }

    @Test
    void eachWitherChangesOnlyItsOwnSetting() {
        assertThat(DEFAULTS.withSampleRate(16000).sampleRate()).isEqualTo(16000);
        assertThat(DEFAULTS.withEndSilence(Duration.ofMillis(900)).endSilence()).isEqualTo(Duration.ofMillis(900));
        assertThat(DEFAULTS.withMaxUtterance(Duration.ofSeconds(20)).maxUtterance()).isEqualTo(Duration.ofSeconds(20));
        assertThat(DEFAULTS.withMinSpeech(Duration.ofMillis(100)).minSpeech()).isEqualTo(Duration.ofMillis(100));
        assertThat(DEFAULTS.withPreRoll(Duration.ZERO).preRoll()).isEqualTo(Duration.ZERO);
        assertThat(DEFAULTS.withSustainedSpeech(Duration.ofMillis(400)).sustainedSpeech())
                .isEqualTo(Duration.ofMillis(400));
        assertThat(DEFAULTS.withEndSilence(Duration.ofMillis(900)).withEndSilence(Duration.ofMillis(600)))
                .isEqualTo(DEFAULTS);
    }

    @Test
    void invalidSettingsAreRejectedWithMessagesNamingThem() {
        assertThatThrownBy(() -> DEFAULTS.withSampleRate(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sampleRate must be > 0, was -1");
        assertThatThrownBy(() -> DEFAULTS.withEndSilence(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("endSilence must not be null");
        assertThatThrownBy(() -> DEFAULTS.withEndSilence(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("endSilence must be > 0, was PT0S");
        assertThatThrownBy(() -> DEFAULTS.withMaxUtterance(Duration.ofMillis(-5)))
                .hasMessage("maxUtterance must be > 0, was PT-0.005S");
        assertThatThrownBy(() -> DEFAULTS.withMinSpeech(Duration.ofSeconds(9)))
                .hasMessage("minSpeech must be < maxUtterance (PT8S), was PT9S");
        assertThatThrownBy(() -> DEFAULTS.withPreRoll(Duration.ofMillis(-1)))
                .hasMessage("preRoll must be >= 0, was PT-0.001S");
        assertThatThrownBy(() -> DEFAULTS.withPreRoll(Duration.ofSeconds(9)))
                .hasMessage("preRoll must be <= maxUtterance (PT8S), was PT9S");
        assertThatThrownBy(() -> DEFAULTS.withSustainedSpeech(null)).hasMessage("sustainedSpeech must not be null");
    }

    @Test
    void detectedUtterancesCompareByContent() {
        assertThat(new DetectedUtterance(new short[] {1, 2}, 10, 20, false))
                .isEqualTo(new DetectedUtterance(new short[] {1, 2}, 10, 20, false))
                .hasSameHashCodeAs(new DetectedUtterance(new short[] {1, 2}, 10, 20, false))
                .hasToString("DetectedUtterance[startMs=10, endMs=20, cutAtMaxLength=false, audioStartMs=10, samples=2]");
        assertThat(new DetectedUtterance(new short[] {1, 2}, 10, 20, false, 5))
                .as("the same speech placed elsewhere on the stream clock")
                .isNotEqualTo(new DetectedUtterance(new short[] {1, 2}, 10, 20, false));
        assertThatThrownBy(() -> new DetectedUtterance(new short[0], 10, 20, false, 11))
                .hasMessage("audioStartMs must be <= startMs (10), was 11");
        assertThatThrownBy(() -> new DetectedUtterance(new short[0], 20, 10, false))
                .hasMessage("endMs must be >= startMs (20), was 10");
    }
}
