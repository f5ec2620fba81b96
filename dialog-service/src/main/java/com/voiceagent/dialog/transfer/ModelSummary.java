package com.voiceagent.dialog.transfer;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.RequestOptions;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.voiceagent.dialog.DialogProperties;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A one-paragraph Hebrew summary written by the chat model (when OpenAI is configured), from the same
 * compact, masked transcript the deterministic summary shows. Any failure (error, timeout, empty or too
 * long an answer) is empty: the caller of this class then sends the deterministic summary instead.
 */
public final class ModelSummary {
  public static final String ENGINE = "openai";
  static final String INSTRUCTIONS = "את מקבלת תמליל קצר של שיחת טלפון בין לקוח לבוט של העסק. השיחה מועברת עכשיו"
      + " לנציג אנושי. כתבי לנציג סיכום של פסקה אחת קצרה בעברית (עד שלושה משפטים): מה הלקוח רצה, מה כבר נענה ומה עדיין"
      + " פתוח. בלי ברכות, בלי כותרת, בלי מספרים מזהים.";
  private static final Logger log = LoggerFactory.getLogger(ModelSummary.class);

  private final OpenAIClient client;
  private final String model;
  private final Duration timeout;

  public ModelSummary(DialogProperties.OpenAi settings, Duration timeout) {
    this(OpenAIOkHttpClient.builder().apiKey(settings.apiKey()).baseUrl(settings.baseUrl()).maxRetries(0).timeout(timeout).build(),
        settings.model(), timeout);
  }

  ModelSummary(OpenAIClient client, String model, Duration timeout) {
    this.client = Objects.requireNonNull(client, "client");
    this.model = Objects.requireNonNull(model, "model");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** The model's paragraph, or empty when it failed or answered something unusable. */
  public Optional<String> summarize(String transcript) {
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
        .model(model)
        .addSystemMessage(INSTRUCTIONS)
        .addUserMessage(transcript)
        .maxCompletionTokens(200)
        .temperature(0.2)
        .build();
    try {
      Optional<String> text = client.chat().completions().create(params, RequestOptions.builder().timeout(timeout).build())
          .choices().stream().findFirst().flatMap(choice -> choice.message().content())
          .map(content -> content.strip().replaceAll("\\s+", " "));
      if (text.isEmpty() || text.get().isEmpty() || text.get().length() > TransferSummary.MAX_CHARS) {
        log.warn("the model's transfer summary was {}: the deterministic summary is sent",
            text.map(t -> t.isEmpty() ? "empty" : "too long (" + t.length() + " characters)").orElse("missing"));
        return Optional.empty();
      }
      return Optional.of(TransferSummary.maskDigits(text.get()));
    } catch (RuntimeException e) {
      log.warn("the model could not summarize the call ({}): the deterministic summary is sent", e.toString());
      return Optional.empty();
    }
  }
}
