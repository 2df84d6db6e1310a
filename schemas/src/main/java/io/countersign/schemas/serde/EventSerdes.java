package io.countersign.schemas.serde;

import io.countersign.events.EnrollmentEvent;
import io.countersign.events.Verdict;
import io.countersign.events.VerificationRequest;
import org.apache.kafka.common.serialization.Serde;

/** The Kafka serdes of Countersign's events, Avro single-object encoding (docs/wire-format.md). */
public final class EventSerdes {

    private EventSerdes() {}

    public static Serde<EnrollmentEvent> enrollment() {
        return new SingleObjectSerde<>(EnrollmentEvent.getClassSchema());
    }

    public static Serde<VerificationRequest> request() {
        return new SingleObjectSerde<>(VerificationRequest.getClassSchema());
    }

    public static Serde<Verdict> verdict() {
        return new SingleObjectSerde<>(Verdict.getClassSchema());
    }
}
