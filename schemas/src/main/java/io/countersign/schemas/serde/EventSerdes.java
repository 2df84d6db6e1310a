package io.countersign.schemas.serde;

import io.countersign.events.EnrollmentEvent;
import io.countersign.events.Verdict;
import io.countersign.events.VerificationRequest;
import org.apache.kafka.common.serialization.Serde;

/**
 * Kafka serdes of the events in Avro single-object encoding ({@link EventFormats#singleObject()});
 * deserializers throw {@link EventDecodingException} on bytes they cannot read and return null for
 * null (tombstones).
 */
public final class EventSerdes {

    private EventSerdes() {}

    /** Serde of {@link EnrollmentEvent} values on {@code signature.enrollments}. */
    public static Serde<EnrollmentEvent> enrollment() {
        return EventFormats.singleObject().enrollment();
    }

    /** Serde of {@link VerificationRequest} values on {@code signature.requests}. */
    public static Serde<VerificationRequest> request() {
        return EventFormats.singleObject().request();
    }

    /** Serde of {@link Verdict} values on {@code signature.verdicts}. */
    public static Serde<Verdict> verdict() {
        return EventFormats.singleObject().verdict();
    }
}
