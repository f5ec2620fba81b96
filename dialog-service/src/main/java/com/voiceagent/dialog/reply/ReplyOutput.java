package com.voiceagent.dialog.reply;


/** Where a reply's segments go: voice.replies for a call, one collected message for WhatsApp. */
public interface ReplyOutput {
  /** One prepared segment. Called from the engine's thread; calls for one reply never overlap. */
  void segment(String text, boolean last, ReplyKind kind, boolean endCall, String engine);
}
