package io.countersign.schemas.serde;

import io.countersign.events.EnrollmentEvent;
import io.countersign.events.Verdict;
import io.countersign.events.VerificationRequest;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serdes of the events in Avro single-object encoding; deserializers throw {@link
 * EventDecodingException} on bytes they cannot read and return null for null (tombstones).
 */
public final class EventSerdes {

    private static final SingleObjectCodec<EnrollmentEvent> ENROLLMENT =
            new SingleObjectCodec<>(EnrollmentEvent.class, EnrollmentEvent.getClassSchema());
    private static final SingleObjectCodec<VerificationRequest> REQUEST =
            new SingleObjectCodec<>(
                    VerificationRequest.class, VerificationRequest.getClassSchema());
    private static final SingleObjectCodec<Verdict> VERDICT =
            new SingleObjectCodec<>(Verdict.class, Verdict.getClassSchema());

    private EventSerdes() {}

    /** Serde of {@link EnrollmentEvent} values on {@code signature.enrollments}. */
    public static Serde<EnrollmentEvent> enrollment() {
        return serde(ENROLLMENT);
    }

    /** Serde of {@link VerificationRequest} values on {@code signature.requests}. */
    public static Serde<VerificationRequest> request() {
        return serde(REQUEST);
    }

    /** Serde of {@link Verdict} values on {@code signature.verdicts}. */
    public static Serde<Verdict> verdict() {
        return serde(VERDICT);
    }

    private static <T extends SpecificRecord> Serde<T> serde(SingleObjectCodec<T> codec) {
        Serializer<T> serializer = (topic, value) -> codec.encode(value);
        Deserializer<T> deserializer = codec::decode;
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
