package com.voiceagent.gateway.media;

import com.voiceagent.gateway.twilio.PeerText;
import com.voiceagent.gateway.twilio.TwilioSid;
import java.io.OutputStream;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.socket.CloseStatus;
import tools.jackson.core.Base64Variant;
import tools.jackson.core.Base64Variants;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

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
  /** Twilio's base64: the standard alphabet; padding accepted, not required (as java.util.Base64 reads it). */
  private static final Base64Variant BASE64 = Base64Variants.MIME_NO_LINEFEEDS.withPaddingAllowed();

  private final ObjectMapper json = JsonMapper.builder().build();
  /** Reads one value of a message as a tree; the message goes on after it, so what follows is no error. */
  private final ObjectReader trees = json.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private final int maxMediaBytes;

  /** @param maxMediaBytes the largest decoded media payload accepted: Twilio's 160 bytes plus some slack */
  public TwilioWire(int maxMediaBytes) {
    if (maxMediaBytes < TWILIO_MEDIA_BYTES) {
      throw new IllegalArgumentException("maxMediaBytes must be at least Twilio's " + TWILIO_MEDIA_BYTES + ", was "
          + maxMediaBytes);
    }
    this.maxMediaBytes = maxMediaBytes;
  }

  /**
   * One message as Twilio sends it. Read as a stream of tokens, not a tree: a media message is 50 per second
   * per call, and its audio is decoded straight from the text (no tree, no payload string). The objects of
   * the rare events (start, mark, dtmf) are read as trees. Fields may come in any order; a repeated field
   * counts once, the last time, as in a tree.
   */
  public InboundEvent parse(String text) {
    Fields fields = new Fields();
    // A bare token parser: the mapper's deserialization context costs more than the rest of a media message, and
    // only the rare objects read as trees need it.
    try (JsonParser parser = json.tokenStreamFactory().createParser(ObjectReadContext.empty(), text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw ProtocolViolation.invalidPayload("not a JSON object");
      }
      String name;
      while ((name = parser.nextName()) != null) {
        JsonToken value = parser.nextToken();
        switch (name) {
          case "event" -> fields.event = stringOrNull(parser, value);
          case "streamSid" -> fields.streamSid = stringOrNull(parser, value);
          case "media" -> fields.media = value == JsonToken.START_OBJECT ? readMedia(parser) : skipped(parser, null);
          case "start", "mark", "dtmf" -> fields.objects.put(name, trees.readTree(parser));
          default -> parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw ProtocolViolation.invalidPayload("not JSON");
      }
    } catch (JacksonException e) {
      throw ProtocolViolation.invalidPayload("not JSON");
    }
    if (fields.event == null) {
      throw ProtocolViolation.invalidPayload("event is missing or not a string");
    }
    return switch (fields.event) {
      case "connected" -> new InboundEvent.Connected();
      case "start" -> start(object(fields, "start"), fields.streamSid);
      case "media" -> media(fields);
      case "mark" -> new InboundEvent.Mark(streamSid(fields), requiredString(object(fields, "mark"), "name"));
      case "dtmf" -> new InboundEvent.Dtmf(streamSid(fields), requiredString(object(fields, "dtmf"), "digit"));
      case "stop" -> new InboundEvent.Stop(streamSid(fields));
      default -> new InboundEvent.Unknown(knownFormatOrNull(fields.streamSid), bounded(fields.event));
    };
  }

  /** What one message said, as read; judged once the whole message has been read. */
  private static final class Fields {
    String event;
    String streamSid;
    MediaFields media;
    final Map<String, JsonNode> objects = new HashMap<>(4);
  }

  /**
   * The {@code media} object. Its payload is decoded while it is read, so a payload that cannot be (too large,
   * not base64) is kept as the violation to raise if the message turns out to be a media message. Neither
   * audio nor a problem: there was no payload.
   */
  private record MediaFields(String track, String timestamp, byte[] audio, ProtocolViolation payloadProblem) {}

  private MediaFields readMedia(JsonParser parser) {
    String track = null;
    String timestamp = null;
    byte[] audio = null;
    ProtocolViolation problem = null;
    String name;
    while ((name = parser.nextName()) != null) {
      JsonToken value = parser.nextToken();
      switch (name) {
        case "track" -> track = stringOrNull(parser, value);
        case "timestamp" -> timestamp = stringOrNull(parser, value);
        case "payload" -> {
          audio = null;
          problem = null;
          if (value != JsonToken.VALUE_STRING) {
            problem = skipped(parser, ProtocolViolation.invalidPayload("payload is missing or not a string"));
          } else {
            try {
              // Decoded straight from the text, into exactly the bytes it holds; never past maxMediaBytes.
              MediaBytes bytes = new MediaBytes();
              parser.readBinaryValue(BASE64, bytes);
              audio = bytes.toArray();
            } catch (ProtocolViolation tooMuch) {
              problem = tooMuch;
            } catch (StreamReadException e) {
              problem = ProtocolViolation.invalidPayload("media.payload is not base64");
            }
          }
        }
        default -> parser.skipChildren();
      }
    }
    return new MediaFields(track, timestamp, audio, problem);
  }

  /**
   * Where a payload is decoded: sized for Twilio's 160 bytes, so a Twilio frame is decoded into the array it is
   * handed on in; stops with a violation at the first byte beyond {@code maxMediaBytes}.
   */
  private final class MediaBytes extends OutputStream {
    private byte[] bytes = new byte[TWILIO_MEDIA_BYTES];
    private int length;

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] chunk, int offset, int count) {
      if (length + count > maxMediaBytes) {
        throw tooMuchAudio();
      }
      if (length + count > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(length + count, Math.min(bytes.length * 2, maxMediaBytes)));
      }
      System.arraycopy(chunk, offset, bytes, length, count);
      length += count;
    }

    byte[] toArray() {
      return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }
  }

  private InboundEvent.Media media(Fields fields) {
    String streamSid = streamSid(fields);
    MediaFields media = fields.media;
    if (media == null) {
      throw ProtocolViolation.invalidPayload("media object is missing");
    }
    if (media.track() != null && !media.track().startsWith("inbound")) {
      throw ProtocolViolation.invalidPayload("unexpected media track");
    }
    if (media.timestamp() == null) {
      throw ProtocolViolation.invalidPayload("timestamp is missing or not a string");
    }
    long timestamp;
    try {
      timestamp = Long.parseLong(media.timestamp());
    } catch (NumberFormatException e) {
      throw ProtocolViolation.invalidPayload("media.timestamp is not a number");
    }
    if (timestamp < 0) {
      throw ProtocolViolation.invalidPayload("media.timestamp is negative");
    }
    if (media.payloadProblem() != null) {
      throw media.payloadProblem();
    }
    if (media.audio() == null) {
      throw ProtocolViolation.invalidPayload("payload is missing or not a string");
    }
    return new InboundEvent.Media(streamSid, timestamp, media.audio());
  }

  private InboundEvent.Start start(JsonNode start, String outer) {
    String streamSid = id(start, "streamSid", TwilioSid.STREAM);
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

  /** 20 ms of the agent's audio for Twilio; written token by token, the audio base64-encoded as it is written. */
  public String media(String streamSid, byte[] muLaw) {
    StringWriter out = new StringWriter(muLaw.length * 4 / 3 + 96);
    try (JsonGenerator message = json.createGenerator(out)) {
      message.writeStartObject().writeStringProperty("event", "media").writeStringProperty("streamSid", streamSid)
          .writeName("media").writeStartObject().writeName("payload").writeBinary(muLaw).writeEndObject().writeEndObject();
    }
    return out.toString();
  }

  public String mark(String streamSid, String name) {
    StringWriter out = new StringWriter(96 + name.length());
    try (JsonGenerator message = json.createGenerator(out)) {
      message.writeStartObject().writeStringProperty("event", "mark").writeStringProperty("streamSid", streamSid)
          .writeName("mark").writeStartObject().writeStringProperty("name", name).writeEndObject().writeEndObject();
    }
    return out.toString();
  }

  public String clear(String streamSid) {
    StringWriter out = new StringWriter(64);
    try (JsonGenerator message = json.createGenerator(out)) {
      message.writeStartObject().writeStringProperty("event", "clear").writeStringProperty("streamSid", streamSid)
          .writeEndObject();
    }
    return out.toString();
  }

  /** Twilio never sends more than one frame per message: a bigger payload is audio Twilio did not send. */
  private ProtocolViolation tooMuchAudio() {
    return new ProtocolViolation(CloseStatus.TOO_BIG_TO_PROCESS, "media.payload larger than " + maxMediaBytes
        + " bytes (Twilio sends " + TWILIO_MEDIA_BYTES + ")");
  }

  private static String streamSid(Fields fields) {
    if (fields.streamSid == null) {
      throw ProtocolViolation.invalidPayload("streamSid is missing or not a string");
    }
    return checkedId(fields.streamSid, "streamSid", TwilioSid.STREAM);
  }

  private static String id(JsonNode node, String field, TwilioSid format) {
    return checkedId(requiredString(node, field), field, format);
  }

  private static String checkedId(String value, String field, TwilioSid format) {
    if (!format.matches(value)) {
      throw ProtocolViolation.invalidPayload(field + " is not a Twilio id");
    }
    return value;
  }

  private static String knownFormatOrNull(String streamSid) {
    return TwilioSid.STREAM.matches(streamSid) ? streamSid : null;
  }

  private static JsonNode object(Fields fields, String field) {
    JsonNode child = fields.objects.get(field);
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

  private static String stringOrNull(JsonParser parser, JsonToken value) {
    return value == JsonToken.VALUE_STRING ? parser.getString() : skipped(parser, null);
  }

  /** Skips a value that is not what was expected (an object or array with all it holds) and answers {@code answer}. */
  private static <T> T skipped(JsonParser parser, T answer) {
    parser.skipChildren();
    return answer;
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
