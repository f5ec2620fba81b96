package com.voiceagent.schemas;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to instantiate generated classes from packages it has not been told to trust (a
 * guard against schema-driven class loading). Its system property {@code org.apache.avro.SERIALIZABLE_PACKAGES}
 * is read once, when Avro's validator class initialises, and nobody should have to set it. So every
 * generated event class calls {@link #ensureTrusted()} from its static initialiser (our one change to Avro's
 * code-generation template, src/main/avro-templates): no event can be built or read before its package is
 * trusted, whichever class a program touches first.
 */
public final class TrustedPackages {
  static final String EVENTS_PACKAGE = "com.voiceagent.events";
  private static boolean trusted;

  private TrustedPackages() {}

  /** Adds the event package to Avro's global validator, once. Called by the generated classes. */
  public static synchronized void ensureTrusted() {
    if (trusted) {
      return;
    }
    ClassSecurityValidator.ClassSecurityPredicate ours = type -> EVENTS_PACKAGE.equals(type.getPackageName());
    ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), ours));
    trusted = true;
  }
}
