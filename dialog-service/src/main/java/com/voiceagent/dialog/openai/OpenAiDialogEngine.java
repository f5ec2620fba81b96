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
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.helpers.ChatCompletionAccumulator;
import com.voiceagent.dialog.tools.ToolOutcome;
import com.voiceagent.dialog.tools.ToolRunner;
import com.voiceagent.dialog.tools.ToolSpec;
import java.util.ArrayList;
import java.util.List;
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
 *
 * <p>Tools: the streamed {@code tool_calls} deltas are joined by the SDK's {@link ChatCompletionAccumulator};
 * when the model asks for a business tool, the tool runs (through {@link ToolRunner}: timeout, filler),
 * its result goes back as a {@code tool} message and the model's answer is streamed like any other, for
 * at most {@code voice.dialog.tools.max-rounds} requests per reply. A failing tool gets the business
 * file's polite tool-failed phrase instead of silence.
 */
public final class OpenAiDialogEngine implements DialogEngine {
  public static final String NAME = "openai";
  public static final String END_CALL_TOOL = "end_call";
  /** Hands the call to a person (TRANSFER_NUMBER): the reply is followed by the transfer phrase, then the gateway dials. */
  public static final String TRANSFER_CALL_TOOL = "transfer_call";
  private static final Logger log = LoggerFactory.getLogger(OpenAiDialogEngine.class);

  private final OpenAIClient client;
  private final DialogProperties.OpenAi settings;
  private final String systemPrompt;
  private final int minSentenceChars;
  private final ChatCompletionFunctionTool endCallTool;
  private final ChatCompletionFunctionTool transferCallTool;
  private final ToolRunner tools;
  private final List<ToolSpec> toolSpecs;
  /** The same tools as the model sees them, index for index. */
  private final List<ChatCompletionFunctionTool> businessTools;

  /**
   * @param tools the business file's and the built-in tools, offered to the model on every request
   */
  public OpenAiDialogEngine(DialogProperties.OpenAi settings, String systemPrompt, int minSentenceChars, ToolRunner tools) {
    this(OpenAIOkHttpClient.builder()
        .apiKey(settings.apiKey())
        .baseUrl(settings.baseUrl())
        .maxRetries(settings.maxRetries())
        .timeout(settings.requestTimeout())
        .build(), settings, systemPrompt, minSentenceChars, tools);
  }

