package io.countersign.schemas.registry;

import io.countersign.schemas.history.SchemaHistory;
import io.countersign.schemas.registry.RegistrySchemas.Lookup;
import io.countersign.schemas.registry.SchemaRegistryClient.RegisteredSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * What the service does with the registry at start-up: for each of its subjects, check that the
 * latest version there is one our schema can read, register our schema (a no-op when it is there)
 * and set BACKWARD compatibility (each new version must read the one before: what the issue and
 * most registries default to; it does not keep out a version that drops a field we need, which FULL
 * would, so a record of such a version is a dead letter and a restart refuses).
 */
public final class SubjectRegistration {

    /** The compatibility level set on every subject. */
    public static final String COMPATIBILITY = "BACKWARD";

    /**
     * A subject and the service's current schema for it.
     *
     * @param name the subject, {@code <topic>-value} (Confluent's TopicNameStrategy)
     * @param schema the schema the service reads (and, for verdicts, writes)
     */
    public record Subject(String name, Schema schema) {
        /** The value subject of {@code topic}. */
        public static Subject ofTopic(String topic, Schema schema) {
            return new Subject(topic + "-value", schema);
        }
    }

    private SubjectRegistration() {}

    /**
     * Checks and registers every subject; returns the id of our schema under each, by subject.
     *
     * @throws IncompatibleSubjectException when a subject's latest version cannot be read
     * @throws RegistryUnavailableException when the registry does not answer
     */
    public static Map<String, Integer> registerAll(
            SchemaRegistryClient client, List<Subject> subjects) {
        for (Subject subject : subjects) {
            client.latest(subject.name()).ifPresent(latest -> requireReadable(subject, latest));
        }
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (Subject subject : subjects) {
            ids.put(subject.name(), client.register(subject.name(), subject.schema().toString()));
            client.setCompatibility(subject.name(), COMPATIBILITY);
        }
        return ids;
    }

    private static void requireReadable(Subject subject, RegisteredSchema latest) {
        Lookup lookup = Lookup.of(latest);
        Optional<String> problem =
                lookup instanceof Lookup.Avro avro
                        ? SchemaHistory.readProblem(subject.schema(), avro.schema())
                        : Optional.of(((Lookup.Unreadable) lookup).why());
        if (problem.isPresent()) {
            throw new IncompatibleSubjectException(
                    "schema registry subject "
                            + subject.name()
                            + ": its latest version "
                            + latest.version()
                            + " (id "
                            + latest.id()
                            + ") "
                            + problem.get()
                            + "; delete that version or register one "
                            + subject.schema().getName()
                            + " can read (docs/wire-format.md)");
        }
    }

    /** A subject holds a version the service's schema cannot read. */
    public static final class IncompatibleSubjectException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        IncompatibleSubjectException(String message) {
            super(message);
        }
    }
}
