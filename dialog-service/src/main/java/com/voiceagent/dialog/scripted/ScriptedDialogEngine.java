package com.voiceagent.dialog.scripted;

import com.voiceagent.dialog.engine.CancellationToken;
import com.voiceagent.dialog.engine.Conversation;
import com.voiceagent.dialog.engine.DialogEngine;
import com.voiceagent.dialog.engine.SentenceSink;
import com.voiceagent.dialog.speech.HangupWords;
import com.voiceagent.dialog.speech.SentenceSplitter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The offline Hebrew responder: answers from the business file by keyword intents. It needs no network,
 * so it is both an engine of its own and the fallback whenever the LLM fails or is too slow.
 */
public final class ScriptedDialogEngine implements DialogEngine {
  public static final String NAME = "scripted";
  private static final Pattern NIQQUD = Pattern.compile("[\\u0591-\\u05C7]");
  private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
  /** One-letter Hebrew prefixes (and, the, in, to, from, that, as), up to two stacked: "ובשעות". */
  private static final Pattern HEBREW_PREFIX = Pattern.compile("[והבלמשכ]+");

  private final Business business;
  private final HangupWords hangupWords;

  public ScriptedDialogEngine(Business business, HangupWords hangupWords) {
    this.business = Objects.requireNonNull(business, "business");
    this.hangupWords = Objects.requireNonNull(hangupWords, "hangupWords");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void reply(Conversation conversation, String userText, SentenceSink sink, CancellationToken cancel) {
    if (hangupWords.isGoodbye(userText)) {
      sink.endCall("caller said goodbye");
      return;
    }
    Optional<Business.Intent> intent = intentFor(userText);
    if (intent.isPresent() && Business.Intent.TRANSFER.equals(intent.get().action())) {
      sink.transfer("caller asked for a person");
      return;
    }
    String answer = intent.map(this::answerOf).orElseGet(() -> business.render(business.phrases().generic()));
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