  OpenAiDialogEngine(OpenAIClient client, DialogProperties.OpenAi settings, String systemPrompt, int minSentenceChars,
      ToolRunner tools) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.systemPrompt = Objects.requireNonNull(systemPrompt, "systemPrompt");
    this.minSentenceChars = minSentenceChars;
    this.tools = Objects.requireNonNull(tools, "tools");
    this.toolSpecs = tools.specs();
    this.businessTools = toolSpecs.stream().map(OpenAiDialogEngine::functionTool).toList();
    this.endCallTool = callControlTool(END_CALL_TOOL,
        "End the phone call after saying goodbye, when the caller says goodbye or asks to end the call.",
        "why the call ends");
    this.transferCallTool = callControlTool(TRANSFER_CALL_TOOL,
        "Hand the phone call to a human representative, when the caller asks for a person or when"
            + " you cannot help. Say a short sentence first; the transfer phrase follows.",
        "why the caller needs a person");
    warmUp();
  }

  /** A tool that controls the call itself (offered on calls only), with one optional argument: the reason. */
  private static ChatCompletionFunctionTool callControlTool(String name, String description, String reason) {
    return ChatCompletionFunctionTool.builder()
        .function(FunctionDefinition.builder()
            .name(name)
            .description(description)
            .parameters(FunctionParameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of(
                    "reason", Map.of("type", "string", "description", reason))))
                .build())
            .build())
        .build();
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
    Thread engineThread = Thread.currentThread();
    // Only this thread touches the stream (OkHttp's sources are not thread-safe): a cancel interrupts
    // it, and a virtual thread interrupted in (or before) a socket read has that socket closed at once,
    // which is what tells the server to stop generating. The loop then leaves and closes the response.
    cancel.onCancel(engineThread::interrupt);
    SentenceSplitter splitter = new SentenceSplitter(minSentenceChars, true);
    ToolRunner.Session toolSession = tools.session(conversation, sink, cancel);
    for (int round = 0; ; round++) {
      Round streamed;
      try {
        streamed = stream(params, splitter, sink, cancel);
      } catch (RuntimeException e) {
        if (round == 0) {
          throw e; // nothing done yet: the Replier's fallback answers
        }
        // A tool already ran (perhaps booked something): the fallback must not run the intent again.
        log.warn("model failed after a tool call: the caller hears the tool-failed phrase: {}", e.toString());
        sink.sentence(tools.failedText(), true);
        return;
      }
      if (streamed == null) {
        return; // stopped (cap, cancel)
      }
      List<ChatCompletionMessageFunctionToolCall> calls = streamed.businessCalls();
      if (streamed.endCall() || streamed.transfer() || calls.isEmpty()) {
        // Decision: a transfer wins over an end of call asked in the same round (the caller wanted a person).
        if (streamed.transfer()) {
          sink.transfer("model called " + TRANSFER_CALL_TOOL);
        } else if (streamed.endCall()) {
          sink.endCall("model called " + END_CALL_TOOL);
        }
        String rest = splitter.flush();
        if (!rest.isEmpty()) {
          sink.sentence(rest, true);
        }
        return;
      }
      // The model wants a tool: what it said so far is spoken now, then the tool runs (with the filler if
      // it is slow), then the model answers from the result in a new streamed request.
      String before = splitter.flush();
      if (!before.isEmpty() && !sink.sentence(before, false)) {
        return;
      }
      if (round + 1 >= tools.maxRounds()) {
        log.warn("model still asks for tools after {} round(s): the caller hears the tool-failed phrase", round + 1);
        sink.sentence(tools.failedText(), true);
        return;
      }
      ChatCompletionCreateParams.Builder next = params.toBuilder().addMessage(streamed.message());
      for (ChatCompletionMessageFunctionToolCall call : calls) {
        switch (toolSession.call(call.function().name(), call.function().arguments())) {
          case ToolOutcome.Done done -> next.addMessage(ChatCompletionToolMessageParam.builder()
              .toolCallId(call.id()).content(done.result()).build());
          case ToolOutcome.Failed failed -> {
            // A polite fixed sentence at once, rather than another model round that may fail the same way.
            sink.sentence(tools.failedText(), true);
            return;
          }
          case ToolOutcome.Cancelled cancelled -> {
            return;
          }
        }
      }
      if (cancel.isCancelled()) {
        return;
      }
      params = next.build();
    }
  }

  /** One streamed model response: the assistant message it accumulated, or null when the stream was stopped. */
  private record Round(ChatCompletionMessage message, boolean endCall, boolean transfer,
      List<ChatCompletionMessageFunctionToolCall> businessCalls) {}

  private Round stream(ChatCompletionCreateParams params, SentenceSplitter splitter, SentenceSink sink, CancellationToken cancel) {
    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
    boolean stopped = false;
    try (StreamResponse<ChatCompletionChunk> response = client.chat().completions().createStreaming(params);
        Stream<ChatCompletionChunk> chunks = response.stream()) {
      Iterator<ChatCompletionChunk> it = chunks.iterator();
      while (!stopped && !cancel.isCancelled() && it.hasNext()) {
        ChatCompletionChunk chunk = it.next();
        accumulator.accumulate(chunk);
        for (ChatCompletionChunk.Choice choice : chunk.choices()) {
          String content = choice.delta().content().orElse("");
          for (String sentence : content.isEmpty() ? List.<String>of() : splitter.feed(content)) {
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
        return null;
      }
      throw e;
    }
    if (stopped || cancel.isCancelled()) {
      return null;
    }
    ChatCompletionMessage message = accumulator.chatCompletion().choices().get(0).message();
    boolean endCall = false;
    boolean transfer = false;
    List<ChatCompletionMessageFunctionToolCall> calls = new ArrayList<>();
    for (ChatCompletionMessageToolCall call : message.toolCalls().orElse(List.of())) {
      if (!call.isFunction()) {
        continue;
      }
      if (END_CALL_TOOL.equals(call.asFunction().function().name())) {
        endCall = true;
      } else if (TRANSFER_CALL_TOOL.equals(call.asFunction().function().name())) {
        transfer = true;
      } else {
        calls.add(call.asFunction());
      }
    }
    return new Round(message, endCall, transfer, calls);
  }

  ChatCompletionCreateParams request(Conversation conversation, String userText) {
    ChatCompletionCreateParams.Builder builder = ChatCompletionCreateParams.builder()
        .model(settings.model())
        .maxCompletionTokens(settings.maxCompletionTokens())
        .temperature(settings.temperature())
        .addSystemMessage(systemPrompt + channelHint(conversation.channel()) + outboundHint(conversation));
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
      builder.addTool(transferCallTool);
    }
    for (int i = 0; i < toolSpecs.size(); i++) {
      if (toolSpecs.get(i).offeredIn(conversation.channel())) {
        builder.addTool(businessTools.get(i));
      }
    }
    return builder.build();
  }

  /** A tool as the model sees it: its JSON schema goes to the model as declared. */
  static ChatCompletionFunctionTool functionTool(ToolSpec spec) {
    FunctionParameters.Builder parameters = FunctionParameters.builder();
    spec.parameters().forEach((key, value) -> parameters.putAdditionalProperty(key, JsonValue.from(value)));
    return ChatCompletionFunctionTool.builder()
        .function(FunctionDefinition.builder()
            .name(spec.name())
            .description(spec.description())
            .parameters(parameters.build())
            .build())
        .build();
  }

  /** A call we placed: the model knows why, and opens the call itself when the customer has just picked up. */
  private static String outboundHint(Conversation conversation) {
    if (conversation.outboundContext() == null) {
      return "";
    }
    return "\nזו שיחה יוצאת: אנחנו התקשרנו ללקוח. סיבת השיחה: " + conversation.outboundContext()
        + "\nכשהלקוח עונה לשיחה (" + Conversation.CALL_ANSWERED + ") פתח/י את השיחה בעצמך: ברכה קצרה, מי מדבר/ת"
        + " וסיבת השיחה, במשפט או שניים.";
  }

  private static String channelHint(Conversation.Channel channel) {
    return channel == Conversation.Channel.VOICE
        ? "\nהשיחה היא שיחת טלפון: התשובה תוקרא בקול."
        : "\nהשיחה היא בוואטסאפ: אפשר לענות בהודעה קצרה בכתב, בלי עיצוב.";
  }
}
