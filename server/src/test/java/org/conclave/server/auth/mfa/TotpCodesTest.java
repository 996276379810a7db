package org.conclave.server.auth.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TotpCodesTest {

  /** RFC 6238 appendix B: the SHA-1 seed "12345678901234567890", base32. */
  private static final String RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

  @Test
  void matchesTheRfc6238TestVector() {
    // At T = 59 s the eight-digit code is 94287082; six digits keep the last six.
    assertThat(TotpCodes.matchingStep(RFC_SECRET, "287082", 59_000)).hasValue(1);
    assertThat(TotpCodes.matchingStep(RFC_SECRET, "081804", 1_111_111_109_000L))
        .hasValue(1_111_111_109L / 30);
  }

  @Test
  void oneStepOfDriftEitherWayIsAccepted() {
    long t = 1_111_111_109_000L; // code 081804, in step 37037036
    assertThat(TotpCodes.matchingStep(RFC_SECRET, "081804", t + 30_000)).hasValue(37_037_036);
    assertThat(TotpCodes.matchingStep(RFC_SECRET, "081804", t - 30_000)).hasValue(37_037_036);
    assertThat(TotpCodes.matchingStep(RFC_SECRET, "081804", t + 60_000)).isEmpty();
    assertThat(TotpCodes.matchingStep(RFC_SECRET, "081804", t - 60_000)).isEmpty();
  }

  @Test
  void malformedCodesNeverMatch() {
    assertThat(TotpCodes.matchingStep(RFC_SECRET, "28708", 59_000)).isEmpty();
    assertThat(TotpCodes.matchingStep(RFC_SECRET, "2870821", 59_000)).isEmpty();
    assertThat(TotpCodes.matchingStep(RFC_SECRET, null, 59_000)).isEmpty();
    assertThat(TotpCodes.matchingStep(RFC_SECRET, "28a082", 59_000)).isEmpty();
  }

  @Test
  void newSecretsAre160BitsOfBase32() {
    String secret = TotpCodes.newSecret();
    assertThat(secret).matches("[A-Z2-7]{32}");
    assertThat(TotpCodes.newSecret()).isNotEqualTo(secret);
  }

  @Test
  void theOtpauthUriEncodesSpacesAsPercent20() {
    String uri = TotpCodes.uri(RFC_SECRET, "Cơ quan A+B", "an").toString();
    assertThat(uri).startsWith("otpauth://totp/").contains("secret=" + RFC_SECRET);
    assertThat(uri).doesNotContain("+").contains("%20").contains("%2B");
  }

  @Test
  void theManualKeyIsShownInGroupsOfFour() {
    assertThat(TotpCodes.grouped("ABCDEFGHIJ")).isEqualTo("ABCD EFGH IJ");
  }
}
