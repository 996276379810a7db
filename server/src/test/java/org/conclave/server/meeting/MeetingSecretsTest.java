package org.conclave.server.meeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.conclave.server.common.KeyFiles;
import org.conclave.server.config.ConclaveProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sealed meeting secrets open only with their own key, meeting and purpose. */
class MeetingSecretsTest {

  private static MeetingSecrets secrets(Path dataDir) {
    return new MeetingSecrets(
        new KeyFiles(
            new ConclaveProperties(
                null, null, dataDir, null, null, null, null, null, null, null, null, null, null)));
  }

  @Test
  void aSealedPasscodeOpensForItsOwnMeetingAndPurpose(@TempDir Path dir) {
    MeetingSecrets s = secrets(dir);

    String sealed = s.seal("passcode abcd1234efgh", "k7m2p9q4rt");

    assertThat(sealed).startsWith("v1:").doesNotContain("k7m2p9q4rt");
    assertThat(s.unseal("passcode abcd1234efgh", sealed)).isEqualTo("k7m2p9q4rt");
  }

  @Test
  void aSealedValueMovedToAnotherMeetingDoesNotOpen(@TempDir Path dir) {
    MeetingSecrets s = secrets(dir);
    String sealed = s.seal("passcode abcd1234efgh", "k7m2p9q4rt");

    assertThatThrownBy(() -> s.unseal("passcode zzzz1234efgh", sealed))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.unseal("link abcd1234efgh", sealed))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aSealedValueDoesNotOpenUnderAnotherKey(@TempDir Path one, @TempDir Path two) {
    String sealed = secrets(one).seal("passcode abcd1234efgh", "k7m2p9q4rt");

    assertThatThrownBy(() -> secrets(two).unseal("passcode abcd1234efgh", sealed))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void sealingTwiceGivesDifferentValues(@TempDir Path dir) {
    MeetingSecrets s = secrets(dir);

    assertThat(s.seal("link abcd1234efgh", "same"))
        .isNotEqualTo(s.seal("link abcd1234efgh", "same"));
  }

  @Test
  void aPasscodeMacMatchesOnlyThatPasscodeAndNotItsDigestUnderAnotherKey(
      @TempDir Path one, @TempDir Path two) {
    MeetingSecrets s = secrets(one);
    String mac = s.mac("abcd1234efgh", "k7m2p9q4rt");

    assertThat(mac).hasSize(64).doesNotContain("k7m2p9q4rt");
    assertThat(s.macMatches("abcd1234efgh", "k7m2p9q4rt", mac)).isTrue();
    assertThat(s.macMatches("abcd1234efgh", "k7m2p9q4ru", mac)).isFalse();
    assertThat(s.macMatches("abcd1234efgh", "k7m2p9q4rt", null)).isFalse();
    assertThat(secrets(two).macMatches("abcd1234efgh", "k7m2p9q4rt", mac)).isFalse();
  }

  @Test
  void twoMeetingsWithTheSamePasscodeStoreDifferentMacs(@TempDir Path dir) {
    MeetingSecrets s = secrets(dir);
    String first = s.mac("abcd1234efgh", "k7m2p9q4rt");
    String second = s.mac("zzzz1234efgh", "k7m2p9q4rt");

    assertThat(first).isNotEqualTo(second);
    assertThat(s.macMatches("zzzz1234efgh", "k7m2p9q4rt", first)).isFalse();
  }
}
