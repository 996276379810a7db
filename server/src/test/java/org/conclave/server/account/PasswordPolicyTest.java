package org.conclave.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.conclave.server.config.ConclaveProperties;
import org.conclave.server.config.UnsafeConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The password rules on their own, without a server: one behaviour per test. */
class PasswordPolicyTest {

  private static final ConclaveProperties.Passwords DEFAULTS =
      new ConclaveProperties.Passwords(null, null, null, null, null, null);

  /** Built once: loading the lists and the estimator takes a second or two. */
  private static final PasswordPolicy POLICY =
      new PasswordPolicy(DEFAULTS, "Sở Kế hoạch và Đầu tư");

  private static PasswordVerdict check(String password) {
    return POLICY.check(password, List.of());
  }

  private static PasswordVerdict check(String password, String... context) {
    return POLICY.check(password, java.util.Arrays.asList(context));
  }

  @Test
  void acceptsAFewUnrelatedWords() {
    PasswordVerdict v = check("violet harbour tangerine cobble 47");

    assertThat(v.acceptable()).as(v.toString()).isTrue();
    assertThat(v.score()).isEqualTo(4);
    assertThat(v.reason()).isNull();
  }

  @Test
  void acceptsRandomCharactersAtTheMinimumLength() {
    assertThat(check("x7#Kq9!mZ2@p").acceptable()).isTrue();
  }

  @Test
  void refusesFewerThanTheMinimumLength() {
    PasswordVerdict v = check("x7#Kq9!mZ2@");

    assertThat(v.acceptable()).isFalse();
    assertThat(v.reason()).isEqualTo("too-short");
    assertThat(v.message()).contains("12");
  }

  @Test
  void minimumLengthComesFromConfiguration() {
    var rules = new ConclaveProperties.Passwords(16, null, null, null, null, null);
    PasswordPolicy policy = new PasswordPolicy(rules, "Conclave");

    assertThat(policy.check("x7#Kq9!mZ2@p", List.of()).reason()).isEqualTo("too-short");
  }

  @Test
  void countsCharactersNotUtf16Units() {
    // Twelve emoji are twelve characters (24 UTF-16 units): long enough.
    String twelveEmoji = "🦊🐧🌵🍉🚲🎻🧭🪁🦉🍄🌋🧊";

    assertThat(check(twelveEmoji).reason()).isNotEqualTo("too-short");
    assertThat(check(twelveEmoji.substring(0, 22)).reason()).isEqualTo("too-short");
  }

  @Test
  void allowsPasswordsOf128Characters() {
    String words = "violet harbour tangerine cobble forty seven ";
    String password = words.repeat(3).substring(0, 128);

    assertThat(check(password).acceptable()).as(check(password).toString()).isTrue();
  }

