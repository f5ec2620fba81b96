package com.voiceagent.e2e;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The shape every service shares (docs/architecture.md): records are read and built only in the service's
 * kafka package, so the call, dialog and stage logic work on the service's own types and can be read,
 * tested and changed without Kafka or Avro.
 */
@AnalyzeClasses(packages = {"com.voiceagent.gateway", "com.voiceagent.stt", "com.voiceagent.dialog", "com.voiceagent.tts",
    "com.voiceagent.whatsapp"}, importOptions = ImportOption.DoNotIncludeTests.class)
class ServiceArchitectureTest {
  /** What "Kafka or Avro" means: the clients, the records, the catalogue and the platform's Kafka side. */
  private static final String[] KAFKA_AND_AVRO = {"org.apache.kafka..", "org.springframework.kafka..", "org.apache.avro..",
      "com.voiceagent.events..", "com.voiceagent.schemas..", "com.voiceagent.platform.kafka..", "com.voiceagent.platform.stage.."};

  @ArchTest
  static final ArchRule callLogicImportsNeitherKafkaNorAvro = noClasses()
      .that().resideInAPackage("com.voiceagent.gateway.call..")
      .should().dependOnClassesThat().resideInAnyPackage(KAFKA_AND_AVRO)
      .because("a call is endpointing, playback and barge-in; its events reach Kafka through gateway.kafka");

  @ArchTest
  static final ArchRule dialogLogicImportsNeitherKafkaNorAvro = noClasses()
      .that().resideInAPackage("com.voiceagent.dialog..").and().resideOutsideOfPackage("com.voiceagent.dialog.kafka..")
      .should().dependOnClassesThat().resideInAnyPackage(KAFKA_AND_AVRO)
      .because("the dialog's turns, history and engines work on its own types; records live in dialog.kafka");

  @ArchTest
  static final ArchRule voiceStagesReadAndBuildRecordsOnlyInTheirKafkaPackage = noClasses()
      .that().resideInAnyPackage("com.voiceagent.gateway..", "com.voiceagent.stt..", "com.voiceagent.tts..")
      .and().resideOutsideOfPackages("com.voiceagent.gateway.kafka..", "com.voiceagent.stt.kafka..", "com.voiceagent.tts.kafka..")
      .should().dependOnClassesThat().resideInAnyPackage(KAFKA_AND_AVRO)
      .because("each service has one Kafka adapter package where records are built and read");

  @ArchTest
  static final ArchRule everyServiceConsumesThroughTheStageListener = noClasses()
      .should().dependOnClassesThat().haveFullyQualifiedName("org.springframework.kafka.annotation.KafkaListener")
      .because("how a stage consumes (type check, record age, lanes, dead letters, group or share group) is decided "
          + "once, in platform's Stages");
}
