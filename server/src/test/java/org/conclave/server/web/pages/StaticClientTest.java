package org.conclave.server.web.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks of the browser client's files as shipped: nothing the Content-Security-Policy would block
 * (inline scripts, inline styles, event-handler attributes, other origins), nothing that runs text
 * as code, and Vietnamese and English catalogues that cover every text the pages use.
 */
class StaticClientTest {

  private static final PathMatchingResourcePatternResolver FILES =
      new PathMatchingResourcePatternResolver();

  private static Map<String, String> read(String pattern) throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    for (Resource r : FILES.getResources("classpath:static/" + pattern)) {
      String uri = r.getURI().toString();
      files.put(
          uri.substring(uri.lastIndexOf("static/")), r.getContentAsString(StandardCharsets.UTF_8));
    }
    assertThat(files).as(pattern).isNotEmpty();
    return files;
  }

  private static Map<String, String> allTextFiles() throws IOException {
    Map<String, String> all = new LinkedHashMap<>();
    all.putAll(read("*.html"));
    all.putAll(read("css/*.css"));
    all.putAll(read("js/**/*.js"));
    all.putAll(read("icons/*.svg"));
    return all;
  }

  @Test
  void pagesHaveNoInlineScriptStyleOrEventHandlers() throws IOException {
    for (var page : read("*.html").entrySet()) {
      String html = page.getValue();
      assertThat(html).as(page.getKey()).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");
      assertThat(html).as(page.getKey()).doesNotContainPattern("<style\\b");
      assertThat(html).as(page.getKey()).doesNotContainPattern("\\sstyle\\s*=");
      assertThat(html).as(page.getKey()).doesNotContainPattern("\\son[a-z]+\\s*=");
      assertThat(html).as(page.getKey()).doesNotContainPattern("javascript:");
    }
  }

  @Test
  void scriptsNeitherSetInlineStylesNorRunTextAsCode() throws IOException {
    for (var script : read("js/**/*.js").entrySet()) {
      String js = script.getValue();
      assertThat(js).as(script.getKey()).doesNotContain(".style.", ".innerHTML", ".outerHTML");
      assertThat(js).as(script.getKey()).doesNotContain("insertAdjacentHTML", "document.write");
      assertThat(js).as(script.getKey()).doesNotContainPattern("\\beval\\(|new Function\\(");
      assertThat(js).as(script.getKey()).doesNotContainPattern("setAttribute\\('style'");
    }
  }

  @Test
  void nothingRefersToAnotherOrigin() throws IOException {
    for (var file : allTextFiles().entrySet()) {
      String text = file.getValue().replace("http://www.w3.org/2000/svg", "");
      assertThat(text)
          .as(file.getKey())
          .doesNotContainPattern("(?i)https?://|//[a-z0-9.-]+\\.[a-z]{2,}/");
    }
  }

  @Test
  void svgIconsUsePresentationAttributesNotStyles() throws IOException {
    for (var icon : read("icons/*.svg").entrySet()) {
      assertThat(icon.getValue()).as(icon.getKey()).doesNotContain("style", "<script");
    }
  }

  @Test
  void vietnameseAndEnglishCataloguesHaveTheSameTextsAndPlaceholders() throws IOException {
    JsonNode vi = catalogue("vi");
    JsonNode en = catalogue("en");

    assertThat(keys(vi)).isEqualTo(keys(en));
    for (String key : keys(en)) {
      assertThat(placeholders(vi.get(key).asString()))
          .as(key)
          .isEqualTo(placeholders(en.get(key).asString()));
      assertThat(vi.get(key).asString()).as(key).isNotBlank();
    }
  }

  @Test
  void everyTextThePagesNameIsInTheCatalogue() throws IOException {
    Set<String> known = keys(catalogue("en"));
    List<String> missing = new ArrayList<>();
    Pattern attribute = Pattern.compile("data-i18n(?:-[a-z-]+)?=\"([A-Za-z0-9.-]+)\"");
    Pattern call =
        Pattern.compile(
            "(?:text:|translate\\([^,()]+,|showMessage\\([^,()]+, '[a-z]+',|button\\(|"
                + "confirmAction\\(|errorMessage\\([^,()]+,|showError\\([^,()]+, [^,()]+,)"
                + "\\s*'([a-zA-Z]+\\.[A-Za-z0-9.-]+)'");
    Map<String, String> sources = new LinkedHashMap<>(read("*.html"));
    sources.putAll(read("js/**/*.js"));
    for (var source : sources.entrySet()) {
      for (Pattern p : List.of(attribute, call)) {
        Matcher m = p.matcher(source.getValue());
        while (m.find()) {
          if (!known.contains(m.group(1))) {
            missing.add(source.getKey() + ": " + m.group(1));
          }
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void vietnameseFollowsTheGlossary() throws IOException {
    JsonNode vi = catalogue("vi");

    assertThat(vi.get("password.too-common").asString())
        .startsWith("Mật khẩu này quá phổ biến, dễ bị đoán");
    assertThat(vi.get("totp.title").asString()).isEqualTo("Xác thực hai yếu tố");
    assertThat(vi.get("passkeys.title").asString()).isEqualTo("Khóa truy cập (passkey)");
    assertThat(vi.get("recovery.new").asString()).contains("mã khôi phục");
    assertThat(vi.get("sessions.everywhere").asString()).contains("Đăng xuất khỏi mọi thiết bị");
    assertThat(vi.get("role.HOST").asString()).isEqualTo("Người chủ trì");
  }

  private static JsonNode catalogue(String language) throws IOException {
    Resource r = FILES.getResource("classpath:static/i18n/" + language + ".json");
    return JsonMapper.builder().build().readTree(r.getContentAsByteArray());
  }

  private static Set<String> keys(JsonNode catalogue) {
    Set<String> keys = new TreeSet<>();
    catalogue.propertyNames().forEach(keys::add);
    return keys;
  }

  private static Set<String> placeholders(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("\\{(\\w+)\\}").matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
