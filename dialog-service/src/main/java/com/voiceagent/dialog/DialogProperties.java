package com.voiceagent.dialog;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of dialog-service ({@code voice.dialog.*}), validated at startup.
 *
 * @param engine auto (openai when an API key is set, else scripted), openai or scripted (env DIALOG_ENGINE)
 * @param businessFile the business the agent answers for: facts, greeting, phrases, intents (YAML or JSON;
 *     env BUSINESS_FILE; "classpath:" or a file path)
 * @param systemPromptFile LLM instructions (env SYSTEM_PROMPT_FILE); blank = the built-in Hebrew prompt
 * @param firstSentenceTimeout budget for the engine's first sentence; past it the caller hears the
 *     scripted fallback (env DIALOG_TIMEOUT)
 * @param replyTimeout budget for a whole reply; past it the reply is cut and closed with the fallback
 * @param replyMaxChars spoken reply cap in characters (env REPLY_MAX_CHARS). Hebrew TTS speaks about 15
 *     characters a second, so 110 is about 7 seconds: longer monologues make callers talk over the agent.
 *     The sentence that reaches the cap is still spoken whole, then the LLM stream is closed
 * @param minSentenceChars shorter sentences merge with the next one (fewer, smoother TTS requests)
 * @param historyMaxMessages messages kept per conversation (env HISTORY_MAX_MESSAGES); older ones drop off
 * @param historyLoadTimeout how long startup may take to read dialog.history to its end before failing
 * @param callHistoryIdleExpiry a call's history is dropped this long after its last turn even if no stream stop
 *     ever came (a gateway that died mid-call)
 * @param textHistoryIdleExpiry a WhatsApp conversation's history is dropped this long after its last message
 * @param historySweepInterval how often idle histories are looked for
 * @param hangupKeywords words that end the call when no LLM decides (whole words, normalized)
 * @param openai the OpenAI engine
 * @param textChannel the WhatsApp (text) channel
 * @param tools business tools (declared in the business file's tools section)
 * @param keypad what keys mean to the dialog
 * @param transferNotify who is told by WhatsApp when a call is handed to a person
 */
@Validated
@ConfigurationProperties("voice.dialog")
public record DialogProperties(
    @DefaultValue("auto") @Pattern(regexp = "auto|openai|scripted",
        message = "voice.dialog.engine (DIALOG_ENGINE) must be auto, openai or scripted") String engine,
    @DefaultValue("classpath:scripted/business.yml") @NotBlank(message = "voice.dialog.business-file (BUSINESS_FILE) is missing") String businessFile,
    @DefaultValue("") String systemPromptFile,
    @DefaultValue("4s") @NotNull(message = "voice.dialog.first-sentence-timeout (DIALOG_TIMEOUT) is missing") Duration firstSentenceTimeout,
    @DefaultValue("20s") @NotNull(message = "voice.dialog.reply-timeout is missing") Duration replyTimeout,
    @DefaultValue("110") @Min(value = 20, message = "voice.dialog.reply-max-chars (REPLY_MAX_CHARS) must be >= 20") int replyMaxChars,
    @DefaultValue("12") @Min(0) @Max(200) int minSentenceChars,
    @DefaultValue("20") @Min(value = 2, message = "voice.dialog.history-max-messages (HISTORY_MAX_MESSAGES) must be >= 2") int historyMaxMessages,
    @DefaultValue("60s") @NotNull Duration historyLoadTimeout,
    @DefaultValue("2h") @NotNull Duration callHistoryIdleExpiry,
    @DefaultValue("7d") @NotNull Duration textHistoryIdleExpiry,
    @DefaultValue("1m") @NotNull Duration historySweepInterval,
    @DefaultValue({"ביי", "להתראות", "נתראה", "bye", "goodbye"}) @NotEmpty(message = "voice.dialog.hangup-keywords must name at least one word") List<String> hangupKeywords,
    @Valid @DefaultValue OpenAi openai,
    @Valid @DefaultValue TextChannel textChannel,
    @Valid @DefaultValue Tools tools,
    @Valid @DefaultValue Keypad keypad,
    @Valid @DefaultValue TransferNotify transferNotify) {

  /**
   * @param whatsapp the person's WhatsApp number, E.164 (env TRANSFER_NOTIFY_WHATSAPP): when a call is handed
   *     to a person, a short Hebrew summary of the conversation so far is sent there (through whatsapp-service);
   *     blank = nobody is told
   * @param summaryTimeout how long the model may take to write the summary (OpenAI configured) before the
   *     deterministic one is sent instead (env TRANSFER_SUMMARY_TIMEOUT)
   */
  public record TransferNotify(
      @DefaultValue("") @Pattern(regexp = "|\\+[1-9][0-9]{6,14}",
          message = "voice.dialog.transfer-notify.whatsapp (TRANSFER_NOTIFY_WHATSAPP) must be E.164: + and 7-15 digits, e.g. +972501234567")
      String whatsapp,
      @DefaultValue("5s") @NotNull(message = "voice.dialog.transfer-notify.summary-timeout (TRANSFER_SUMMARY_TIMEOUT) is missing")
      Duration summaryTimeout) {

    public boolean enabled() {
      return whatsapp != null && !whatsapp.isBlank();
    }
  }

  /**
   * @param personKey a keypad turn of this key alone (with or without #) hands the call to a person (env
   *     KEYPAD_PERSON_KEY); a lone key is never a valid number, so it cannot clash with digit collection
   */
  public record Keypad(
      @DefaultValue("0") @Pattern(regexp = "[0-9*]", message = "voice.dialog.keypad.person-key (KEYPAD_PERSON_KEY) must be one key: 0-9 or *")
      String personKey) {}

  /**
   * @param apiKey OPENAI_API_KEY; never logged
   * @param baseUrl OPENAI_BASE_URL, any OpenAI-compatible server
   * @param model DIALOG_MODEL
   * @param maxRetries SDK retries (5xx, 429, connection errors); small, the first-sentence budget is short
   * @param requestTimeout the SDK's HTTP timeout, a backstop behind first-sentence-timeout
   * @param maxCompletionTokens bounds cost and length; speech is capped by characters anyway
   * @param temperature sampling temperature
   */
  public record OpenAi(
      @DefaultValue("") String apiKey,
      @DefaultValue("https://api.openai.com/v1") @NotBlank(message = "voice.dialog.openai.base-url (OPENAI_BASE_URL) is blank") String baseUrl,
      @DefaultValue("gpt-4o-mini") @NotBlank(message = "voice.dialog.openai.model (DIALOG_MODEL) is blank") String model,
      @DefaultValue("1") @Min(0) @Max(5) int maxRetries,
      @DefaultValue("30s") @NotNull Duration requestTimeout,
      @DefaultValue("300") @Min(16) int maxCompletionTokens,
      @DefaultValue("0.4") double temperature) {

    public boolean hasApiKey() {
      return apiKey != null && !apiKey.isBlank();
    }

    @Override
    public String toString() {
      return "OpenAi[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + (hasApiKey() ? "(set)" : "(none)") + "]";
    }
  }

  /**
   * @param fillerAfter a tool still running this long makes the caller hear the business file's
   *     phrases.tool-wait ("רגע, אני בודק.") once per reply (env TOOL_FILLER_AFTER)
   * @param maxRounds model requests per reply at most, tool rounds included (env TOOL_MAX_ROUNDS)
   */
  public record Tools(
      @DefaultValue("700ms") @NotNull(message = "voice.dialog.tools.filler-after (TOOL_FILLER_AFTER) is missing") Duration fillerAfter,
      @DefaultValue("3") @Min(value = 2, message = "voice.dialog.tools.max-rounds (TOOL_MAX_ROUNDS) must be >= 2")
      @Max(value = 6, message = "voice.dialog.tools.max-rounds (TOOL_MAX_ROUNDS) must be <= 6") int maxRounds) {}

  /**
   * @param enabled answer WhatsApp messages (env TEXT_CHANNEL_ENABLED)
   * @param maxChars WhatsApp's body limit
   */
  public record TextChannel(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("1600") @Min(1) @Max(1600) int maxChars) {}
}
