package io.countersign.streams.registry;

import io.countersign.events.EnrollmentEvent;
import io.countersign.events.Verdict;
import io.countersign.events.VerificationRequest;
import io.countersign.schemas.registry.RegistryRejectedException;
import io.countersign.schemas.registry.RegistrySchemas;
import io.countersign.schemas.registry.RegistrySettings;
import io.countersign.schemas.registry.RegistryUnavailableException;
import io.countersign.schemas.registry.SchemaRegistryClient;
import io.countersign.schemas.registry.SubjectRegistration;
import io.countersign.schemas.registry.SubjectRegistration.Subject;
import io.countersign.schemas.serde.EventFormats;
import io.countersign.schemas.serde.EventFormats.Framing;
import io.countersign.streams.topology.TopologySettings.TopicNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's (or a tool's) link to a schema registry: the subjects of its topics registered and
 * checked at start-up, the schema cache, and the event formats built on them.
 */
public final class RegistryConnection {

    private static final Logger log = LoggerFactory.getLogger(RegistryConnection.class);

    private final RegistrySchemas schemas;
    private final EventFormats formats;

    private RegistryConnection(RegistrySchemas schemas, EventFormats formats) {
        this.schemas = schemas;
        this.formats = formats;
    }

    /**
     * For the service: checks the three subjects (refusing a latest version our schemas cannot
     * read), registers our schemas, sets BACKWARD compatibility; inputs are read in both framings
     * and verdicts written in the registry's.
     *
     * @throws IllegalStateException with one line when the registry is unreachable, refuses us, or
     *     holds an incompatible version
     */
    public static RegistryConnection forService(RegistrySettings settings, TopicNames topics) {
        SchemaRegistryClient client = SchemaRegistryClient.connect(settings);
        List<Subject> subjects =
                List.of(
                        Subject.ofTopic(topics.enrollments(), EnrollmentEvent.getClassSchema()),
                        Subject.ofTopic(topics.requests(), VerificationRequest.getClassSchema()),
                        Subject.ofTopic(topics.verdicts(), Verdict.getClassSchema()));
        Map<String, Integer> ids =
                atStartUp(client, () -> SubjectRegistration.registerAll(client, subjects));
        log.info(
                "Schema registry {}: subjects {} registered, compatibility {}",
                client.baseUrl(),
                ids.keySet(),
                SubjectRegistration.COMPATIBILITY);
        return connected(client, settings, subjects, ids, Framing.REGISTRY);
    }

    /**
     * For a producing tool: with the registry framing, registers the input schemas under their
     * subjects as a stock serializer does (auto-registration), never touching compatibility; reads
     * verdicts in either framing.
     */
    public static RegistryConnection forProducer(
            RegistrySettings settings, TopicNames topics, Framing framing) {
        SchemaRegistryClient client = SchemaRegistryClient.connect(settings);
        List<Subject> subjects =
                framing == Framing.REGISTRY
                        ? List.of(
                                Subject.ofTopic(
                                        topics.enrollments(), EnrollmentEvent.getClassSchema()),
                                Subject.ofTopic(
                                        topics.requests(), VerificationRequest.getClassSchema()))
                        : List.of();
        Map<String, Integer> ids =
                atStartUp(
                        client,
                        () -> {
                            Map<String, Integer> registered = new LinkedHashMap<>();
                            for (Subject s : subjects) {
                                registered.put(
                                        s.name(), client.register(s.name(), s.schema().toString()));
                            }
                            return registered;
                        });
        return connected(client, settings, subjects, ids, framing);
    }

    /** The event serdes: both framings read, written as chosen. */
    public EventFormats formats() {
        return formats;
    }

    /** Why the instance is not ready because of the registry: it is down now. */
    public Supplier<Optional<String>> notReadyBecause() {
        return () ->
                schemas.outage()
                        .map(
                                outage ->
                                        "schema registry unreachable since "
                                                + outage.since()
                                                + ": "
                                                + outage.reason());
    }

    private static RegistryConnection connected(
            SchemaRegistryClient client,
            RegistrySettings settings,
            List<Subject> subjects,
            Map<String, Integer> ids,
            Framing framing) {
        RegistrySchemas schemas = new RegistrySchemas(client, settings.lookupMaxWait());
        for (Subject subject : subjects) {
            schemas.remember(ids.get(subject.name()), subject.schema());
        }
        EventFormats formats =
                EventFormats.withRegistry(
                        schemas,
                        new EventFormats.WriteIds(
                                id(ids, subjects, EnrollmentEvent.getClassSchema()),
                                id(ids, subjects, VerificationRequest.getClassSchema()),
                                id(ids, subjects, Verdict.getClassSchema())),
                        framing);
        return new RegistryConnection(schemas, formats);
    }

    private static int id(Map<String, Integer> ids, List<Subject> subjects, Schema schema) {
        return subjects.stream()
                .filter(subject -> subject.schema().equals(schema))
                .findFirst()
                .map(subject -> ids.get(subject.name()))
                .orElse(-1);
    }

    private static <T> T atStartUp(SchemaRegistryClient client, Supplier<T> call) {
        try {
            return call.get();
        } catch (RegistryUnavailableException e) {
            throw new IllegalStateException(
                    e.getMessage() + " at start-up: check schema.registry.url and the registry", e);
        } catch (RegistryRejectedException e) {
            throw new IllegalStateException(
                    "schema registry at "
                            + client.baseUrl()
                            + " refused "
                            + e.getMessage()
                            + (e.status() == 401 || e.status() == 403
                                    ? ": check schema.registry.basic-auth.user-info"
                                    : ""),
                    e);
        }
    }
}
