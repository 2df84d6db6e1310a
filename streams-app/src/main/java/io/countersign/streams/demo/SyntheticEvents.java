package io.countersign.streams.demo;

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

/**
 * Events with synthetic signatures as PNG images (or any image's bytes), as an upstream team would
 * publish them: the one place the demo, the benchmark and the tests build their enrolments and
 * requests.
 */
public final class SyntheticEvents {

    private SyntheticEvents() {}

    /** An enrolment of genuine samples 0 to {@code count - 1} of {@code writer}. */
    public static EnrollmentEvent enrollment(
            SyntheticSignatures signatures,
            int writer,
            String customerId,
            int count,
            Instant enrolledAt) {
        List<ReferenceImage> references = new ArrayList<>();
        for (int sample = 0; sample < count; sample++) {
            references.add(reference("ref-" + sample, png(signatures.genuine(writer, sample))));
        }
        return enrollment(customerId, references, enrolledAt);
    }

    public static EnrollmentEvent enrollment(
            String customerId, List<ReferenceImage> references, Instant enrolledAt) {
        return EnrollmentEvent.newBuilder()
                .setCustomerId(customerId)
                .setReferences(references)
                .setEnrolledAt(enrolledAt)
                .build();
    }

    /** A reference PNG image. */
    public static ReferenceImage reference(String referenceId, byte[] png) {
        return reference(referenceId, png, "image/png");
    }

    /** A reference image of the content type given. */
    public static ReferenceImage reference(String referenceId, byte[] image, String contentType) {
        return ReferenceImage.newBuilder()
                .setReferenceId(referenceId)
                .setImage(ByteBuffer.wrap(image))
                .setContentType(contentType)
                .build();
    }

    /** A request for the whole of {@code image} (claimed to be a PNG, whatever its bytes are). */
    public static VerificationRequest request(
            String requestId, byte[] image, Instant submittedAt, String source) {
        return request(requestId, image, "image/png", submittedAt, source);
    }

    /** A request for the whole of {@code image}, of the content type given. */
    public static VerificationRequest request(
            String requestId,
            byte[] image,
            String contentType,
            Instant submittedAt,
            String source) {
        return VerificationRequest.newBuilder()
                .setRequestId(requestId)
                .setDocumentId("doc-" + requestId)
                .setImage(ByteBuffer.wrap(image))
                .setContentType(contentType)
                .setRegion(null)
                .setSubmittedAt(submittedAt)
                .setSource(source)
                .build();
    }

    public static byte[] png(BufferedImage image) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
