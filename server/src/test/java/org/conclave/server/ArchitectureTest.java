package org.conclave.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/**
 * The boundaries the build holds (STYLE.md rule 5): the media plane never depends on the control
 * plane; a server feature (a top-level package under {@code org.conclave.server}: account, auth,
 * audit, web, config, cli, common, ...) uses another feature only through that feature's top-level
 * package, never its sub-packages, which are internals; and the media plane's packages form no
 * cycle. Each rule is also run against small fixtures that break it, to show it can fail.
 */
class ArchitectureTest {

  private static final JavaClasses PRODUCTION =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.conclave.media", "org.conclave.server");

  private static final JavaClasses FIXTURES =
      new ClassFileImporter().importPackages("org.conclave.archfixture");

  static ArchRule mediaIndependentOfServer(String media, String server) {
    return noClasses()
        .that()
        .resideInAPackage(media + "..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(server + "..")
        .because("the media plane is driven through MediaNode and knows nothing of the server");
  }

  static ArchRule featuresUseOnlyEachOthersTopLevelPackage(String root) {
    return classes()
        .that()
        .resideInAPackage(root + "..")
        .should(onlyUseTopLevelPackagesOfOtherFeatures(root))
        .because("a feature's sub-packages are its internals; its top-level package is its API")
        .allowEmptyShould(true);
  }

  static ArchRule packagesFreeOfCycles(String media) {
    return slices().matching(media + ".(*)..").should().beFreeOfCycles().allowEmptyShould(true);
  }

  private static ArchCondition<JavaClass> onlyUseTopLevelPackagesOfOtherFeatures(String root) {
    return new ArchCondition<>("only use the top-level package of another feature") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        String originFeature = feature(root, origin.getPackageName());
        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
          String target = d.getTargetClass().getPackageName();
          if (!target.startsWith(root + ".")) {
            continue;
          }
          String rest = target.substring(root.length() + 1);
          boolean internal = rest.contains(".");
          if (internal && !feature(root, target).equals(originFeature)) {
            events.add(SimpleConditionEvent.violated(d, d.getDescription()));
          }
        }
      }
    };
  }

  /** The feature a package belongs to: its first segment under the root ("" for the root). */
  private static String feature(String root, String packageName) {
    if (!packageName.startsWith(root + ".")) {
      return "";
    }
    String rest = packageName.substring(root.length() + 1);
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  @Test
  void mediaDoesNotDependOnServer() {
    mediaIndependentOfServer("org.conclave.media", "org.conclave.server").check(PRODUCTION);
  }

  @Test
  void serverFeaturesDoNotReachIntoEachOthersInternals() {
    featuresUseOnlyEachOthersTopLevelPackage("org.conclave.server").check(PRODUCTION);
  }

  @Test
  void mediaPackagesHaveNoCycles() {
    packagesFreeOfCycles("org.conclave.media").check(PRODUCTION);
  }

  @Test
  void theMediaRuleCatchesADependencyOnTheServer() {
    // In the fixtures, "beta" plays the media plane and "alpha" the server.
    EvaluationResult result =
        mediaIndependentOfServer("org.conclave.archfixture.beta", "org.conclave.archfixture.alpha")
            .evaluate(FIXTURES);

    assertThat(result.hasViolation()).isTrue();
  }

  @Test
  void theFeatureRuleCatchesReachingIntoInternalsAndAllowsTheTopLevel() {
    EvaluationResult result =
        featuresUseOnlyEachOthersTopLevelPackage("org.conclave.archfixture").evaluate(FIXTURES);

    assertThat(result.getFailureReport().getDetails())
        .anyMatch(line -> line.contains("ReachesIn") && line.contains("Hidden"))
        .noneMatch(line -> line.contains("UsesApi"));
  }

  @Test
  void theCycleRuleCatchesACycle() {
    EvaluationResult result =
        packagesFreeOfCycles("org.conclave.archfixture.media").evaluate(FIXTURES);

    assertThat(result.hasViolation()).isTrue();
  }
}
