package com.voiceagent.schemas;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to instantiate generated classes from packages it has not been told to trust (a
 * guard against schema-driven class loading). Its system property {@code org.apache.avro.SERIALIZABLE_PACKAGES}
 * is read once, when Avro's validator class initialises, which may happen before this module is touched
 * (for example when a service builds an event before it reads one). So the event package is added to
 * Avro's global validator itself, which works whatever the order.
 */
final class TrustedPackages {
  static final String EVENTS_PACKAGE = "com.voiceagent.events";
  private static boolean trusted;

  private TrustedPackages() {}

  static synchronized void ensureTrusted() {
    if (trusted) {
      return;
    }
    ClassSecurityValidator.ClassSecurityPredicate ours = type -> EVENTS_PACKAGE.equals(type.getPackageName());
    ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), ours));
    trusted = true;
  }
}
