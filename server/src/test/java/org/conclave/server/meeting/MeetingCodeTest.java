package org.conclave.server.meeting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Meeting codes: 12 symbols of a 32-symbol alphabet (60 bits), read forgivingly. */
class MeetingCodeTest {

  @Test
  void theAlphabetHas32UnambiguousSymbolsSoACodeCarries60Bits() {
    assertThat(MeetingCode.ALPHABET).hasSize(32).doesNotContain("i", "l", "o", "u");
    assertThat(MeetingCode.ALPHABET.chars().distinct().count()).isEqualTo(32);
    assertThat(MeetingCode.LENGTH * Math.log(MeetingCode.ALPHABET.length()) / Math.log(2))
        .isGreaterThanOrEqualTo(60);
  }

  @Test
  void generatedCodesUseOnlyTheAlphabetAndDoNotRepeat() {
    Set<String> seen = new HashSet<>();
    Set<Character> symbols = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String code = MeetingCode.generate();
      assertThat(code).hasSize(12).matches("[0-9a-hjkmnp-tv-z]{12}");
      code.chars().forEach(c -> symbols.add((char) c));
      seen.add(code);
    }
    assertThat(seen).hasSize(10_000);
    assertThat(symbols).hasSize(32);
  }

  @Test
  void readingIgnoresCaseDashesAndSpacesAndReadsLookAlikes() {
    assertThat(MeetingCode.normalize("AB3D-EF7H-JK9M")).contains("ab3def7hjk9m");
    assertThat(MeetingCode.normalize(" ab3d ef7h jk9m ")).contains("ab3def7hjk9m");
    assertThat(MeetingCode.normalize("oOiI-lL00-1111")).contains("001111001111");
  }

  @Test
  void whatCannotBeACodeIsRefused() {
    assertThat(MeetingCode.normalize(null)).isEmpty();
    assertThat(MeetingCode.normalize("")).isEmpty();
    assertThat(MeetingCode.normalize("ab3d-ef7h-jk9")).isEmpty();
    assertThat(MeetingCode.normalize("ab3d-ef7h-jk9mm")).isEmpty();
    assertThat(MeetingCode.normalize("uuuu-uuuu-uuuu")).isEmpty();
    assertThat(MeetingCode.normalize("ab3d_ef7h_jk9m")).isEmpty();
    assertThat(MeetingCode.normalize("-".repeat(41))).isEmpty();
  }

  @Test
  void codesAreShownInThreeGroupsOfFour() {
    assertThat(MeetingCode.format("ab3def7hjk9m")).isEqualTo("ab3d-ef7h-jk9m");
  }
}
