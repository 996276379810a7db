package org.conclave.server.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.InstantSource;
import java.util.List;
import org.conclave.server.account.Role;
import org.conclave.server.config.ConclaveProperties;
import org.conclave.server.config.UnsafeConfigurationException;
import org.junit.jupiter.api.Test;

class OidcSettingsTest {

  private static ConclaveProperties.Oidc oidc(String issuer, String clientId, String role) {
    return new ConclaveProperties.Oidc(true, issuer, clientId, "secret", null, role, null, null);
  }

  private static OidcSignIn.Identity named(String preferred, String email) {
    return new OidcSignIn.Identity("https://idp.test", "s", email, true, preferred, null);
  }

  @Test
  void userNameDropsVietnameseAccentsAndOddCharacters() {
    assertThat(OidcSettings.usernameFrom(named("Nguyễn Đức Anh", null)))
        .isEqualTo("nguyen-duc-anh");
    assertThat(OidcSettings.usernameFrom(named("  --Trần_Văn.B!!", null))).isEqualTo("tran_van.b");
  }

  @Test
  void userNameFallsBackToTheEmailLocalPartThenToUser() {
    assertThat(OidcSettings.usernameFrom(named(null, "le.thu@agency.test"))).isEqualTo("le.thu");
    assertThat(OidcSettings.usernameFrom(named("ab", null))).isEqualTo("user");
    assertThat(OidcSettings.usernameFrom(named(null, null))).isEqualTo("user");
  }

  @Test
  void userNameIsAtMostFortyCharacters() {
    assertThat(OidcSettings.usernameFrom(named("a".repeat(100), null))).hasSize(40);
  }

  @Test
  void adminAsDefaultRoleRefusesToStart() {
    assertThatThrownBy(() -> OidcSettings.check(oidc("https://idp.test/realms/x", "c", "admin")))
        .isInstanceOf(UnsafeConfigurationException.class)
        .hasMessageContaining("default-role");
  }

  @Test
  void plainHttpIssuerElsewhereThanThisMachineRefusesToStart() {
    assertThatThrownBy(() -> OidcSettings.check(oidc("http://idp.test/realms/x", "c", "MEMBER")))
        .isInstanceOf(UnsafeConfigurationException.class)
        .hasMessageContaining("https");
    OidcSettings.check(oidc("http://localhost:9000/realms/x", "c", "MEMBER"));
  }

  @Test
  void missingIssuerOrClientIdRefusesToStart() {
    assertThatThrownBy(() -> OidcSettings.check(oidc(null, "c", "MEMBER")))
        .isInstanceOf(UnsafeConfigurationException.class)
        .hasMessageContaining("issuer-uri");
    assertThatThrownBy(() -> OidcSettings.check(oidc("https://idp.test", " ", "MEMBER")))
        .isInstanceOf(UnsafeConfigurationException.class)
        .hasMessageContaining("client-id");
  }

  @Test
  void hostIsAnAcceptableDefaultRole() {
    assertThat(OidcSettings.defaultRole(oidc("https://idp.test", "c", "host")))
        .isEqualTo(Role.HOST);
  }

  @Test
  void unreachableProviderMeansNoRegistrationYetRatherThanAnError() {
    var config =
        new ConclaveProperties.Oidc(
            true, "http://127.0.0.1:9/nowhere", "c", "s", null, null, null, List.of("email"));
    var registrations = new OidcClientRegistrations(config, InstantSource.system());

    assertThat(registrations.findByRegistrationId("oidc")).isNull();
    assertThat(registrations.findByRegistrationId("other")).isNull();
  }
}
