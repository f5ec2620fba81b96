package com.voiceagent.dialog.text;

import com.voiceagent.dialog.engine.CancellationToken;
import com.voiceagent.dialog.engine.Conversation;
import com.voiceagent.dialog.history.ConversationHistory;
import com.voiceagent.dialog.reply.Replier;
import com.voiceagent.dialog.reply.ReplyKind;
import com.voiceagent.dialog.reply.ReplyOutput;
import com.voiceagent.dialog.reply.ReplyResult;
import com.voiceagent.dialog.scripted.Business;
import com.voiceagent.dialog.scripted.ScriptedDialogEngine;
import com.voiceagent.dialog.speech.SpeechText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The same brain on WhatsApp: same engines, business facts and history store (keyed by the conversation
 * id), but one written message per inbound message instead of streamed speech, and WhatsApp's
 * 1600-character limit instead of the speech cap.
 */
public final class TextChannel {
  private static final Logger log = LoggerFactory.getLogger(TextChannel.class);

  /** The answer to one message, and the turn it was recorded as. */
  public record Answer(int turn, String text, String engine) {}

  private final Replier replier;
  private final ConversationHistory history;
  private final Business business;
  private final int maxChars;

  public TextChannel(Replier replier, ConversationHistory history, Business business, int maxChars) {
    this.replier = replier;
    this.history = history;
    this.business = business;
    this.maxChars = maxChars;
  }

  /** The turn a new message of the conversation gets: after the last one recorded, whatever the sender said. */
  public int nextTurn(String conversationId, int proposedTurn) {
    return Math.max(proposedTurn, history.lastTurn(conversationId) + 1);
  }

  /** Answers {@code body}, the customer's message, as turn {@code turn}, and records both in the history. */
  public Answer answer(String conversationId, int turn, String body) {
    String said = body == null ? "" : body.strip();
    String replyText;
    String engine;
    if (said.isEmpty()) {
      replyText = business.repeatText(true);
      engine = ScriptedDialogEngine.NAME;
    } else {
      Collected collected = new Collected();
      Conversation conversation = new Conversation(conversationId, Conversation.Channel.TEXT, history.messages(conversationId));
      ReplyResult result = replier.reply(conversation, said, collected, new CancellationToken(), maxChars, String::strip);
      replyText = SpeechText.cap(collected.text(), maxChars);
      engine = result.engine();
    }
    history.recordTurn(conversationId, turn, said.isEmpty() ? null : said, replyText);
    log.info("WhatsApp message answered by {} ({} chars)", engine, replyText.length());
    return new Answer(turn, replyText, engine);
  }

  /** Collects the sentences of a reply into one message. */
  private static final class Collected implements ReplyOutput {
    private final StringBuilder text = new StringBuilder();

    @Override
    public synchronized void segment(String segment, boolean last, ReplyKind kind, boolean endCall, String engine) {
      if (segment.isBlank()) {
        return;
      }
      if (!text.isEmpty()) {
        text.append(' ');
      }
      text.append(segment);
    }

    synchronized String text() {
      return text.toString();
    }
  }
}
