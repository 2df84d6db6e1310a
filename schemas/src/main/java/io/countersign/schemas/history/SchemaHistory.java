package io.countersign.schemas.history;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Every released version of each event schema, read from {@code avro-history/<Type>/v<N>.avsc} on
 * the classpath: what readers resolve old records with and what compatibility is checked against.
 */
public final class SchemaHistory {

    /** Classpath folder of the released schemas. */
    public static final String ROOT = "avro-history";

    /** Versions are numbered from 0 or 1 without gaps; this bounds the search. */
    private static final int MAX_VERSIONS = 100;

    private SchemaHistory() {}

    /** The released versions of {@code type}, oldest first. */
    public static List<KeptSchema> of(String type) {
        List<KeptSchema> kept = new ArrayList<>();
        for (int version = 0; version < MAX_VERSIONS; version++) {
            String resource = ROOT + "/" + type + "/v" + version + ".avsc";
            try (InputStream in =
                    SchemaHistory.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    if (kept.isEmpty()) {
                        continue; // a type's history may start at v1
                    }
                    break;
                }
                kept.add(new KeptSchema(type, version, new Schema.Parser().parse(in)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return List.copyOf(kept);
    }
}
