package org.conclave.server.auth.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecoveryCodeFormatTest {

  private final SecureRandom random = new SecureRandom();

  @Test
  void codesLookLikeFourFourTwoFromTheUnambiguousAlphabet() {
    for (int i = 0; i < 1000; i++) {
      assertThat(RecoveryCodeFormat.generate(random))
          .matches("[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{2}");
    }
  }

  @Test
  void eachCodeCarriesFiftyBits() {
    assertThat(RecoveryCodeFormat.ALPHABET.chars().distinct().count()).isEqualTo(32);
    assertThat(RecoveryCodeFormat.BITS).isEqualTo(50);
  }

  @Test
  void everySymbolTurnsUpInEveryPosition() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      String c = RecoveryCodeFormat.canonical(RecoveryCodeFormat.generate(random));
      for (int p = 0; p < c.length(); p++) {
        seen.add(p + ":" + c.charAt(p));
      }
    }
    assertThat(seen).hasSize(RecoveryCodeFormat.SYMBOLS * 32);
  }

  @Test
  void readingIgnoresCaseSpacesAndHyphensAndTakesLookalikesForDigits() {
    assertThat(RecoveryCodeFormat.canonical(" AB0C-D1EF-GH ")).isEqualTo("ab0cd1efgh");
    assertThat(RecoveryCodeFormat.canonical("abOc dlef gh")).isEqualTo("ab0cd1efgh");
    assertThat(RecoveryCodeFormat.canonical("abocdIefgh")).isEqualTo("ab0cd1efgh");
  }

  @Test
  void somethingElseIsNotACode() {
    assertThat(RecoveryCodeFormat.canonical("abcd-efgh-g")).isNull();
    assertThat(RecoveryCodeFormat.canonical("abcd-efgh-ghx")).isNull();
    assertThat(RecoveryCodeFormat.canonical("abcd-efgh-g!")).isNull();
    assertThat(RecoveryCodeFormat.canonical("abcd-efgh-gu")).isNull();
    assertThat(RecoveryCodeFormat.canonical(null)).isNull();
  }
}
