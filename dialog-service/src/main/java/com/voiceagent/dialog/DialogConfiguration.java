package com.voiceagent.dialog;

import com.voiceagent.dialog.engine.DialogEngine;
import com.voiceagent.dialog.history.ConversationHistory;
import com.voiceagent.dialog.openai.OpenAiDialogEngine;
import com.voiceagent.dialog.reply.Replier;
import com.voiceagent.dialog.scripted.Business;
import com.voiceagent.dialog.scripted.ScriptedDialogEngine;
import com.voiceagent.dialog.speech.HangupWords;
import com.voiceagent.dialog.text.TextChannel;
import com.voiceagent.dialog.tools.HttpTool;
import com.voiceagent.dialog.tools.Tool;
import com.voiceagent.dialog.tools.ToolRegistry;
import com.voiceagent.dialog.tools.ToolRunner;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import com.voiceagent.dialog.voice.VoiceTurns;
import com.voiceagent.platform.control.TurnCancellations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wires the engines, the reply logic and the channels from {@link DialogProperties} (Kafka: the kafka package). */
@Configuration(proxyBeanMethods = false)
public class DialogConfiguration {
  private static final Logger log = LoggerFactory.getLogger(DialogConfiguration.class);
  static final String DEFAULT_PROMPT = "prompts/system-prompt.txt";

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  Business business(DialogProperties properties) {
    Business business = Business.load(properties.businessFile());
    log.info("business '{}' from {}", business.name(), properties.businessFile());
    return business;
  }

  @Bean
  HangupWords hangupWords(DialogProperties properties) {
    return new HangupWords(properties.hangupKeywords());
  }

  /**
   * The business file's HTTP tools and every {@link Tool} bean: a built-in tool (a call transfer) is
   * registered by declaring it as a bean.
   */
  @Bean
  ToolRegistry toolRegistry(Business business, ObjectProvider<Tool> builtIns, Environment environment) {
    // The auth values are read through Spring's environment: the process environment in production.
    List<Tool> tools = new ArrayList<>(HttpTool.fromBusiness(business, environment::getProperty,
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()));
    builtIns.orderedStream().forEach(tools::add);
    ToolRegistry registry = new ToolRegistry(tools);
    if (!registry.isEmpty()) {
      log.info("tools: {}", registry.all());
    }
    return registry;
  }

  @Bean
  ToolRunner toolRunner(ToolRegistry registry, Business business, DialogProperties properties) {
    return new ToolRunner(registry, properties.tools().fillerAfter(), business.toolWaitText(), business.toolFailedText(),
        properties.tools().maxRounds());
  }

  @Bean
  ScriptedDialogEngine scriptedDialogEngine(Business business, HangupWords hangupWords, ToolRunner tools) {
    return new ScriptedDialogEngine(business, hangupWords, tools);
  }

  @Bean(destroyMethod = "close")
  Replier replier(DialogProperties properties, Business business, ScriptedDialogEngine scripted, ToolRunner tools) {
    EngineChoice choice = EngineChoice.of(properties);
    DialogEngine primary = scripted;
    DialogEngine fallback = null;
    if (choice.engine().equals(OpenAiDialogEngine.NAME)) {
      primary = new OpenAiDialogEngine(properties.openai(), openAiPrompt(properties.systemPromptFile(), business),
          properties.minSentenceChars(), tools);
      fallback = scripted;
      log.info("dialog engine: openai, model {} at {} ({}); fallback: scripted; first-sentence budget {}",
          properties.openai().model(), properties.openai().baseUrl(), choice.why(), properties.firstSentenceTimeout());
    } else {
      log.info("dialog engine: scripted ({})", choice.why());
    }
    return new Replier(primary, fallback, business, properties.firstSentenceTimeout(), properties.replyTimeout(),
        properties.minSentenceChars());
  }

  @Bean
  VoiceTurns voiceTurns(Replier replier, ConversationHistory history, Business business, DialogProperties properties,
      TurnCancellations cancellations) {
    return new VoiceTurns(replier, history, business, properties, cancellations);
  }

  @Bean
  @ConditionalOnProperty(name = "voice.dialog.text-channel.enabled", havingValue = "true", matchIfMissing = true)
  TextChannel textChannel(Replier replier, ConversationHistory history, Business business, DialogProperties properties) {
    return new TextChannel(replier, history, business, properties.textChannel().maxChars());
  }

  /**
   * The OpenAI engine's system prompt: the prompt file (blank: the built-in prompt) and the business's facts. Public
   * so that ./voice rerun --prompt (dev-tools/analyst) builds engine B's prompt exactly as the service does.
   */
  public static String openAiPrompt(String systemPromptFile, Business business) {
    return systemPrompt(systemPromptFile) + "\n\nפרטי העסק:\n" + business.factsForPrompt();
  }

  static String systemPrompt(String file) {
    if (file == null || file.isBlank()) {
      try (InputStream in = DialogConfiguration.class.getClassLoader().getResourceAsStream(DEFAULT_PROMPT)) {
        if (in == null) {
          throw new IllegalStateException("built-in system prompt " + DEFAULT_PROMPT + " is missing from the jar");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new IllegalStateException("cannot read the built-in system prompt", e);
      }
    }
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalStateException("voice.dialog.system-prompt-file (SYSTEM_PROMPT_FILE) " + file + " cannot be read: " + e.getMessage(), e);
    }
  }
}
