package io.countersign.schemas.history;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Every released version of every event schema, read from {@code avro-history/<Type>/v<N>.avsc} on
 * the classpath; a new release adds its file here and its number below.
 */
public final class SchemaHistory {

    /** The classpath folder that holds one sub-folder of versions per event type. */
    public static final String ROOT = "avro-history";

    /** Released versions per event type, oldest first; the last one is the current schema. */
    private static final Map<String, List<Integer>> RELEASES = releases();

    private static final List<KeptSchema> ALL = load();

    private SchemaHistory() {}

    private static Map<String, List<Integer>> releases() {
        Map<String, List<Integer>> releases = new LinkedHashMap<>();
        releases.put("EnrollmentEvent", List.of(1));
        // v0 is what the first intake team published, before region and source existed.
        releases.put("VerificationRequest", List.of(0, 1));
        // v2 added comparedAs, v3 comparedWithPen, v4 review.
        releases.put("Verdict", List.of(1, 2, 3, 4));
        return releases;
    }

    /** Every kept version of every event type. */
    public static List<KeptSchema> all() {
        return ALL;
    }

    /** The event types that have a history, in a stable order. */
    public static List<String> types() {
        return List.copyOf(RELEASES.keySet());
    }

    /** The kept versions of one event type, oldest first. */
    public static List<KeptSchema> of(String type) {
        List<KeptSchema> versions = ALL.stream().filter(k -> k.type().equals(type)).toList();
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("No schema history for event type " + type);
        }
        return versions;
    }

    /** The newest kept version of one event type, which the generated class must match. */
    public static KeptSchema latest(String type) {
        List<KeptSchema> versions = of(type);
        return versions.get(versions.size() - 1);
    }

    /**
     * Checks that a reader with schema {@code reader} can read data written with each of {@code
     * writers} (Avro's BACKWARD compatibility).
     *
     * @return one line per incompatibility, empty when all are compatible
     */
    public static List<String> backwardIncompatibilities(
            Schema reader, Collection<KeptSchema> writers) {
        List<String> problems = new ArrayList<>();
        for (KeptSchema writer : writers) {
            var result =
                    SchemaCompatibility.checkReaderWriterCompatibility(reader, writer.schema())
                            .getResult();
            if (result.getCompatibility() != SchemaCompatibilityType.COMPATIBLE) {
                for (Incompatibility incompatibility : result.getIncompatibilities()) {
                    problems.add(describe(reader, writer, incompatibility));
                }
            }
        }
        return problems;
    }

    /**
     * Why {@code reader} cannot read records written with {@code writer}, phrased to follow "schema
     * id N ...": it is another record, or the first incompatibility Avro finds; empty when it can.
     */
    public static Optional<String> readProblem(Schema reader, Schema writer) {
        if (!writer.getFullName().equals(reader.getFullName())) {
            return Optional.of("is " + writer.getFullName() + ", not a " + reader.getFullName());
        }
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
            return Optional.empty();
        }
        Incompatibility first = result.getIncompatibilities().get(0);
        return Optional.of(
                "cannot be read as "
                        + reader.getName()
                        + " ("
                        + first.getType()
                        + " at "
                        + first.getLocation()
                        + ")");
    }

    private static String describe(Schema reader, KeptSchema writer, Incompatibility problem) {
        return String.format(
                "%s cannot read %s: %s at %s (%s)",
                reader.getName(),
                writer,
                problem.getType(),
                problem.getLocation(),
                problem.getMessage());
    }

    private static List<KeptSchema> load() {
        List<KeptSchema> kept = new ArrayList<>();
        RELEASES.forEach((type, versions) -> versions.forEach(v -> kept.add(read(type, v))));
        return List.copyOf(kept);
    }

    private static KeptSchema read(String type, int version) {
        String resource = ROOT + "/" + type + "/v" + version + ".avsc";
        try (InputStream in = SchemaHistory.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing schema history resource " + resource);
            }
            // A parser per file: every version defines the same full names.
            return new KeptSchema(type, version, new Schema.Parser().parse(in));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }
}
