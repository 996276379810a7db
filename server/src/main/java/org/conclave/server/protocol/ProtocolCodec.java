package org.conclave.server.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.NamedType;

/**
 * JSON for the signaling protocol. The subtypes are registered from the sealed interfaces' {@code
 * permits} lists, so a message type cannot be declared and forgotten here. Thread-safe.
 */
@Component
public class ProtocolCodec {

  private final JsonMapper json;

  public ProtocolCodec() {
    List<NamedType> types = new ArrayList<>();
    for (Class<?> c : leaves(ClientMessage.class)) {
      types.add(new NamedType(c, Protocol.typeName(c)));
    }
    for (Class<?> c : leaves(ServerMessage.class)) {
      types.add(new NamedType(c, Protocol.typeName(c)));
    }
    this.json =
        JsonMapper.builder()
            .registerSubtypes(types.toArray(NamedType[]::new))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .changeDefaultPropertyInclusion(v -> v.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();
  }

  /** Every concrete record under a sealed interface, depth first. */
  public static List<Class<?>> leaves(Class<?> sealed) {
    List<Class<?>> out = new ArrayList<>();
    for (Class<?> c : sealed.getPermittedSubclasses()) {
      if (c.isSealed()) {
        out.addAll(leaves(c));
      } else {
        out.add(c);
      }
    }
    return out;
  }

  /** The result of reading one frame: a message, or the error to answer with. */
  public sealed interface Decoded {
    record Ok(ClientMessage message) implements Decoded {}

    record Bad(ErrorCode code, String type, String message) implements Decoded {}
  }

  /** Reads a client frame; never throws. */
  public Decoded decode(String text) {
    try {
      ClientMessage m = json.readValue(text, ClientMessage.class);
      if (m == null) {
        return new Decoded.Bad(ErrorCode.BAD_FRAME, null, "The frame is empty.");
      }
      return new Decoded.Ok(m);
    } catch (InvalidTypeIdException e) {
      String id = e.getTypeId();
      return id == null || peekType(text) == null
          ? new Decoded.Bad(ErrorCode.BAD_FRAME, null, "The frame has no type.")
          : new Decoded.Bad(ErrorCode.UNKNOWN_TYPE, clip(id), "Unknown frame type.");
    } catch (tools.jackson.databind.exc.ValueInstantiationException e) {
      Throwable cause = e.getCause();
      String why = cause != null && cause.getMessage() != null ? cause.getMessage() : "invalid";
      return new Decoded.Bad(ErrorCode.INVALID, peekType(text), clip(why));
    } catch (tools.jackson.databind.exc.MismatchedInputException e) {
      if (!singleObject(text)) {
        // Not a wrong field but a wrong frame: an array, a bare value, or two objects in one.
        return new Decoded.Bad(ErrorCode.BAD_FRAME, null, "The frame is not one JSON object.");
      }
      return new Decoded.Bad(
          ErrorCode.INVALID, peekType(text), "A field is missing or of the wrong kind.");
    } catch (JacksonException | IllegalArgumentException e) {
      return new Decoded.Bad(ErrorCode.BAD_FRAME, null, "The frame is not a JSON message.");
    }
  }

  public String encode(ServerMessage message) {
    return json.writerFor(ServerMessage.class).writeValueAsString(message);
  }

  /** Encodes a client frame (for tests and the load generator). */
  public String encode(ClientMessage message) {
    return json.writerFor(ClientMessage.class).writeValueAsString(message);
  }

  /** Reads a server frame (for tests and the load generator). */
  public ServerMessage decodeServer(String text) {
    return json.readValue(text, ServerMessage.class);
  }

  private boolean singleObject(String text) {
    try {
      var node = json.readTree(text);
      return node != null && node.isObject();
    } catch (JacksonException e) {
      return false;
    }
  }

  private String peekType(String text) {
    try {
      var node = json.readTree(text);
      var type = node.get("type");
      return type != null && type.isString() ? clip(type.asString()) : null;
    } catch (JacksonException e) {
      return null;
    }
  }

  private static String clip(String s) {
    return s.length() > 64 ? s.substring(0, 64) : s;
  }
}
