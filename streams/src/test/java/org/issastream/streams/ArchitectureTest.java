package org.issastream.streams;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The Streams side knows nothing of DJL or the codec; the pure policy knows nothing of Kafka. */
class ArchitectureTest {

  static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.issastream.streams");

  @Test
  void streamsDoesNotDependOnDjlOrTheCodec() {
    noClasses().that().resideInAPackage("org.issastream.streams..")
        .should().dependOnClassesThat().resideInAnyPackage("ai.djl..", "org.issastream.codec..")
        .check(CLASSES);
  }

  @Test
  void admissionPolicyIsPureAndTestableWithoutKafka() {
    noClasses().that().resideInAPackage("org.issastream.streams.curator.policy..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.apache.kafka..", "io.micrometer..", "org.eclipse.jetty..")
        .check(CLASSES);
  }

  @Test
  void httpEndpointDoesNotReachIntoTheTopology() {
    noClasses().that().resideInAPackage("org.issastream.streams.http..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.apache.kafka.streams..", "org.issastream.streams.curator..")
        .check(CLASSES);
  }
}
