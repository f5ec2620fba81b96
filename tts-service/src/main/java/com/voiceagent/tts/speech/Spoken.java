package com.voiceagent.tts.speech;

/** A token found in the text: it ends (exclusive) at {@code end} and is read aloud as {@code words}. */
record Spoken(int end, String words) {}