  @Test
  void refusesPasswordsLongerThanTheMaximum() {
    String password = "violet harbour tangerine cobble forty seven ".repeat(3).substring(0, 129);

    assertThat(check(password).reason()).isEqualTo("too-long");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "violet harbour\ttangerine",
        "violet harbour\ntangerine",
        "violet\u0000harbour tangerine",
        "violet harbour\u2028tangerine",
        "violet harbour tangerine\ud800"
      })
  void refusesControlCharactersAndBrokenUnicode(String password) {
    assertThat(check(password).reason()).isEqualTo("control-characters");
  }

  @Test
  void allowsAnyPrintableUnicode() {
    // Vietnamese with tone marks, an emoji joined with a zero-width joiner, and Cyrillic.
    PasswordVerdict v = check("Mướp đắng xào trứng 👩‍🍳 борщ 9");

    assertThat(v.acceptable()).as(v.toString()).isTrue();
  }

  @Test
  void hasNoCompositionRules() {
    // Only lower-case letters and spaces, no digit, no symbol: fine when long and unpredictable.
    assertThat(check("quiet lantern drifts over marsh").acceptable()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "password1234",
        "Password2024!",
        "P@ssw0rd12345",
        "passwordpassword",
        "drowssap1234567",
        "iloveyou123456",
        "ILoveYou@2024!!",
        "qwerty123456789",
        "ｐａｓｓｗｏｒｄ１２３４"
      })
  void refusesCommonPasswordsAndTheirPredictableVariations(String password) {
    PasswordVerdict v = check(password);

    assertThat(v.reason()).as(password).isEqualTo("too-common");
    assertThat(v.acceptable()).isFalse();
    assertThat(v.score()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1qaz2wsx3edc", "123qweasdzxc", "qwertyqwerty", "harrypotter123"})
  void refusesPasswordsFromTheBreachList(String password) {
    assertThat(check(password).reason()).as(password).isEqualTo("too-common");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "matkhau123456",
        "Mật Khẩu 123456",
        "anhyeuem@2024",
        "emyeuanh1234567",
        "123456a@123456a@",
        "hoanganh19901990",
        "nguyenvanan1990!",
        "vietnamvodich2024"
      })
  void refusesVietnameseFavourites(String password) {
    assertThat(check(password).reason()).as(password).isEqualTo("too-common");
  }

  @Test
  void theListHoldsAtLeastOneHundredThousandPasswords() {
    assertThat(POLICY.commonPasswordCount()).isGreaterThanOrEqualTo(100_000);
  }

  @Test
  void refusesUserNamePlusYear() {
    PasswordVerdict v = check("quangvinh.le2024!", "quangvinh.le", "Lê Quang Vinh", null);

    assertThat(v.reason()).isEqualTo("contains-personal-info");
    assertThat(v.message()).contains("name");
  }

  @Test
  void refusesDisplayNameWithoutDiacritics() {
    PasswordVerdict v = check("VoMinhKhoa@@2024", "khoa.vm", "Võ Minh Khoa", null);

    assertThat(v.reason()).isEqualTo("contains-personal-info");
  }

  @Test
  void refusesEmailWordsBehindSymbolSubstitutions() {
    PasswordVerdict v =
        check("kh0a.vm@s0tuph4p#1", "khoavm", "Someone", "khoa.vm@sotuphap.example.vn");

    assertThat(v.reason()).isEqualTo("contains-personal-info");
  }

  @Test
  void refusesTheOrganisationsName() {
    assertThat(check("SoKeHoachVaDauTu@2025").reason()).isEqualTo("contains-personal-info");
  }

  @Test
  void refusesConclave() {
    assertThat(check("ConclaveRocks2025!").reason()).isEqualTo("contains-personal-info");
  }

  @Test
  void acceptsANameAmongStrongUnrelatedWords() {
    PasswordVerdict v =
        check("khoa violet harbour tangerine", "khoa.vm", "Võ Minh Khoa", "khoa.vm@example.org");

    assertThat(v.acceptable()).as(v.toString()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"zzzzzzzzzzzzzzzz", "abcdefghijklmnopq", "qazwsxedcrfvtgbyhn"})
  void refusesPredictablePatternsAsTooWeak(String password) {
    PasswordVerdict v = check(password);

    assertThat(v.reason()).as(password).isIn("too-weak", "too-common");
    assertThat(v.acceptable()).isFalse();
  }

  @Test
  void explainsWhyAPasswordIsTooWeak() {
    PasswordVerdict v = check("zzzzzzzzzzzzzzzz");

    assertThat(v.reason()).isEqualTo("too-weak");
    assertThat(v.message()).contains("guessed").contains("Repeats");
  }

  @Test
  void minimumScoreComesFromConfiguration() {
    var lenient =
        new PasswordPolicy(new ConclaveProperties.Passwords(null, null, null, null, null, 2), "X");
    var strict =
        new PasswordPolicy(new ConclaveProperties.Passwords(null, null, null, null, null, 4), "X");
    String middling = "purple monkey 19"; // estimated between the two
    int score = check(middling).score();

    assertThat(score).isBetween(2, 3);
    assertThat(lenient.check(middling, List.of()).acceptable()).isTrue();
    assertThat(strict.check(middling, List.of()).reason()).isEqualTo("too-weak");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 5})
  void minimumScoreOutsideTwoToFourRefusesToStart(int minScore) {
    assertThatThrownBy(
            () -> new ConclaveProperties.Passwords(null, null, null, null, null, minScore))
        .isInstanceOf(UnsafeConfigurationException.class)
        .hasMessageContaining("conclave.passwords.min-score")
        .hasMessageContaining("leave it out");
  }

  @Test
  void everyRefusalHasACodeAndASentence() {
    for (String password :
        List.of(
            "short",
            "password1234",
            "zzzzzzzzzzzzzzzz",
            "tab\there and there",
            "Conclave#2025!!")) {
      PasswordVerdict v = check(password);
      assertThat(v.reason()).as(password).matches("[a-z-]+");
      assertThat(v.message()).as(password).endsWith(".");
    }
  }
}
