package org.conclave.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProtocolCodecTest {

  private final ProtocolCodec codec = new ProtocolCodec();

  @Test
  void everyMessageTypeHasItsOwnWireName() {
    Set<String> names = new HashSet<>();
    for (Class<?> c : ProtocolCodec.leaves(ClientMessage.class)) {
      assertThat(names.add("client " + Protocol.typeName(c))).as(c.getName()).isTrue();
      assertThat(c.getAnnotation(com.fasterxml.jackson.annotation.JsonTypeName.class))
          .as(c.getName())
          .isNotNull();
    }
    for (Class<?> c : ProtocolCodec.leaves(ServerMessage.class)) {
      if (!c.isInterface()) {
        assertThat(names.add("server " + Protocol.typeName(c))).as(c.getName()).isTrue();
      }
    }
  }

  @Test
  void aClientFrameReadsBackAsTheSameRecord() {
    ClientMessage m = new ClientMessage.Remove("abc123", true);
    assertThat(codec.decode(codec.encode(m))).isEqualTo(new ProtocolCodec.Decoded.Ok(m));
  }

  @Test
  void aServerFrameCarriesItsType() {
    String json = codec.encode(new ServerMessage.Denied());
    assertThat(json).isEqualTo("{\"type\":\"denied\"}");
    assertThat(codec.decodeServer(json)).isEqualTo(new ServerMessage.Denied());
  }

  @Test
  void unknownTypeIsNamedInTheAnswer() {
    assertThat(codec.decode("{\"type\":\"becomeHost\"}"))
        .isEqualTo(
            new ProtocolCodec.Decoded.Bad(
                ErrorCode.UNKNOWN_TYPE, "becomeHost", "Unknown frame type."));
  }

  @Test
  void missingFieldIsInvalid() {
    var decoded = codec.decode("{\"type\":\"admit\"}");
    assertThat(decoded).isInstanceOf(ProtocolCodec.Decoded.Bad.class);
    assertThat(((ProtocolCodec.Decoded.Bad) decoded).code()).isEqualTo(ErrorCode.INVALID);
    assertThat(((ProtocolCodec.Decoded.Bad) decoded).type()).isEqualTo("admit");
  }

  @Test
  void chatLongerThanTheLimitIsInvalid() {
    String text = "a".repeat(Protocol.CHAT_MAX_CHARS + 1);
    var decoded = codec.decode("{\"type\":\"chat\",\"text\":\"" + text + "\"}");
    assertThat(((ProtocolCodec.Decoded.Bad) decoded).code()).isEqualTo(ErrorCode.INVALID);
  }

  @Test
  void controlCharactersInNamesAreInvalid() {
    var decoded = codec.decode("{\"type\":\"renameSelf\",\"name\":\"a\\u0000b\"}");
    assertThat(((ProtocolCodec.Decoded.Bad) decoded).code()).isEqualTo(ErrorCode.INVALID);
  }

  @Test
  void notJsonIsABadFrame() {
    for (String s : List.of("", "hello", "[]", "{", "{\"type\":1}", "null", "{} {}")) {
      var decoded = codec.decode(s);
      assertThat(decoded).as(s).isInstanceOf(ProtocolCodec.Decoded.Bad.class);
    }
  }

  @Test
  void randomInputNeverThrows() {
    Random random = new Random(42);
    String alphabet = "{}[]\":,type admit chat hello 0123456789truefalsenull\\u";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder();
      int n = random.nextInt(60);
      for (int j = 0; j < n; j++) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      assertThat(codec.decode(b.toString())).isNotNull();
    }
  }
}
