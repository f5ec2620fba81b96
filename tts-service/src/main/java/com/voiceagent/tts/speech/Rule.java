package com.voiceagent.tts.speech;

/** One kind of token (a time, a price...): reads it if it starts exactly at {@code at}, else returns null. */
@FunctionalInterface
interface Rule {
  Spoken read(String text, int at, Context context);
}
