package org.conclave.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The text transforms behind the common-password and context-word checks. */
class PasswordTextTest {

  @Test
  void foldingRemovesCaseAndVietnameseDiacritics() {
    assertThat(PasswordText.fold("Mật Khẩu ĐÀ NẴNG")).isEqualTo("mat khau da nang");
  }

  @Test
  void foldingAppliesCompatibilityNormalisation() {
    assertThat(PasswordText.fold("ｐａｓｓ１２")).isEqualTo("pass12");
  }

  @ParameterizedTest
  @CsvSource({
    "matkhau123456, matkhau",
    "!!password2024!, password",
    "123456a@, a",
    "love 19901231, love",
    "qwerty-987654-!!!!!!, qwerty"
  })
  void corePeelsPredictableDigitsAndSymbols(String password, String core) {
    assertThat(PasswordText.core(password)).isEqualTo(core);
  }

  @Test
  void coreKeepsUnpredictableDigits() {
    assertThat(PasswordText.core("dragon83920174")).isEqualTo("dragon83920174");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"2024", "123456789", "9876543", "7890123", "121212", "20242024", "311299"})
  void predictableDigitRuns(String digits) {
    assertThat(PasswordText.predictableDigits(digits)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"83920174", "5092761", "99133700"})
  void unpredictableDigitRuns(String digits) {
    assertThat(PasswordText.predictableDigits(digits)).isFalse();
  }

  @Test
  void deleetKeepsPositions() {
    assertThat(PasswordText.deleet("p@ssw0rd!", 'i')).isEqualTo("passwordi");
    assertThat(PasswordText.deleet("1ov3", 'l')).isEqualTo("love");
  }

  @Test
  void repeatsShrinkToTwoCopies() {
    assertThat(PasswordText.collapseRepeats("abababab-zzzzz")).isEqualTo("abab-zz");
    assertThat(PasswordText.collapseRepeats("violet harbour")).isEqualTo("violet harbour");
  }

  @Test
  void repeatedUnitIsFoundOnlyForWholeRepetitions() {
    assertThat(PasswordText.repeatedUnit("abcabcabc")).isEqualTo("abc");
    assertThat(PasswordText.repeatedUnit("abcabcab")).isNull();
  }

  @Test
  void contextWordsComeFromNamesAndAddressesButNotGenericDomains() {
    List<String> words =
        ContextWords.of(List.of("an.nguyen", "Nguyễn Văn An", "an.nguyen@mof.gov.vn"));

    assertThat(words).contains("annguyen", "nguyen", "nguyenvanan", "van", "mof");
    assertThat(words).doesNotContain("gov", "vn", "an");
  }

  @Test
  void remainderDropsTheWordsAndPredictableCharactersAroundThem() {
    List<String> words = ContextWords.of(List.of("khoa.nguyen"));

    assertThat(ContextWords.remainder("khoa.nguyen@2024!", words)).isEmpty();
    assertThat(ContextWords.remainder("Khoa violet harbour", words)).isEqualTo("violet harbour");
    assertThat(ContextWords.remainder("KH0A.NGUY3N-9!", words)).isEmpty();
  }

  @Test
  void remainderIsNullWhenNoWordOccurs() {
    assertThat(ContextWords.remainder("violet harbour", ContextWords.of(List.of("khoa")))).isNull();
  }
}
