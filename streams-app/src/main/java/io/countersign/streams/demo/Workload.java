package io.countersign.streams.demo;

import io.countersign.events.EnrollmentEvent;
import io.countersign.events.VerificationRequest;
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

    record Request(String customerId, VerificationRequest request, Truth truth) {}

    /** Where the signatures come from, for people: "synthetic customers", a corpus's name. */
    String source();

    List<EnrollmentEvent> enrollments();

    List<Request> requests();
}
