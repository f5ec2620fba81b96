package com.voiceagent.tts.engine;

import com.voiceagent.audio.MuLaw;
import com.voiceagent.audio.Pcm16;
import com.voiceagent.audio.Resampler;
import com.voiceagent.audio.Wav;
import com.voiceagent.audio.WavAudio;
import com.voiceagent.audio.WavFormatException;

/** Turns whatever an engine returned into what Twilio plays: raw mu-law, 8000 Hz, mono, no header. */
public final class PhoneAudio {
  public static final int SAMPLE_RATE = 8000;

  private PhoneAudio() {}

  /**
   * Reads a WAV file (any header layout: the chunks are walked, never assumed to be 44 bytes) and
   * converts it to 8 kHz mu-law, resampling with an anti-aliasing filter when the rate differs.
   *
   * @throws SpeechFailedException when the bytes are not a WAV file this service can read
   */
  public static byte[] fromWav(byte[] wav) {
    WavAudio audio;
    try {
      audio = Wav.read(wav);
    } catch (WavFormatException e) {
      throw new SpeechFailedException("engine returned unreadable WAV: " + e.getMessage(), e);
    }
    if (audio.format() == WavAudio.MU_LAW && audio.sampleRate() == SAMPLE_RATE && audio.channels() == 1) {
      // Already phone audio (Google MULAW at 8000 Hz): pass the data chunk through untouched.
      return audio.data();
    }
    return fromPcm16(audio.toMonoPcm16(), audio.sampleRate());
  }

  /** Headerless 16-bit little-endian mono PCM at {@code sampleRate} to 8 kHz mu-law. */
  public static byte[] fromPcm16LittleEndian(byte[] pcm, int sampleRate) {
    return fromPcm16(Pcm16.fromBytes(pcm), sampleRate);
  }

  static byte[] fromPcm16(short[] samples, int sampleRate) {
    if (sampleRate <= 0) {
      throw new SpeechFailedException("engine returned audio with sample rate " + sampleRate);
    }
    short[] phoneRate = sampleRate == SAMPLE_RATE ? samples : Resampler.of(sampleRate, SAMPLE_RATE).resample(samples);
    return MuLaw.encode(phoneRate);
  }
}
