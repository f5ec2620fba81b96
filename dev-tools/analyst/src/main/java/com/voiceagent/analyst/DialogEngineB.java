package com.voiceagent.analyst;

import com.voiceagent.dialog.DialogConfiguration;
import com.voiceagent.dialog.DialogProperties;
import com.voiceagent.dialog.engine.CancellationToken;
import com.voiceagent.dialog.engine.Conversation;
import com.voiceagent.dialog.engine.Message;
import com.voiceagent.dialog.openai.OpenAiDialogEngine;
import com.voiceagent.dialog.reply.ReplyKind;
import com.voiceagent.dialog.reply.ReplyOutput;
import com.voiceagent.dialog.reply.ReplyResult;
import com.voiceagent.dialog.reply.Replier;
import com.voiceagent.dialog.scripted.Business;
import com.voiceagent.dialog.speech.SpeechText;
import com.voiceagent.dialog.tools.HttpTool;
import com.voiceagent.dialog.tools.Tool;
import com.voiceagent.dialog.tools.ToolCall;
import com.voiceagent.dialog.tools.ToolRegistry;
import com.voiceagent.dialog.tools.ToolRunner;
import com.voiceagent.dialog.tools.ToolSpec;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The engine B of {@code ./voice rerun --prompt FILE | --dialog-model M}: dialog-service's own OpenAI engine behind its
 * own {@link Replier} (first-sentence budget, reply cap, speech preparation, the goodbye and transfer phrases), set up
 * from dialog-service's application.yml and the same environment (OPENAI_*, DIALOG_MODEL, SYSTEM_PROMPT_FILE,
 * BUSINESS_FILE, ...), with only the prompt file or the model changed. So reply B is what the service would have said.
 *
 * <p>The business file's tools are offered to the model as the service offers them, but never run: a rerun must not
 * book or send anything. A tool the model asks for is noted ({@link Reply#toolsAsked}) and fails, so B goes on as the
 * service does when a tool fails (the business file's tool-failed phrase).
 */
final class DialogEngineB implements AutoCloseable {
  private final Replier replier;
  private final DialogProperties settings;
  private final String name;
  /** The tools the model asked for during the current reply (one reply at a time). */
  private final List<String> toolsAsked;

  /**
   * One reply of B.
   *
   * @param firstSentenceMs from the request to B's first sentence (what dialog's engineMs records for A)
   * @param totalMs the whole reply
   * @param kind ANSWER, FALLBACK (B failed or was too slow: the caller would have heard the apology) or GOODBYE
   * @param toolsAsked business tools the model asked for (not run)
   */
  record Reply(String text, String kind, long firstSentenceMs, long totalMs, List<String> toolsAsked) {}

  private DialogEngineB(Replier replier, DialogProperties settings, String name, List<String> toolsAsked) {
    this.replier = replier;
    this.settings = settings;
    this.name = name;
    this.toolsAsked = toolsAsked;
  }

  /**
   * @param promptFile the other system prompt, or null for the service's
   * @param model the other model, or null for the service's
   */
  static DialogEngineB of(String promptFile, String model, Map<String, String> env) {
    Map<String, String> overrides = new HashMap<>();
    if (promptFile != null) {
      if (!Files.isReadable(Path.of(promptFile))) {
        throw new IllegalArgumentException("--prompt " + promptFile + ": no such file");
      }
      overrides.put("voice.dialog.system-prompt-file", promptFile);
    }
    if (model != null) {
      if (model.isBlank()) {
        throw new IllegalArgumentException("--dialog-model needs a model name");
      }
      overrides.put("voice.dialog.openai.model", model.trim());
    }
    DialogProperties settings = ServiceSettings.bind("voice.dialog", DialogProperties.class, env,
        overrides);
    DialogProperties.OpenAi openAi = settings.openai();
    if (!openAi.hasApiKey()) {
      throw new IllegalArgumentException("rerun's dialog engine B is dialog-service's OpenAI engine: it needs OPENAI_API_KEY"
          + " (for a local OpenAI-compatible server, OPENAI_BASE_URL and any non-empty key)");
    }
    Business business = Business.load(settings.businessFile());
    List<String> asked = new CopyOnWriteArrayList<>();
    List<Tool> offered = new ArrayList<>();
    // The tools' auth values are never sent (no tool runs): a rerun needs none of the service's tool secrets.
    for (Tool tool : HttpTool.fromBusiness(business, name -> "not sent by rerun", HttpClient.newHttpClient())) {
      offered.add(new NotRun(tool.spec(), asked));
    }
    ToolRunner tools = new ToolRunner(new ToolRegistry(offered), settings.tools().fillerAfter(), business.toolWaitText(),
        business.toolFailedText(), settings.tools().maxRounds());
    OpenAiDialogEngine engine = new OpenAiDialogEngine(openAi,
        DialogConfiguration.openAiPrompt(settings.systemPromptFile(), business), settings.minSentenceChars(), tools);
    Replier replier = new Replier(engine, null, business, settings.firstSentenceTimeout(), settings.replyTimeout(),
        settings.minSentenceChars());
    String name = OpenAiDialogEngine.NAME + ":" + openAi.model()
        + (promptFile == null ? "" : " prompt " + Path.of(promptFile).getFileName());
    return new DialogEngineB(replier, settings, name, asked);
  }

  /** e.g. {@code openai:gpt-4o prompt new-prompt.txt}. */
  String name() {
    return name;
  }

  /** The history as the service would have held it: its last messages only (HISTORY_MAX_MESSAGES). */
  List<Message> bounded(List<Message> history) {
    int max = settings.historyMaxMessages();
    return history.size() <= max ? history : history.subList(history.size() - max, history.size());
  }

  /** B's reply to the caller's words after {@code history}, on the voice channel, as a call would have had it. */
  Reply answer(String callSid, List<Message> history, String callerText) {
    toolsAsked.clear();
    Collected output = new Collected();
    long started = System.nanoTime();
    output.started = started;
    ReplyResult result = replier.reply(new Conversation(callSid, Conversation.Channel.VOICE, bounded(history)), callerText,
        output, new CancellationToken(), settings.replyMaxChars(), SpeechText::prepare);
    long total = (System.nanoTime() - started) / 1_000_000;
    return new Reply(result.text(), result.kind().name(), output.firstMs < 0 ? total : output.firstMs, total,
        List.copyOf(toolsAsked));
  }

  /**
   * One untimed reply first: dialog-service's engine has its HTTP connection open when calls come, and B's first
   * timed turn must not carry the connection set-up. One extra request to the model, with the first turn's words.
   */
  void warmUp(String callerText) {
    answer("rerun-warm-up", List.of(), callerText);
  }

  @Override
  public void close() {
    replier.close();
  }

  /** Notes when the first segment came; the text itself is in the Replier's result. */
  private static final class Collected implements ReplyOutput {
    private long started;
    private volatile long firstMs = -1;

    @Override
    public void segment(String text, boolean last, ReplyKind kind, boolean endCall, String engine) {
      if (firstMs < 0 && !text.isBlank()) {
        firstMs = (System.nanoTime() - started) / 1_000_000;
      }
    }
  }

  /** A business tool as the model sees it, which never runs: rerun must not act on anything. */
  private record NotRun(ToolSpec spec, List<String> asked) implements Tool {
    @Override
    public CompletableFuture<String> call(ToolCall call) {
      asked.add(spec.name());
      return CompletableFuture.failedFuture(new IllegalStateException("tools are not run by ./voice rerun"));
    }
  }
}
