package org.conclave.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

/**
 * {@code conclave.example.yml} at the top of the repository explains every setting, shows the
 * defaults that Conclave really uses, and is itself a configuration Conclave accepts.
 */
class ExampleConfigurationTest {

  private static final Path EXAMPLE = Path.of("..", "conclave.example.yml");

  private static List<PropertySource<?>> load() throws Exception {
    assertThat(EXAMPLE).as("run from the server module").exists();
    return new YamlPropertySourceLoader().load("example", new FileSystemResource(EXAMPLE));
  }

  private static ConclaveProperties bindExample() throws Exception {
    return new Binder(ConfigurationPropertySources.from(load()))
        .bind("conclave", ConclaveProperties.class)
        .get();
  }

  /** Every leaf key of ConclaveProperties, as written in YAML (conclave.http.redirect-port). */
  private static List<String> keys(Class<?> type, String prefix) {
    List<String> keys = new ArrayList<>();
    for (RecordComponent c : type.getRecordComponents()) {
      String key = prefix + "." + kebab(c.getName());
      if (c.getType().isRecord()) {
        keys.addAll(keys(c.getType(), key));
      } else {
        keys.add(key);
      }
    }
    return keys;
  }

  private static String kebab(String camel) {
    return Pattern.compile("([a-z0-9])([A-Z])")
        .matcher(camel)
        .replaceAll(m -> m.group(1) + "-" + m.group(2).toLowerCase());
  }

  @Test
  void everyKeyOfTheConfigurationIsInTheExample() throws Exception {
    Set<String> present =
        load().stream()
            .flatMap(s -> Set.of(((EnumerablePropertySource<?>) s).getPropertyNames()).stream())
            .map(name -> name.replaceAll("\\[\\d+]$", ""))
            .collect(Collectors.toSet());

    assertThat(keys(ConclaveProperties.class, "conclave"))
        .as("keys of ConclaveProperties missing from conclave.example.yml")
        .allSatisfy(key -> assertThat(present).contains(key));
  }

  @Test
  void everyKeyIsExplainedByAComment() throws Exception {
    List<String> lines = Files.readAllLines(EXAMPLE);
    for (String key : keys(ConclaveProperties.class, "conclave")) {
      String leaf = key.substring(key.lastIndexOf('.') + 1);
      int at = -1;
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).strip().startsWith(leaf + ":")) {
          at = i;
        }
      }
      assertThat(at).as(key + " in the example").isPositive();
      // The key's own comment, or the comment of the group it belongs to, comes just above it.
      boolean explained = false;
      for (int i = at - 1; i >= 0 && i >= at - 4; i--) {
        explained |= lines.get(i).strip().startsWith("#");
      }
      assertThat(explained).as("a comment above " + key).isTrue();
    }
  }

  @Test
  void theExampleShowsTheRealDefaults() throws Exception {
    ConclaveProperties example = bindExample();
    ConclaveProperties defaults =
        new ConclaveProperties(
            null, null, null, null, null, null, null, null, null, null, null, null, null);

    assertThat(example.organisationName()).isEqualTo(defaults.organisationName());
    assertThat(example.publicUrl()).isEqualTo(defaults.publicUrl());
    assertThat(example.dataDir().normalize()).isEqualTo(defaults.dataDir().normalize());
    assertThat(example.http().port()).isEqualTo(defaults.http().port());
    assertThat(example.http().redirectPort()).isEqualTo(defaults.http().redirectPort());
    assertThat(example.http().tls()).isEqualTo(defaults.http().tls());
    assertThat(example.http().trustedProxies()).isEqualTo(defaults.http().trustedProxies());
    assertThat(example.accounts()).isEqualTo(defaults.accounts());
    assertThat(example.passwords()).isEqualTo(defaults.passwords());
    assertThat(example.signIn()).isEqualTo(defaults.signIn());
    assertThat(example.sessions()).isEqualTo(defaults.sessions());
    assertThat(example.apiTokens()).isEqualTo(defaults.apiTokens());
    assertThat(example.oidc().enabled()).isEqualTo(defaults.oidc().enabled());
    assertThat(example.oidc().displayName()).isEqualTo(defaults.oidc().displayName());
    assertThat(example.oidc().defaultRole()).isEqualTo(defaults.oidc().defaultRole());
    assertThat(example.oidc().matchByEmail()).isEqualTo(defaults.oidc().matchByEmail());
  }

  @Test
  void theExampleIsAcceptedAsItStands() throws Exception {
    ConclaveProperties example = bindExample();

    assertThatCode(() -> StartupSafetyCheck.check(example, false)).doesNotThrowAnyException();
  }
}
