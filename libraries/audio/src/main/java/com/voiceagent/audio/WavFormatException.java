package com.voiceagent.audio;

/** The bytes are not a WAV file we can read (not RIFF/WAVE, truncated, or an unsupported encoding). */
public class WavFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public WavFormatException(String message) {
        super(message);
    }
}
