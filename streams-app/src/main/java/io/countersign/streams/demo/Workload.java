package io.countersign.streams.demo;

import io.countersign.events.EnrollmentEvent;
import io.countersign.events.VerificationRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * What the demo streams: the customers' enrolments, then requests whose truth is known, so that the
 * service's verdicts can be counted against it.
 */
interface Workload {

    /** What a request really is. */
    enum Truth {
        GENUINE,
        SKILLED_FORGERY,
        RANDOM_FORGERY,
        NOT_ENROLLED,
        CORRUPT
    }

    record Request(String customerId, VerificationRequest request, Truth truth) {

        /** A request whose image is not an image at all: the demo's dead letter. */
        static Request corrupt(String customerId, String requestId) {
            return new Request(
                    customerId,
                    SyntheticEvents.request(
                            requestId,
                            "this is not an image".getBytes(StandardCharsets.UTF_8),
                            Instant.now(),
                            "demo"),
                    Truth.CORRUPT);
        }
    }

    /** Where the signatures come from, for people: "synthetic customers", a corpus's name. */
    String source();

    List<EnrollmentEvent> enrollments();

    List<Request> requests();
}
