package com.voiceagent.tts.speech;

/** Grammatical gender of the noun a number counts; Hebrew numbers 1-19 and 1,000s agree with it. */
public enum Gender {
  MASCULINE,
  FEMININE
}
