package com.voiceagent.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every released version of each event schema, so that records written by older producers (or kept in
 * topics for replay) stay readable. Released versions live in {@code schema-history/<Name>/v<N>.avsc};
 * each file is the complete, self-contained schema as released (nested types inline). The rules for
 * changing a schema are in docs/schema-evolution.md and checked by SchemaEvolutionTest.
 */
public final class SchemaHistory {
  static final String ROOT = "schema-history/";
  static final int MAX_VERSIONS = 1000;

  private SchemaHistory() {}

  /** The released writer schemas of a type, oldest first (may be empty for a type never released). */
  public static List<Schema> releasedVersions(Class<? extends SpecificRecord> type) {
    String name = type.getSimpleName();
    List<Schema> versions = new ArrayList<>();
    for (int v = 1; v < MAX_VERSIONS; v++) {
      String path = ROOT + name + "/v" + v + ".avsc";
      try (InputStream in = SchemaHistory.class.getClassLoader().getResourceAsStream(path)) {
        if (in == null) {
          break;
        }
        versions.add(new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + path, e);
      }
    }
    return versions;
  }

  static SchemaStore forType(Class<? extends SpecificRecord> type) {
    SchemaStore.Cache store = new SchemaStore.Cache();
    releasedVersions(type).forEach(store::addSchema);
    return store;
  }
}
