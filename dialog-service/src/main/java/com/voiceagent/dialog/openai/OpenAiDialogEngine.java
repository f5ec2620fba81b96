package com.voiceagent.dialog.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.voiceagent.dialog.DialogProperties;
import com.voiceagent.dialog.engine.CancellationToken;
import com.voiceagent.dialog.engine.Conversation;
import com.voiceagent.dialog.engine.Message;
import com.voiceagent.dialog.engine.DialogEngine;
import com.voiceagent.dialog.engine.SentenceSink;
import com.voiceagent.dialog.speech.SentenceSplitter;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers with an OpenAI chat model (or any OpenAI-compatible server), streaming: each sentence goes to
 * the sink as soon as the model has written it and begun the next, so speech starts long before the
 * model finishes. Closing the SDK's stream (on cancel, or when the sink is full) drops the HTTP
 * connection, which also stops the model's billing.
 */
public final class OpenAiDialogEngine implements DialogEngine {
  public static final String NAME = "openai";
  public static final String END_CALL_TOOL = "end_call";
  private static final Logger log = LoggerFactory.getLogger(OpenAiDialogEngine.class);

  private final OpenAIClient client;
  private final DialogProperties.OpenAi settings;
  private final String systemPrompt;
  private final int minSentenceChars;
  private final ChatCompletionFunctionTool endCallTool;

  public OpenAiDialogEngine(DialogProperties.OpenAi settings, String systemPrompt, int minSentenceChars) {
    this(OpenAIOkHttpClient.builder()
        .apiKey(settings.apiKey())
        .baseUrl(settings.baseUrl())
        .maxRetries(settings.maxRetries())
        .timeout(settings.requestTimeout())
        .build(), settings, systemPrompt, minSentenceChars);
  }

  OpenAiDialogEngine(OpenAIClient client, DialogProperties.OpenAi settings, String systemPrompt, int minSentenceChars) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.systemPrompt = Objects.requireNonNull(systemPrompt, "systemPrompt");
    this.minSentenceChars = minSentenceChars;
    this.endCallTool = ChatCompletionFunctionTool.builder()
        .function(FunctionDefinition.builder()
            .name(END_CALL_TOOL)
            .description("End the phone call after saying goodbye, when the caller says goodbye or asks to end the call.")
            .parameters(FunctionParameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of(
                    "reason", Map.of("type", "string", "description", "why the call ends"))))
                .build())
            .build())
        .build();
    warmUp();
  }

  /**
   * Loads the SDK's request and chunk classes (Kotlin, Jackson modules) at startup: on a cold JVM that
   * takes seconds, which the first caller would otherwise spend out of the first-sentence budget.
   */
  private void warmUp() {
    try {
      String body = com.openai.core.ObjectMappers.jsonMapper().writeValueAsString(
          request(new Conversation("warm-up", Conversation.Channel.VOICE, java.util.List.of()), "warm-up")._body());
      ChatCompletionChunk chunk = com.openai.core.ObjectMappers.jsonMapper().readValue(
          "{\"id\":\"w\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"m\",\"choices\":[{\"index\":0,"
              + "\"delta\":{\"content\":\"x\",\"tool_calls\":[{\"index\":0,\"function\":{\"name\":\"n\"}}]},\"finish_reason\":null}]}",
          ChatCompletionChunk.class);
      chunk.choices().forEach(c -> c.delta().content());
      log.debug("openai SDK warmed up ({} request bytes)", body.length());
    } catch (Exception e) {
      log.debug("openai SDK warm-up failed (harmless): {}", e.toString());
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void reply(Conversation conversation, String userText, SentenceSink sink, CancellationToken cancel) {
    ChatCompletionCreateParams params = request(conversation, userText);
    if (cancel.isCancelled()) {
      return;
    }
    SentenceSplitter splitter = new SentenceSplitter(minSentenceChars, true);
    boolean endCall = false;
    boolean stopped = false;
    try (StreamResponse<ChatCompletionChunk> response = client.chat().completions().createStreaming(params);
        Stream<ChatCompletionChunk> chunks = response.stream()) {
      Thread engineThread = Thread.currentThread();
      // Only this thread touches the stream (OkHttp's sources are not thread-safe): a cancel interrupts
      // it, and a virtual thread interrupted in (or before) a socket read has that socket closed at once,
      // which is what tells the server to stop generating. The loop then leaves and closes the response.
      cancel.onCancel(engineThread::interrupt);
      Iterator<ChatCompletionChunk> it = chunks.iterator();
      while (!stopped && !cancel.isCancelled() && it.hasNext()) {
        for (ChatCompletionChunk.Choice choice : it.next().choices()) {
          ChatCompletionChunk.Choice.Delta delta = choice.delta();
          if (delta.toolCalls().isPresent()) {
            for (var call : delta.toolCalls().get()) {
              if (call.function().flatMap(f -> f.name()).filter(END_CALL_TOOL::equals).isPresent()) {
                endCall = true;
              }
            }
          }
          String content = delta.content().orElse("");
          for (String sentence : content.isEmpty() ? java.util.List.<String>of() : splitter.feed(content)) {
            if (!sink.sentence(sentence, false)) {
              stopped = true; // enough said (cap, cancel): closing the stream stops the model
              break;
            }
          }
        }
      }
    } catch (RuntimeException e) {
      if (cancel.isCancelled()) {
        log.debug("stream closed after cancel ({}): {}", cancel.reason(), e.toString());
        return;
      }
      throw e;
    }
    if (stopped || cancel.isCancelled()) {
      return;
    }
    if (endCall) {
      sink.endCall("model called " + END_CALL_TOOL);
    }
    String rest = splitter.flush();
    if (!rest.isEmpty()) {
      sink.sentence(rest, true);
    }
  }

  ChatCompletionCreateParams request(Conversation conversation, String userText) {
    ChatCompletionCreateParams.Builder builder = ChatCompletionCreateParams.builder()
        .model(settings.model())
        .maxCompletionTokens(settings.maxCompletionTokens())
        .temperature(settings.temperature())
        .addSystemMessage(systemPrompt + channelHint(conversation.channel()));
    for (Message message : conversation.history()) {
      String text = message.text();
      if (text.isBlank()) {
        continue;
      }
      if (message.role() == Message.Role.CALLER) {
        builder.addUserMessage(text);
      } else {
        // The caller cut the agent off here: the model must know it was not heard to the end.
        builder.addAssistantMessage(message.interrupted() ? text + " …(הלקוח קטע אותי כאן)" : text);
      }
    }
    builder.addUserMessage(userText);
    if (conversation.channel() == Conversation.Channel.VOICE) {
      builder.addTool(endCallTool);
    }
    return builder.build();
  }

  private static String channelHint(Conversation.Channel channel) {
    return channel == Conversation.Channel.VOICE
        ? "\nהשיחה היא שיחת טלפון: התשובה תוקרא בקול."
        : "\nהשיחה היא בוואטסאפ: אפשר לענות בהודעה קצרה בכתב, בלי עיצוב.";
  }
}
