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
 * The demo's synthetic customers and requests, each request with its ground truth: genuine, a
 * skilled forgery of the customer, or a random forgery (another customer's genuine signature).
 */
final class DemoWorkload {

    /** What a request really is. */
    enum Truth {
        GENUINE,
        SKILLED_FORGERY,
        RANDOM_FORGERY,
        NOT_ENROLLED,
        CORRUPT
    }

    record Request(String customerId, VerificationRequest request, Truth truth) {}

    private final SyntheticSignatures signatures;
    private final int customers;
    private final int references;
    private final int requestsPerCustomer;

    DemoWorkload(long seed, int customers, int references, int requestsPerCustomer) {
        this.signatures = new SyntheticSignatures(seed);
        this.customers = customers;
        this.references = references;
        this.requestsPerCustomer = requestsPerCustomer;
    }

    static String customerId(int writer) {
        return String.format("customer-%03d", writer);
    }

    List<EnrollmentEvent> enrollments() {
        List<EnrollmentEvent> events = new ArrayList<>();
        for (int w = 0; w < customers; w++) {
            List<ReferenceImage> images = new ArrayList<>();
            for (int r = 0; r < references; r++) {
                images.add(
                        ReferenceImage.newBuilder()
                                .setReferenceId("ref-" + r)
                                .setImage(ByteBuffer.wrap(png(signatures.genuine(w, r))))
                                .setContentType("image/png")
                                .build());
            }
            events.add(
                    EnrollmentEvent.newBuilder()
                            .setCustomerId(customerId(w))
                            .setReferences(images)
                            .setEnrolledAt(Instant.now())
                            .build());
        }
        return events;
    }

    /** Half genuine, a quarter skilled and a quarter random forgeries; a few edge cases. */
    List<Request> requests() {
        List<Request> requests = new ArrayList<>();
        for (int w = 0; w < customers; w++) {
            for (int i = 0; i < requestsPerCustomer; i++) {
                Truth truth =
                        i % 4 == 0 || i % 4 == 2
                                ? Truth.GENUINE
                                : i % 4 == 1 ? Truth.SKILLED_FORGERY : Truth.RANDOM_FORGERY;
                BufferedImage image =
                        switch (truth) {
                            case GENUINE -> signatures.genuine(w, references + i);
                            case SKILLED_FORGERY -> signatures.skilledForgery(w, i);
                            default -> signatures.genuine((w + 1 + i) % customers, references + i);
                        };
                requests.add(request(customerId(w), "req-" + w + "-" + i, png(image), truth));
            }
        }
        requests.add(
                request(
                        "customer-unknown",
                        "req-unknown",
                        png(signatures.genuine(0, 99)),
                        Truth.NOT_ENROLLED));
        requests.add(
                request(
                        customerId(0),
                        "req-corrupt",
                        "this is not an image".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        Truth.CORRUPT));
        return requests;
    }

    private static Request request(String customer, String id, byte[] image, Truth truth) {
        VerificationRequest request =
                VerificationRequest.newBuilder()
                        .setRequestId(id)
                        .setDocumentId("doc-" + id)
                        .setImage(ByteBuffer.wrap(image))
                        .setContentType("image/png")
                        .setRegion(null)
                        .setSubmittedAt(Instant.now())
                        .setSource("demo")
                        .build();
        return new Request(customer, request, truth);
    }

    private static byte[] png(BufferedImage image) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
