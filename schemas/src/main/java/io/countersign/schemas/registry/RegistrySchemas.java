package io.countersign.schemas.registry;

import io.countersign.schemas.registry.SchemaRegistryClient.RegisteredSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer schemas of registry-framed records, looked up by id once and cached for good (a
 * registry never changes what an id means). While the registry does not answer, a lookup retries
 * with back-off for up to {@link RegistrySettings#lookupMaxWait()} and then throws {@link
 * RegistryUnavailableException}; {@link #outage()} says since when, for the readiness check.
 * Thread-safe.
 */
public final class RegistrySchemas {

    private static final Logger log = LoggerFactory.getLogger(RegistrySchemas.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /** The registry has not answered since {@code since}; {@code reason} is the last failure. */
    public record Outage(Instant since, String reason) {}

    /** What an id names: an Avro schema, or something this service cannot read. */
    public sealed interface Lookup {
        /** An Avro schema. */
        record Avro(Schema schema) implements Lookup {}

        /** No such id in the registry. */
        record Missing() implements Lookup {}

        /** A schema that is not Avro (JSON Schema, Protobuf) or does not parse. */
        record Unreadable(String why) implements Lookup {}

        /** What a schema the registry returned is to us; {@code why} follows "schema id N". */
        static Lookup of(RegisteredSchema registered) {
            if (!"AVRO".equalsIgnoreCase(registered.schemaType())) {
                return new Unreadable("is a " + registered.schemaType() + " schema, not Avro");
            }
            try {
                return new Avro(new Schema.Parser().parse(registered.schema()));
            } catch (SchemaParseException e) {
                return new Unreadable("is not a valid Avro schema (" + e.getMessage() + ")");
            }
        }
    }

    private final SchemaRegistryClient client;
    private final Duration maxWait;
    private final Map<Integer, Lookup.Avro> byId = new ConcurrentHashMap<>();
    private final AtomicReference<Outage> outage = new AtomicReference<>();

    public RegistrySchemas(SchemaRegistryClient client, Duration maxWait) {
        this.client = client;
        this.maxWait = maxWait;
    }

    /** The client this cache asks. */
    public SchemaRegistryClient client() {
        return client;
    }

    /** Remembers a schema whose id is known already (one the service registered itself). */
    public void remember(int id, Schema schema) {
        byId.put(id, new Lookup.Avro(schema));
    }

    /**
     * What {@code id} names. Only Avro schemas are cached: a missing id is asked again next time,
     * as a producer may register it later.
     *
     * @throws RegistryUnavailableException when the registry did not answer within the wait
     */
    public Lookup lookup(int id) {
        Lookup.Avro cached = byId.get(id);
        if (cached != null) {
            return cached;
        }
        Optional<RegisteredSchema> found = fetch(id);
        if (found.isEmpty()) {
            return new Lookup.Missing();
        }
        Lookup parsed = Lookup.of(found.get());
        if (parsed instanceof Lookup.Avro avro) {
            byId.put(id, avro);
        }
        return parsed;
    }

    /** Since when the registry has not answered, if it is down now. */
    public Optional<Outage> outage() {
        return Optional.ofNullable(outage.get());
    }

    private Optional<RegisteredSchema> fetch(int id) {
        Instant deadline = Instant.now().plus(maxWait);
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            try {
                Optional<RegisteredSchema> found = client.schemaById(id);
                Outage ended = outage.getAndSet(null);
                if (ended != null) {
                    log.info(
                            "Schema registry answers again after {} s",
                            Duration.between(ended.since(), Instant.now()).toSeconds());
                }
                return found;
            } catch (RegistryUnavailableException e) {
                Outage now = new Outage(Instant.now(), e.getMessage());
                if (outage.compareAndSet(null, now)) {
                    log.warn("{}: records that need a schema lookup wait", e.getMessage());
                } else {
                    outage.updateAndGet(
                            o -> o == null ? now : new Outage(o.since(), e.getMessage()));
                }
                if (Instant.now().plus(backoff).isAfter(deadline)) {
                    throw e;
                }
                sleep(backoff, e);
                backoff =
                        backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                                ? MAX_BACKOFF
                                : backoff.multipliedBy(2);
            }
        }
    }

    private static void sleep(Duration backoff, RegistryUnavailableException cause) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cause;
        }
    }
}
