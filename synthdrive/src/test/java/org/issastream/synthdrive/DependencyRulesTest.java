package org.issastream.synthdrive;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** SynthDrive is a plain library: no Kafka, Avro, DJL or AWT rendering in it. */
class DependencyRulesTest {
  private final JavaClasses classes = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.issastream.synthdrive");

  @Test
  void synthdriveKnowsNothingOfKafkaAvroOrDjl() {
    noClasses().should().dependOnClassesThat()
        .resideInAnyPackage("org.apache.kafka..", "org.apache.avro..", "ai.djl..", "org.issastream.schemas..")
        .check(classes);
  }

  @Test
  void renderingDoesNotUseAwtGraphics() {
    // java.awt drawing (antialiasing, fonts) differs across JDKs; only the image layer may touch
    // java.awt.image for ImageIO decoding.
    noClasses().that().resideInAPackage("org.issastream.synthdrive")
        .should().dependOnClassesThat().resideInAnyPackage("java.awt..", "javax.imageio..")
        .check(classes);
  }
}
