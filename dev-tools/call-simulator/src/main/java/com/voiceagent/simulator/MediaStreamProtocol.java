package com.voiceagent.simulator;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON messages of Twilio Media Streams, in the exact shapes Twilio uses (sequence numbers, chunks and
 * timestamps as strings), and the reading of what the server sends back, with Twilio's own rules: an
 * unknown event, a missing field or a wrong streamSid is what Twilio reports as error 31951.
 */
final class MediaStreamProtocol {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String streamSid;
  private final String callSid;
  private final String accountSid;

  MediaStreamProtocol(String streamSid, String callSid, String accountSid) {
    this.streamSid = Objects.requireNonNull(streamSid, "streamSid");
    this.callSid = Objects.requireNonNull(callSid, "callSid");
    this.accountSid = Objects.requireNonNull(accountSid, "accountSid");
  }

  String connected() {
    return write(JSON.createObjectNode().put("event", "connected").put("protocol", "Call").put("version", "1.0.0"));
  }

  String start(long sequenceNumber, Map<String, String> customParameters) {
    ObjectNode root = header("start", sequenceNumber);
    ObjectNode start = root.putObject("start");
    start.put("accountSid", accountSid).put("streamSid", streamSid).put("callSid", callSid);
    start.putArray("tracks").add("inbound");
    start.putObject("mediaFormat").put("encoding", "audio/x-mulaw").put("sampleRate", CallerAudio.SAMPLE_RATE).put("channels", 1);
    ObjectNode custom = start.putObject("customParameters");
    customParameters.forEach(custom::put);
    return write(root);
  }

  String media(long sequenceNumber, CallerAudio.MediaFrame frame) {
    ObjectNode root = header("media", sequenceNumber);
    root.putObject("media")
        .put("track", "inbound")
        .put("chunk", Integer.toString(frame.chunk()))
        .put("timestamp", Long.toString(frame.timestampMs()))
        .put("payload", Base64.getEncoder().encodeToString(frame.payload()));
    return write(root);
  }

  /** A mark echoed back once its audio has been played. */
  String mark(long sequenceNumber, String name) {
    ObjectNode root = header("mark", sequenceNumber);
    root.putObject("mark").put("name", name);
    return write(root);
  }

  String stop(long sequenceNumber) {
    ObjectNode root = header("stop", sequenceNumber);
    root.putObject("stop").put("accountSid", accountSid).put("callSid", callSid);
    return write(root);
  }

  private ObjectNode header(String event, long sequenceNumber) {
    return JSON.createObjectNode().put("event", event)
        .put("sequenceNumber", Long.toString(sequenceNumber)).put("streamSid", streamSid);
  }

  private static String write(ObjectNode node) {
    return JSON.writeValueAsString(node);
  }

  /** A message from the server (the gateway), as Twilio would accept it. */
  sealed interface ServerMessage permits Media, Mark, Clear {}

  record Media(byte[] muLaw) implements ServerMessage {}

  record Mark(String name) implements ServerMessage {}

  record Clear() implements ServerMessage {}

  /**
   * Reads one text frame from the server.
   *
   * @throws ProtocolViolation for anything Twilio would reject (with its error code in the message)
   */
  ServerMessage read(String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (RuntimeException e) {
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
    if (!streamSid.equals(sid)) {
      throw new ProtocolViolation("31951 wrong or missing streamSid '" + sid + "' (expected " + streamSid + ") in " + event);
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

  /** Something the gateway sent that Twilio would answer with an error. */
  static final class ProtocolViolation extends RuntimeException {
    ProtocolViolation(String message) {
      super(message);
    }
  }
}
