package com.voiceagent.schemas;

/**
 * Avro 1.12 refuses to instantiate generated classes from packages it has not been told to trust
 * (a guard against schema-driven class loading). Our event package must be on that list before Avro's
 * SpecificData first reads the property, so every entry point of this module calls this first.
 */
final class TrustedPackages {
  static final String PROPERTY = "org.apache.avro.SERIALIZABLE_PACKAGES";
  static final String EVENTS_PACKAGE = "com.voiceagent.events";
  private static final String DEFAULTS = "java.lang,java.math,java.io,java.net,java.util,org.apache.avro.util";

  private TrustedPackages() {}

  static synchronized void ensureTrusted() {
    String current = System.getProperty(PROPERTY);
    if (current == null || current.isBlank()) {
      System.setProperty(PROPERTY, DEFAULTS + "," + EVENTS_PACKAGE);
    } else if (!current.contains(EVENTS_PACKAGE)) {
      System.setProperty(PROPERTY, current + "," + EVENTS_PACKAGE);
    }
  }
}
