package io.countersign.streams.demo;

import io.countersign.datasets.synthetic.SyntheticSignatures;
import io.countersign.events.EnrollmentEvent;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's synthetic customers and requests, each request with its ground truth: genuine, a
 * skilled forgery of the customer, or a random forgery (another customer's genuine signature).
 */
final class SyntheticWorkload implements Workload {

    private final SyntheticSignatures signatures;
    private final int customers;
    private final int references;
    private final int requestsPerCustomer;
    private final String idPrefix;

    SyntheticWorkload(long seed, int customers, int references, int requestsPerCustomer) {
        this(seed, customers, references, requestsPerCustomer, "req");
    }

    /** As above, with request ids starting {@code idPrefix}, so runs on one service stay apart. */
    SyntheticWorkload(
            long seed, int customers, int references, int requestsPerCustomer, String idPrefix) {
        this.idPrefix = idPrefix;
        this.signatures = new SyntheticSignatures(seed);
        this.customers = customers;
        this.references = references;
        this.requestsPerCustomer = requestsPerCustomer;
    }

    static String customerId(int writer) {
        return String.format("customer-%03d", writer);
    }

    @Override
    public String source() {
        return "synthetic customers";
    }

    @Override
    public List<EnrollmentEvent> enrollments() {
        List<EnrollmentEvent> events = new ArrayList<>();
        for (int w = 0; w < customers; w++) {
            events.add(
                    SyntheticEvents.enrollment(
                            signatures, w, customerId(w), references, Instant.now()));
        }
        return events;
    }

    /** Half genuine, a quarter skilled and a quarter random forgeries; a few edge cases. */
    @Override
    public List<Request> requests() {
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
                requests.add(
                        request(
                                customerId(w),
                                idPrefix + "-" + w + "-" + i,
                                SyntheticEvents.png(image),
                                truth));
            }
        }
        requests.add(
                request(
                        "customer-unknown",
                        idPrefix + "-unknown",
                        SyntheticEvents.png(signatures.genuine(0, 99)),
                        Truth.NOT_ENROLLED));
        requests.add(Request.corrupt(customerId(0), idPrefix + "-corrupt"));
        return requests;
    }

    private static Request request(String customer, String id, byte[] image, Truth truth) {
        return new Request(
                customer, SyntheticEvents.request(id, image, Instant.now(), "demo"), truth);
    }
}
