package io.countersign.streams.topology;

import io.countersign.datasets.synthetic.SyntheticSignatures;
import io.countersign.events.EnrollmentEvent;
import io.countersign.events.ReferenceImage;
import io.countersign.events.VerificationRequest;
import io.countersign.streams.demo.SyntheticEvents;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Small factories for the events of the topology tests, with synthetic signatures. */
final class TestData {

    /** Writers the shipped model was not trained on (another seed than the trainer's). */
    static final long SEED = 20_261_128L;

    static final Instant SUBMITTED = Instant.parse("2026-11-28T09:00:00Z");

    private static final SyntheticSignatures SIGNATURES = new SyntheticSignatures(SEED);

    private TestData() {}

    static String customer(int writer) {
        return "customer-" + writer;
    }

    static byte[] genuine(int writer, int sample) {
        return png(SIGNATURES.genuine(writer, sample));
    }

    static byte[] forgery(int writer, int sample) {
        return png(SIGNATURES.skilledForgery(writer, sample));
    }

    /** An enrolment of {@code count} genuine samples of {@code writer}, samples 0 to count-1. */
    static EnrollmentEvent enrollment(int writer, int count) {
        List<ReferenceImage> references = new ArrayList<>();
        for (int sample = 0; sample < count; sample++) {
            references.add(reference("ref-" + sample, genuine(writer, sample)));
        }
        return enrollment(customer(writer), references);
    }

    static EnrollmentEvent enrollment(String customerId, List<ReferenceImage> references) {
        return SyntheticEvents.enrollment(customerId, references, SUBMITTED.minusSeconds(3_600));
    }

    static ReferenceImage reference(String referenceId, byte[] image) {
        return SyntheticEvents.reference(referenceId, image);
    }

    static VerificationRequest request(String requestId, byte[] image) {
        return SyntheticEvents.request(requestId, image, SUBMITTED, "test");
    }

    static byte[] png(BufferedImage image) {
        return SyntheticEvents.png(image);
    }
}
