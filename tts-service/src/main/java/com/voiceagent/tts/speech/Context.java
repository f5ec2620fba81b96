package com.voiceagent.tts.speech;

/**
 * What a rule needs to know about the place it reads at.
 *
 * @param defaultGender gender of numbers whose noun is unknown
 * @param definite the number carries an attached definite ה (ה-3), which marks an ordinal
 * @param ordinalGender gender of the noun before the number, which an ordinal agrees with
 */
record Context(Gender defaultGender, boolean definite, Gender ordinalGender) {}
