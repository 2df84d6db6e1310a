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

    /**
     * A genuine sample as a bitonal scan of it would come (cheque image exchange): black where the
     * grey rendering is darker than mid-grey, white elsewhere, a 1-bit PNG.
     */
    static byte[] bitonalGenuine(int writer, int sample) {
        BufferedImage grey = SIGNATURES.genuine(writer, sample);
        BufferedImage binary =
                new BufferedImage(
                        grey.getWidth(), grey.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < grey.getHeight(); y++) {
            for (int x = 0; x < grey.getWidth(); x++) {
                int rgb = grey.getRGB(x, y);
                int luminance =
                        (30 * ((rgb >> 16) & 0xff) + 59 * ((rgb >> 8) & 0xff) + 11 * (rgb & 0xff))
                                / 100;
                binary.getRaster().setSample(x, y, 0, luminance < 128 ? 0 : 1);
            }
        }
        return png(binary);
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
