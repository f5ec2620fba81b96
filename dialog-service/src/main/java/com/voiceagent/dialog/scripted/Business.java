package com.voiceagent.dialog.scripted;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;

/**
 * The business the agent speaks for, read from the business file (YAML or JSON). One file gives the
 * scripted engine its answers, the LLM its facts, and every engine the fixed phrases, so the caller hears
 * the same facts whichever engine answers.
 */
public record Business(String name, String greeting, String hours, String address, String phone,
    List<String> services, String prices, Phrases phrases, List<Intent> intents, List<ToolDeclaration> tools) {
  static final String DEFAULT_TOOL_WAIT = "רגע, אני בודק.";
  static final String DEFAULT_TOOL_FAILED = "סליחה, לא הצלחתי לבדוק את זה כרגע. אפשר לנסות שוב עוד מעט, או לשאול אותי משהו אחר.";

  /**
   * The fixed phrases. The tool, keypad and transfer ones are optional (a business file from before them still
   * loads): missing, the built-in Hebrew ones are said.
   *
   * @param toolWait said once while a tool runs longer than voice.dialog.tools.filler-after
   * @param toolFailed said when a tool fails or runs out of time; the call goes on
   * @param idAsk asks for an Israeli ID; the caller's next turn is read as that number
   * @param idInvalid the number is not a valid ID: asks again (the next turn is read as the number too)
   * @param idConfirmed reads the ID back; {@code {id}} is replaced by its digits (tts-service reads an ID that follows
   *     the words תעודת זהות digit by digit)
   * @param transfer said before the call goes to a person
   */
  public record Phrases(String repeat, @JsonProperty("repeat-text") String repeatText, String goodbye,
      String generic, String apology, @JsonProperty("tool-wait") String toolWait,
      @JsonProperty("tool-failed") String toolFailed, @JsonProperty("id-ask") String idAsk,
      @JsonProperty("id-invalid") String idInvalid, @JsonProperty("id-confirmed") String idConfirmed, String transfer) {

    public Phrases(String repeat, String repeatText, String goodbye, String generic, String apology) {
      this(repeat, repeatText, goodbye, generic, apology, null, null, null, null, null, null);
    }
  }

  static final String DEFAULT_ID_ASK = "אנא הקישו את תשע הספרות של תעודת הזהות, ובסיום סולמית.";
  static final String DEFAULT_ID_INVALID = "המספר שהתקבל אינו מספר תעודת זהות תקין. אנא הקישו שוב את תשע הספרות, ובסיום סולמית.";
  static final String DEFAULT_ID_CONFIRMED = "תודה, קיבלתי את תעודת זהות {id}.";
  static final String DEFAULT_TRANSFER = "אני מעבירה אתכם לנציג, רק רגע.";

  /**
   * A keyword intent of the scripted engine.
   *
   * @param tool a tool (business file or built-in) this intent calls; its result is spoken through
   *     {@code reply}'s {@code {result}} / {@code {result.field}} placeholders
   * @param arguments the tool's arguments: fixed strings, or templates with {@code {said}} (the caller's words)
   *     and {@code {said.day}} (a day named in them)
   * @param ask said instead of calling the tool when an argument came out empty (the caller named no day)
   * @param action what the intent does instead of saying {@code reply}: {@value #COLLECT_ID} asks for an ID (the
   *     id-ask phrase), {@value #TRANSFER} hands the call to a person (the transfer phrase first); null = say reply
   */
  public record Intent(String name, List<String> keywords, String reply, String tool, Map<String, String> arguments,
      String ask, String action) {
    public static final String COLLECT_ID = "collect-id";
    public static final String TRANSFER = "transfer";

    public Intent(String name, List<String> keywords, String reply) {
      this(name, keywords, reply, null, null, null, null);
    }

    public Map<String, String> argumentsOrEmpty() {
      return arguments == null ? Map.of() : arguments;
    }
  }

  /**
   * A business tool as the business file declares it (see {@link ToolDeclarations} for the rules).
   *
   * @param parameters the arguments' JSON schema, given to the LLM as written
   * @param url where the tool is called (POST, the arguments as JSON body); https, or http on loopback
   * @param timeout e.g. "3s" or "800ms"; default 5s
   * @param auth an optional header whose value comes from an environment variable
   */
  public record ToolDeclaration(String name, String description, Map<String, Object> parameters, String url,
      String timeout, Auth auth) {}

  /** @param env the environment variable holding the header's value (the secret never sits in the file) */
  public record Auth(String header, String env) {}

  /** Loads and checks a business file; {@code location} is "classpath:..." or a file path. */
  public static Business load(String location) {
    String url = location.startsWith("classpath:") || location.startsWith("file:") ? location : "file:" + location;
    Resource resource = new DefaultResourceLoader().getResource(url);
    if (!resource.exists()) {
      throw new IllegalStateException("business file " + location + " (voice.dialog.business-file / BUSINESS_FILE) does not exist");
    }
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    try (InputStream in = resource.getInputStream()) {
      return yaml.readValue(in, Business.class).checked(location);
    } catch (IOException e) {
      throw new IllegalStateException("business file " + location + " is not valid YAML/JSON: " + e.getMessage(), e);
    }
  }

  Business checked(String location) {
    List<String> missing = new ArrayList<>();
    require(missing, "name", name);
    require(missing, "greeting", greeting);
    if (phrases == null) {
      missing.add("phrases");
    } else {
      require(missing, "phrases.repeat", phrases.repeat());
      require(missing, "phrases.goodbye", phrases.goodbye());
      require(missing, "phrases.generic", phrases.generic());
      require(missing, "phrases.apology", phrases.apology());
    }
    for (Intent intent : intents == null ? List.<Intent>of() : intents) {
      boolean hasAction = intent.action() != null && !intent.action().isBlank();
      if (intent.keywords() == null || intent.keywords().isEmpty() || !hasAction && (intent.reply() == null || intent.reply().isBlank())) {
        missing.add("intents[" + intent.name() + "].keywords/reply");
      }
      if (hasAction && !intent.action().equals(Intent.COLLECT_ID) && !intent.action().equals(Intent.TRANSFER)) {
        missing.add("intents[" + intent.name() + "].action (" + Intent.COLLECT_ID + " or " + Intent.TRANSFER + ")");
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("business file " + location + " is missing: " + String.join(", ", missing));
    }
    List<String> toolErrors = ToolDeclarations.errors(toolsOrEmpty());
    if (!toolErrors.isEmpty()) {
      throw new IllegalStateException("business file " + location + " has invalid tools: " + String.join("; ", toolErrors));
    }
    return this;
  }

  public List<ToolDeclaration> toolsOrEmpty() {
    return tools == null ? List.of() : tools;
  }

  public String toolWaitText() {
    return render(phrases.toolWait() == null || phrases.toolWait().isBlank() ? DEFAULT_TOOL_WAIT : phrases.toolWait());
  }

  public String toolFailedText() {
    return render(phrases.toolFailed() == null || phrases.toolFailed().isBlank() ? DEFAULT_TOOL_FAILED : phrases.toolFailed());
  }

  private static void require(List<String> missing, String field, String value) {
    if (value == null || value.isBlank()) {
      missing.add(field);
    }
  }

  public List<Intent> intentsOrEmpty() {
    return intents == null ? List.of() : intents;
  }

  /** Replaces {name}, {hours}, ... with the business facts. */
  public String render(String template) {
    return template
        .replace("{name}", name)
        .replace("{hours}", orEmpty(hours))
        .replace("{address}", orEmpty(address))
        .replace("{phone}", orEmpty(phone))
        .replace("{services}", services == null ? "" : String.join(", ", services))
        .replace("{prices}", orEmpty(prices));
  }

  public String greetingText() {
    return render(greeting);
  }

  /**
   * How the agent opens a call we placed, in Hebrew, from its context: who calls, then why ("שלום, כאן מרפאת השיניים
   * של ד"ר כהן. תזכורת לתור שלך מחר ב-9:30."). The context is the business's own sentence, spoken as given.
   */
  public String outboundOpeningText(String context) {
    String why = context.strip();
    if (!why.isEmpty() && ".!?".indexOf(why.charAt(why.length() - 1)) < 0) {
      why = why + ".";
    }
    return "שלום, כאן " + name + ". " + why;
  }

  public String goodbyeText() {
    return render(phrases.goodbye());
  }

  public String repeatText(boolean textChannel) {
    String chosen = textChannel && phrases.repeatText() != null && !phrases.repeatText().isBlank() ? phrases.repeatText() : phrases.repeat();
    return render(chosen);
  }

  public String apologyText() {
    return render(phrases.apology());
  }

  public String idAskText() {
    return render(orDefault(phrases.idAsk(), DEFAULT_ID_ASK));
  }

  public String idInvalidText() {
    return render(orDefault(phrases.idInvalid(), DEFAULT_ID_INVALID));
  }

  /** The ID read back: {@code id} is nine digits. */
  public String idConfirmedText(String id) {
    return render(orDefault(phrases.idConfirmed(), DEFAULT_ID_CONFIRMED)).replace("{id}", id);
  }

  public String transferText() {
    return render(orDefault(phrases.transfer(), DEFAULT_TRANSFER));
  }

  private static String orDefault(String phrase, String builtIn) {
    return phrase == null || phrase.isBlank() ? builtIn : phrase;
  }

  /** The facts as the LLM's system prompt gets them. */
  public String factsForPrompt() {
    StringBuilder facts = new StringBuilder("שם העסק: ").append(name).append('\n');
    append(facts, "שעות פתיחה", hours);
    append(facts, "כתובת", address);
    append(facts, "טלפון", phone);
    append(facts, "שירותים", services == null ? null : String.join(", ", services));
    append(facts, "מחירים", prices);
    return facts.toString();
  }

  private static void append(StringBuilder facts, String label, String value) {
    if (value != null && !value.isBlank()) {
      facts.append(label).append(": ").append(value).append('\n');
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
