package com.voiceagent.gateway.media;

import com.voiceagent.gateway.twilio.PeerText;
import com.voiceagent.gateway.twilio.TwilioSid;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.socket.CloseStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Twilio Media Streams wire format, and nothing else: JSON text in, typed events out, and the three
 * messages we may send (media, mark, clear). Anything malformed is a {@link ProtocolViolation} carrying
 * the close code; knowing what to do with a well-formed event is the call session's business.
 *
 * <p>Ids (callSid, streamSid, accountSid) leave this class only in Twilio's formats ({@link TwilioSid}), so
 * whatever logs or keys them downstream never sees a line break or forged text.
 */
public final class TwilioWire {
  /** What Twilio sends per media message: 20 ms of 8 kHz mu-law. */
  public static final int TWILIO_MEDIA_BYTES = 160;
  private static final int MAX_CUSTOM_PARAMETERS = 16;

  private final ObjectMapper json = JsonMapper.builder().build();
  private final int maxMediaBytes;

  /** @param maxMediaBytes the largest decoded media payload accepted: Twilio's 160 bytes plus some slack */
  public TwilioWire(int maxMediaBytes) {
    if (maxMediaBytes < TWILIO_MEDIA_BYTES) {
      throw new IllegalArgumentException("maxMediaBytes must be at least Twilio's " + TWILIO_MEDIA_BYTES + ", was "
          + maxMediaBytes);
    }
    this.maxMediaBytes = maxMediaBytes;
  }

  public InboundEvent parse(String text) {
    JsonNode root;
    try {
      root = json.readTree(text);
    } catch (JacksonException e) {
      throw ProtocolViolation.invalidPayload("not JSON");
    }
    if (root == null || !root.isObject()) {
      throw ProtocolViolation.invalidPayload("not a JSON object");
    }
    String event = requiredString(root, "event");
    return switch (event) {
      case "connected" -> new InboundEvent.Connected();
      case "start" -> start(root);
      case "media" -> media(root);
      case "mark" -> new InboundEvent.Mark(streamSid(root), requiredString(object(root, "mark"), "name"));
      case "dtmf" -> new InboundEvent.Dtmf(streamSid(root), requiredString(object(root, "dtmf"), "digit"));
      case "stop" -> new InboundEvent.Stop(streamSid(root));
      default -> new InboundEvent.Unknown(knownFormatOrNull(optionalString(root, "streamSid")), bounded(event));
    };
  }

  private InboundEvent.Start start(JsonNode root) {
    JsonNode start = object(root, "start");
    String streamSid = id(start, "streamSid", TwilioSid.STREAM);
    String outer = optionalString(root, "streamSid");
    if (outer != null && !outer.equals(streamSid)) {
      throw ProtocolViolation.policy("start.streamSid differs from streamSid");
    }
    int sampleRate = 8000;
    JsonNode format = start.get("mediaFormat");
    if (format != null && format.isObject()) {
      String encoding = optionalString(format, "encoding");
      if (encoding != null && !encoding.equals("audio/x-mulaw")) {
        throw ProtocolViolation.invalidPayload("unsupported media encoding " + bounded(encoding));
      }
      JsonNode rate = format.get("sampleRate");
      if (rate != null && (!rate.isInt() || rate.intValue() != 8000)) {
        throw ProtocolViolation.invalidPayload("unsupported sample rate");
      }
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    JsonNode custom = start.get("customParameters");
    if (custom != null && custom.isObject()) {
      for (var entry : custom.properties()) {
        if (parameters.size() >= MAX_CUSTOM_PARAMETERS) {
          throw ProtocolViolation.invalidPayload("too many customParameters");
        }
        if (entry.getValue().isString()) {
          parameters.put(entry.getKey(), entry.getValue().stringValue());
        }
      }
    }
    String accountSid = id(start, "accountSid", TwilioSid.ACCOUNT);
    String callSid = id(start, "callSid", TwilioSid.CALL);
    return new InboundEvent.Start(streamSid, accountSid, callSid, sampleRate, Map.copyOf(parameters));
  }

  private InboundEvent.Media media(JsonNode root) {
    String streamSid = streamSid(root);
    JsonNode media = object(root, "media");
    String track = optionalString(media, "track");
    if (track != null && !track.startsWith("inbound")) {
      throw ProtocolViolation.invalidPayload("unexpected media track");
    }
    long timestamp;
    try {
      timestamp = Long.parseLong(requiredString(media, "timestamp"));
    } catch (NumberFormatException e) {
      throw ProtocolViolation.invalidPayload("media.timestamp is not a number");
    }
    if (timestamp < 0) {
      throw ProtocolViolation.invalidPayload("media.timestamp is negative");
    }
    String payload = requiredString(media, "payload");
    // Judged on the encoded length first, so an oversized payload is never decoded.
    if (payload.length() > (maxMediaBytes + 2) / 3 * 4) {
      throw tooMuchAudio();
    }
    byte[] audio;
    try {
      audio = Base64.getDecoder().decode(payload);
    } catch (IllegalArgumentException e) {
      throw ProtocolViolation.invalidPayload("media.payload is not base64");
    }
    if (audio.length > maxMediaBytes) {
      throw tooMuchAudio();
    }
    return new InboundEvent.Media(streamSid, timestamp, audio);
  }

  public String media(String streamSid, byte[] muLaw) {
    ObjectNode root = json.createObjectNode().put("event", "media").put("streamSid", streamSid);
    root.putObject("media").put("payload", Base64.getEncoder().encodeToString(muLaw));
    return json.writeValueAsString(root);
  }

  public String mark(String streamSid, String name) {
    ObjectNode root = json.createObjectNode().put("event", "mark").put("streamSid", streamSid);
    root.putObject("mark").put("name", name);
    return json.writeValueAsString(root);
  }

  public String clear(String streamSid) {
    return json.writeValueAsString(json.createObjectNode().put("event", "clear").put("streamSid", streamSid));
  }

  /** Twilio never sends more than one frame per message: a bigger payload is audio Twilio did not send. */
  private ProtocolViolation tooMuchAudio() {
    return new ProtocolViolation(CloseStatus.TOO_BIG_TO_PROCESS, "media.payload larger than " + maxMediaBytes
        + " bytes (Twilio sends " + TWILIO_MEDIA_BYTES + ")");
  }

  private static String streamSid(JsonNode root) {
    return id(root, "streamSid", TwilioSid.STREAM);
  }

  private static String id(JsonNode node, String field, TwilioSid format) {
    String value = requiredString(node, field);
    if (!format.matches(value)) {
      throw ProtocolViolation.invalidPayload(field + " is not a Twilio id");
    }
    return value;
  }

  private static String knownFormatOrNull(String streamSid) {
    return TwilioSid.STREAM.matches(streamSid) ? streamSid : null;
  }

  private static JsonNode object(JsonNode node, String field) {
    JsonNode child = node.get(field);
    if (child == null || !child.isObject()) {
      throw ProtocolViolation.invalidPayload(field + " object is missing");
    }
    return child;
  }

  private static String requiredString(JsonNode node, String field) {
    String value = optionalString(node, field);
    if (value == null) {
      throw ProtocolViolation.invalidPayload(field + " is missing or not a string");
    }
    return value;
  }

  private static String optionalString(JsonNode node, String field) {
    JsonNode child = node.get(field);
    return child != null && child.isString() ? child.stringValue() : null;
  }

  /** Peer-controlled text that reaches a log line: short, printable. */
  static String bounded(String text) {
    return PeerText.printable(text);
  }
}
