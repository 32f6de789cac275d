package org.issastream.codec;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The codec layer knows nothing of Kafka or the worker; its public API knows nothing of DJL. */
class CodecArchitectureTest {
  static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.issastream");

  @Test
  void codecDoesNotDependOnKafkaOrWorker() {
    noClasses().that().resideInAPackage("org.issastream.codec..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.issastream.worker..")
        .check(CLASSES);
  }

  @Test
  void codecApiPackageHasNoDjlTypes() {
    noClasses().that().resideInAPackage("org.issastream.codec")
        .or().resideInAPackage("org.issastream.codec.spi")
        .should().dependOnClassesThat().resideInAnyPackage("ai.djl..")
        .check(CLASSES);
  }
}
