package io.countersign.streams.topology;

import io.countersign.datasets.synthetic.SyntheticSignatures;
import io.countersign.events.EnrollmentEvent;
import io.countersign.events.ReferenceImage;
import io.countersign.events.VerificationRequest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

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
        return EnrollmentEvent.newBuilder()
                .setCustomerId(customerId)
                .setReferences(references)
                .setEnrolledAt(SUBMITTED.minusSeconds(3_600))
                .build();
    }

    static ReferenceImage reference(String referenceId, byte[] image) {
        return ReferenceImage.newBuilder()
                .setReferenceId(referenceId)
                .setImage(ByteBuffer.wrap(image))
                .setContentType("image/png")
                .build();
    }

    static VerificationRequest request(String requestId, byte[] image) {
        return VerificationRequest.newBuilder()
                .setRequestId(requestId)
                .setDocumentId("doc-" + requestId)
                .setImage(ByteBuffer.wrap(image))
                .setContentType("image/png")
                .setRegion(null)
                .setSubmittedAt(SUBMITTED)
                .setSource("test")
                .build();
    }

    static byte[] png(BufferedImage image) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
