package com.voiceagent.dialog.reply;


/** Where a reply's segments go: voice.replies for a call, one collected message for WhatsApp. */
public interface ReplyOutput {
  /** One prepared segment. Called from the engine's thread; calls for one reply never overlap. */
  void segment(String text, boolean last, ReplyKind kind, boolean endCall, String engine);

  /**
   * The turn's last segment, after which the call goes to a person. An output that cannot hand over (WhatsApp)
   * just sends the text.
   */
  default void transferSegment(String text, String engine) {
    segment(text, true, ReplyKind.ANSWER, false, engine);
  }
}
