package com.voiceagent.dialog.scripted;

import com.voiceagent.dialog.engine.CancellationToken;
import com.voiceagent.dialog.engine.Conversation;
import com.voiceagent.dialog.engine.DialogEngine;
import com.voiceagent.dialog.engine.SentenceSink;
import com.voiceagent.dialog.speech.HangupWords;
import com.voiceagent.dialog.speech.SentenceSplitter;
import com.voiceagent.dialog.tools.ToolOutcome;
import com.voiceagent.dialog.tools.ToolRegistry;
import com.voiceagent.dialog.tools.ToolRunner;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The offline Hebrew responder: answers from the business file by keyword intents. It needs no network,
 * so it is both an engine of its own and the fallback whenever the LLM fails or is too slow. An intent
 * may name a tool: then the tool is called (arguments from the intent, filled from the caller's words) and
 * its result spoken through the intent's reply template; a failing tool gets the polite tool-failed phrase.
 */
public final class ScriptedDialogEngine implements DialogEngine {
  public static final String NAME = "scripted";
  private static final Pattern NIQQUD = Pattern.compile("[\\u0591-\\u05C7]");
  private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
  /** One-letter Hebrew prefixes (and, the, in, to, from, that, as), up to two stacked: "ובשעות". */
  private static final Pattern HEBREW_PREFIX = Pattern.compile("[והבלמשכ]+");

  private final Business business;
  private final HangupWords hangupWords;
  private final ToolRunner tools;

  /** Without tools: an intent that names one is a startup error. */
  public ScriptedDialogEngine(Business business, HangupWords hangupWords) {
    this(business, hangupWords, new ToolRunner(ToolRegistry.empty(), Duration.ofMillis(700), business.toolWaitText(),
        business.toolFailedText(), 2));
  }

  /** Intents that name a tool call it through {@code tools} (so the offline mode can book an appointment). */
  public ScriptedDialogEngine(Business business, HangupWords hangupWords, ToolRunner tools) {
    this.business = Objects.requireNonNull(business, "business");
    this.hangupWords = Objects.requireNonNull(hangupWords, "hangupWords");
    this.tools = Objects.requireNonNull(tools, "tools");
    for (Business.Intent intent : business.intentsOrEmpty()) {
      if (intent.tool() != null && !tools.has(intent.tool())) {
        throw new IllegalStateException("business file intent '" + intent.name() + "' names tool '" + intent.tool()
            + "', which is neither in the tools section nor a built-in tool");
      }
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void reply(Conversation conversation, String userText, SentenceSink sink, CancellationToken cancel) {
    if (conversation.opensOutboundCall(userText)) {
      speak(business.outboundOpeningText(conversation.outboundContext()), sink, cancel);
      return;
    }
    if (hangupWords.isGoodbye(userText)) {
      sink.endCall("caller said goodbye");
      return;
    }
    Optional<Business.Intent> intent = intentFor(userText);
    if (intent.isPresent() && Business.Intent.TRANSFER.equals(intent.get().action())) {
      sink.transfer("caller asked for a person");
      return;
    }
    String answer;
    if (intent.isPresent() && intent.get().tool() != null) {
      Map<String, String> arguments = ToolReplies.arguments(intent.get().argumentsOrEmpty(), userText, business);
      String ask = intent.get().ask();
      if (ask != null && !ask.isBlank() && arguments.values().stream().anyMatch(String::isBlank)) {
        answer = business.render(ask); // e.g. "לאיזה יום?": the next turn, with the day, books
      } else {
        switch (tools.session(conversation, sink, cancel).call(intent.get().tool(), ToolReplies.json(arguments))) {
          case ToolOutcome.Done done -> answer = ToolReplies.render(business.render(intent.get().reply()), done.result());
          case ToolOutcome.Failed failed -> answer = tools.failedText();
          case ToolOutcome.Cancelled cancelled -> {
            return;
          }
        }
      }
    } else {
      answer = intent.map(this::answerOf).orElseGet(() -> business.render(business.phrases().generic()));
    }
    speak(answer, sink, cancel);
  }

  private static void speak(String answer, SentenceSink sink, CancellationToken cancel) {
    List<String> sentences = SentenceSplitter.split(answer, 0);
    for (int i = 0; i < sentences.size() && !cancel.isCancelled(); i++) {
      if (!sink.sentence(sentences.get(i), i == sentences.size() - 1)) {
        return;
      }
    }
  }

  private String answerOf(Business.Intent intent) {
    return Business.Intent.COLLECT_ID.equals(intent.action()) ? business.idAskText() : business.render(intent.reply());
  }

  /** The first intent (in file order) one of whose keywords the caller said. */
  Optional<Business.Intent> intentFor(String userText) {
    List<String> words = words(userText);
    for (Business.Intent intent : business.intentsOrEmpty()) {
      for (String keyword : intent.keywords()) {
        String k = normalize(keyword);
        if (k.contains(" ") ? (" " + String.join(" ", words) + " ").contains(" " + k + " ") : words.stream().anyMatch(w -> matches(w, k))) {
          return Optional.of(intent);
        }
      }
    }
    return Optional.empty();
  }

  private static boolean matches(String word, String keyword) {
    if (word.equals(keyword) || word.startsWith(keyword) && keyword.length() >= 3) {
      return true;
    }
    // Try one and two prefix letters: "הכתובת" is ה+כתובת, although כ is a prefix letter too.
    for (int strip = 1; strip <= 2 && strip < word.length(); strip++) {
      if (!HEBREW_PREFIX.matcher(word.substring(0, strip)).matches()) {
        break;
      }
      String bare = word.substring(strip);
      if (bare.equals(keyword) || bare.startsWith(keyword) && keyword.length() >= 3) {
        return true;
      }
    }
    return false;
  }

  private static List<String> words(String text) {
    String normalized = normalize(text == null ? "" : text);
    return normalized.isEmpty() ? List.of() : List.of(normalized.split(" "));
  }

  private static String normalize(String text) {
    return NOT_WORD.matcher(NIQQUD.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("")).replaceAll(" ").strip();
  }
}
