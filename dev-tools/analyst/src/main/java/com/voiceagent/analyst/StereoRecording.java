package com.voiceagent.analyst;

import com.voiceagent.audio.MuLaw;
import com.voiceagent.audio.Pcm16;
import com.voiceagent.audio.Wav;
import com.voiceagent.events.Utterance;
import java.nio.ByteBuffer;

/**
 * The call as a stereo 8 kHz WAV: the caller on the left (their utterances, where they said them), the agent on
 * the right (what was played, as {@link AgentPlayback} places it), both on the stream clock. Between
 * utterances the left channel is silent: the gateway keeps what the caller said, not the line noise between.
 */
final class StereoRecording {
  static final int SAMPLE_RATE = 8000;
  private static final int SAMPLES_PER_MS = SAMPLE_RATE / 1000;

  private StereoRecording() {}

  static byte[] wav(Conversation call) {
    long endMs = call.clock().toStreamMs(call.endedAt());
    for (Utterance u : call.utterances()) {
      endMs = Math.max(endMs, call.clock().toStreamMs(u) + samplesOf(u).length / SAMPLES_PER_MS);
    }
    for (AgentPlayback.Played p : call.playback().played()) {
      endMs = Math.max(endMs, p.endMs());
    }
    int length = (int) Math.max(0, endMs * SAMPLES_PER_MS);
    short[] caller = new short[length];
    short[] agent = new short[length];
    for (Utterance u : call.utterances()) {
      place(caller, samplesOf(u), call.clock().toStreamMs(u) * SAMPLES_PER_MS);
    }
    for (AgentPlayback.Played p : call.playback().played()) {
      place(agent, MuLaw.decode(p.muLaw()), p.startMs() * SAMPLES_PER_MS);
    }
    return Wav.pcm16Stereo(caller, agent, SAMPLE_RATE);
  }

  private static short[] samplesOf(Utterance u) {
    ByteBuffer buffer = u.getAudio().duplicate();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return Pcm16.fromBytes(bytes);
  }

  /** Writes (not mixes) samples from a position: a speculative turn and its confirmed successor hold the same audio. */
  private static void place(short[] channel, short[] samples, long from) {
    for (int i = 0; i < samples.length; i++) {
      long at = from + i;
      if (at >= 0 && at < channel.length) {
        channel[(int) at] = samples[i];
      }
    }
  }
}
