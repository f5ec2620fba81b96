package com.voiceagent.twiliokit.media;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON messages of Twilio Media Streams, in the exact shapes Twilio uses (sequence numbers, chunks and
 * timestamps as strings), and the reading of what the server sends back, with Twilio's own rules: an
 * unknown event, a missing or extra field or a wrong streamSid is what Twilio reports as error 31951.
 */
public final class MediaStreamMessages {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final StreamIds ids;
  /** The constant part of a media message between its sequenceNumber and its chunk. */
  private final String mediaMiddle;

  public MediaStreamMessages(StreamIds ids) {
    this.ids = ids;
    // Media goes out 50 times a second per call: built from constant parts, not a JSON tree per frame.
    this.mediaMiddle = "\",\"streamSid\":" + JSON.writeValueAsString(ids.streamSid())
        + ",\"media\":{\"track\":\"inbound\",\"chunk\":\"";
  }

  public StreamIds ids() {
    return ids;
  }

  public String connected() {
    return write(JSON.createObjectNode().put("event", "connected").put("protocol", "Call").put("version", "1.0.0"));
  }

  public String start(long sequenceNumber, Map<String, String> customParameters) {
    ObjectNode root = header("start", sequenceNumber);
    ObjectNode start = root.putObject("start");
    start.put("accountSid", ids.accountSid()).put("streamSid", ids.streamSid()).put("callSid", ids.callSid());
    start.putArray("tracks").add("inbound");
    start.putObject("mediaFormat").put("encoding", "audio/x-mulaw").put("sampleRate", 8000).put("channels", 1);
    ObjectNode custom = start.putObject("customParameters");
    customParameters.forEach(custom::put);
    return write(root);
  }

  /**
   * One inbound frame.
   *
   * @param chunk Twilio's counter of media messages, from 1
   * @param timestampMs milliseconds of audio since the stream started
   */
  public String media(long sequenceNumber, long chunk, long timestampMs, byte[] muLaw) {
    return "{\"event\":\"media\",\"sequenceNumber\":\"" + sequenceNumber + mediaMiddle + chunk + "\",\"timestamp\":\""
        + timestampMs + "\",\"payload\":\"" + Base64.getEncoder().encodeToString(muLaw) + "\"}}";
  }

  /** A key the caller pressed. */
  public String dtmf(long sequenceNumber, String digit) {
    ObjectNode root = header("dtmf", sequenceNumber);
    root.putObject("dtmf").put("track", "inbound_track").put("digit", digit);
    return write(root);
  }

  /** A mark echoed back once its audio has been played. */
  public String mark(long sequenceNumber, String name) {
    ObjectNode root = header("mark", sequenceNumber);
    root.putObject("mark").put("name", name);
    return write(root);
  }

  public String stop(long sequenceNumber) {
    ObjectNode root = header("stop", sequenceNumber);
    root.putObject("stop").put("accountSid", ids.accountSid()).put("callSid", ids.callSid());
    return write(root);
  }

  private ObjectNode header(String event, long sequenceNumber) {
    return JSON.createObjectNode().put("event", event)
        .put("sequenceNumber", Long.toString(sequenceNumber)).put("streamSid", ids.streamSid());
  }

  private static String write(ObjectNode node) {
    return JSON.writeValueAsString(node);
  }

  /** A message from the server, as Twilio would accept it. */
  public sealed interface ServerMessage permits Media, Mark, Clear {}

  public record Media(byte[] muLaw) implements ServerMessage {}

  public record Mark(String name) implements ServerMessage {}

  public record Clear() implements ServerMessage {}

  /** Reads a text frame as JSON (for tests that look at what the server sent); null when it is not JSON. */
  public static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Reads one text frame from the server.
   *
   * @throws ProtocolViolation for anything Twilio would reject (with its error code in the message)
   */
  public ServerMessage read(String text) {
    return read(json(text), text);
  }

  ServerMessage read(JsonNode root, String text) {
    if (root == null) {
      throw new ProtocolViolation("31951 not JSON: " + abbreviate(text));
    }
    if (!root.isObject()) {
      throw new ProtocolViolation("31951 not a JSON object: " + abbreviate(text));
    }
    String event = root.path("event").isString() ? root.path("event").stringValue() : null;
    if (event == null) {
      throw new ProtocolViolation("31951 no event: " + abbreviate(text));
    }
    String sid = root.path("streamSid").isString() ? root.path("streamSid").stringValue() : null;
    if (!ids.streamSid().equals(sid)) {
      throw new ProtocolViolation("31951 wrong or missing streamSid '" + sid + "' (expected " + ids.streamSid() + ") in "
          + event);
    }
    return switch (event) {
      case "media" -> {
        expectFields(root, event, List.of("event", "streamSid", "media"));
        JsonNode payload = root.path("media").path("payload");
        if (!payload.isString()) {
          throw new ProtocolViolation("31951 media without media.payload");
        }
        expectFields(root.path("media"), "media.media", List.of("payload"));
        try {
          yield new Media(Base64.getDecoder().decode(payload.stringValue()));
        } catch (IllegalArgumentException e) {
          throw new ProtocolViolation("31951 media.payload is not Base64");
        }
      }
      case "mark" -> {
        expectFields(root, event, List.of("event", "streamSid", "mark"));
        JsonNode name = root.path("mark").path("name");
        if (!name.isString()) {
          throw new ProtocolViolation("31951 mark without mark.name");
        }
        yield new Mark(name.stringValue());
      }
      case "clear" -> {
        expectFields(root, event, List.of("event", "streamSid"));
        yield new Clear();
      }
      default -> throw new ProtocolViolation("31951 unknown event '" + event + "'");
    };
  }

  private static void expectFields(JsonNode node, String what, List<String> allowed) {
    for (String name : node.propertyNames()) {
      if (!allowed.contains(name)) {
        throw new ProtocolViolation("31951 extra field '" + name + "' in " + what);
      }
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 120 ? text : text.substring(0, 117) + "...";
  }

  /** Something the server sent that Twilio would answer with an error. */
  public static final class ProtocolViolation extends RuntimeException {
    ProtocolViolation(String message) {
      super(message);
    }
  }
}
