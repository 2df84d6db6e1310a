package io.countersign.schemas.serde;

import io.countersign.events.EnrollmentEvent;
import io.countersign.events.Verdict;
import io.countersign.events.VerificationRequest;
import io.countersign.schemas.registry.RegistrySchemas;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serdes of the three events in one choice of framing: single-object encoding only (no schema
 * registry, {@link EventSerdes}), or, with a registry, both framings read and one written.
 * Deserializers throw {@link EventDecodingException} on bytes they cannot read, {@link
 * io.countersign.schemas.registry.RegistryUnavailableException} when a new schema id cannot be
 * looked up, and return null for null (tombstones).
 */
public final class EventFormats {

    /** How a serializer frames what it writes. */
    public enum Framing {
        /** Avro single-object encoding: 0xC3 0x01, 8-byte fingerprint, body. */
        SINGLE_OBJECT,
        /** The schema registry's: 0x00, 4-byte schema id, body. */
        REGISTRY
    }

    /**
     * The registry ids the current schemas have, as {@link
     * io.countersign.schemas.registry.SubjectRegistration} returned them; -1 where a serde only
     * reads.
     */
    public record WriteIds(int enrollment, int request, int verdict) {}

    private static final EventFormats SINGLE_OBJECT =
            new EventFormats(
                    new SingleObjectCodec<>(
                            EnrollmentEvent.class, EnrollmentEvent.getClassSchema()),
                    new SingleObjectCodec<>(
                            VerificationRequest.class, VerificationRequest.getClassSchema()),
                    new SingleObjectCodec<>(Verdict.class, Verdict.getClassSchema()));

    private final Serde<EnrollmentEvent> enrollment;
    private final Serde<VerificationRequest> request;
    private final Serde<Verdict> verdict;

    private EventFormats(
            EventCodec<EnrollmentEvent> enrollment,
            EventCodec<VerificationRequest> request,
            EventCodec<Verdict> verdict) {
        this.enrollment = serde(enrollment);
        this.request = serde(request);
        this.verdict = serde(verdict);
    }

    /** Single-object encoding only: what the service speaks without a registry. */
    public static EventFormats singleObject() {
        return SINGLE_OBJECT;
    }

    /** Both framings read; {@code writes} chooses how the serializers frame. */
    public static EventFormats withRegistry(RegistrySchemas schemas, WriteIds ids, Framing writes) {
        return new EventFormats(
                either(
                        EnrollmentEvent.class,
                        EnrollmentEvent.getClassSchema(),
                        schemas,
                        ids.enrollment(),
                        writes),
                either(
                        VerificationRequest.class,
                        VerificationRequest.getClassSchema(),
                        schemas,
                        ids.request(),
                        writes),
                either(Verdict.class, Verdict.getClassSchema(), schemas, ids.verdict(), writes));
    }

    /** Serde of {@link EnrollmentEvent} values on {@code signature.enrollments}. */
    public Serde<EnrollmentEvent> enrollment() {
        return enrollment;
    }

    /** Serde of {@link VerificationRequest} values on {@code signature.requests}. */
    public Serde<VerificationRequest> request() {
        return request;
    }

    /** Serde of {@link Verdict} values on {@code signature.verdicts}. */
    public Serde<Verdict> verdict() {
        return verdict;
    }

    private static <T extends SpecificRecord> EventCodec<T> either(
            Class<T> recordClass,
            Schema current,
            RegistrySchemas schemas,
            int writeId,
            Framing writes) {
        SingleObjectCodec<T> singleObject = new SingleObjectCodec<>(recordClass, current);
        RegistryCodec<T> registry = new RegistryCodec<>(recordClass, current, schemas, writeId);
        return new EitherFramingCodec<>(
                current.getName(),
                singleObject,
                registry,
                writes == Framing.REGISTRY ? registry : singleObject);
    }

    private static <T extends SpecificRecord> Serde<T> serde(EventCodec<T> codec) {
        Serializer<T> serializer = (topic, value) -> codec.encode(value);
        Deserializer<T> deserializer = codec::decode;
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
