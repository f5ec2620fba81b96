package com.voiceagent.dialog.reply;

/** What a reply segment is: the brain's answer, a fixed phrase, or what is said when an engine failed. */
public enum ReplyKind {
  ANSWER,
  GREETING,
  GOODBYE,
  FALLBACK
}
