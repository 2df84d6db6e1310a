package io.countersign.streams.demo;

import io.countersign.datasets.SignatureDataset;
import io.countersign.datasets.SignatureSample;
import io.countersign.events.EnrollmentEvent;
import io.countersign.events.ReferenceImage;
import io.countersign.streams.cli.Images;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Customers from a corpus of real scans, in any layout the trainer reads: each picked writer is
 * enrolled with {@code references} of their genuine signatures drawn at random, and questioned with
 * the rest of them, their skilled forgeries and as many other customers' genuine signatures (random
 * forgeries), as the service protocol of {@code countersign evaluate} does. Each file's bytes are
 * sent as they are, with the content type its extension names, as an upstream team would send its
 * scans.
 */
final class ScanWorkload implements Workload {

    private record Customer(
            String id,
            List<SignatureSample> references,
            List<SignatureSample> questioned,
            List<SignatureSample> forgeries) {}

    private final String source;
    private final List<Customer> customers = new ArrayList<>();
    private final int perKind;
    private final int writersWithTooFewGenuine;
    private final Map<Path, byte[]> files = new HashMap<>();

    /**
     * @param maxCustomers how many writers become customers at most, picked at random
     * @param references genuine signatures each customer enrols; a writer needs one more
     * @param perKind questioned signatures of each kind per customer at most
     */
    ScanWorkload(SignatureDataset data, int maxCustomers, int references, int perKind, long seed) {
        this.source = data.description();
        this.perKind = perKind;
        Random random = new Random(seed);
        List<String> writers = new ArrayList<>(data.writers());
        Collections.shuffle(writers, random);
        int tooFew = 0;
        for (String writer : writers) {
            List<SignatureSample> genuine = new ArrayList<>(data.genuine(writer));
            if (genuine.size() <= references) {
                tooFew++;
                continue;
            }
            if (customers.size() < maxCustomers) {
                Collections.shuffle(genuine, random);
                // Customer ids are made up: a corpus's writer folders may carry people's names.
                customers.add(
                        new Customer(
                                String.format("customer-%03d", customers.size()),
                                genuine.subList(0, references),
                                genuine.subList(references, genuine.size()),
                                data.forgeries(writer)));
            }
        }
        this.writersWithTooFewGenuine = tooFew;
        if (customers.isEmpty()) {
            throw new IllegalArgumentException(
                    "no writer of "
                            + source
                            + " has more than "
                            + references
                            + " genuine signatures: lower --references, or point --scans at a"
                            + " corpus with more signatures per writer");
        }
    }

    @Override
    public String source() {
        return source;
    }

    /** How many customers the run enrols. */
    int customers() {
        return customers.size();
    }

    /** Writers left out because they have no genuine signature to question after enrolment. */
    int writersWithTooFewGenuine() {
        return writersWithTooFewGenuine;
    }

    @Override
    public List<EnrollmentEvent> enrollments() {
        List<EnrollmentEvent> events = new ArrayList<>();
        for (Customer customer : customers) {
            List<ReferenceImage> references = new ArrayList<>();
            for (SignatureSample sample : customer.references()) {
                references.add(
                        SyntheticEvents.reference(
                                "ref-" + references.size(),
                                bytes(sample.path()),
                                Images.contentType(sample.path())));
            }
            events.add(SyntheticEvents.enrollment(customer.id(), references, Instant.now()));
        }
        return events;
    }

    @Override
    public List<Request> requests() {
        List<Request> requests = new ArrayList<>();
        for (int c = 0; c < customers.size(); c++) {
            Customer customer = customers.get(c);
            List<SignatureSample> genuine = first(customer.questioned());
            for (SignatureSample sample : genuine) {
                requests.add(request(customer.id(), requests.size(), sample, Truth.GENUINE));
            }
            for (SignatureSample sample : first(customer.forgeries())) {
                requests.add(
                        request(customer.id(), requests.size(), sample, Truth.SKILLED_FORGERY));
            }
            // One genuine signature of each of the next customers, as many as questioned genuine.
            int randoms = Math.min(genuine.size(), customers.size() - 1);
            for (int i = 0; i < randoms; i++) {
                List<SignatureSample> other =
                        customers.get((c + 1 + i) % customers.size()).questioned();
                requests.add(
                        request(
                                customer.id(),
                                requests.size(),
                                other.get(i % other.size()),
                                Truth.RANDOM_FORGERY));
            }
        }
        requests.add(
                request(
                        "customer-unknown",
                        requests.size(),
                        customers.get(0).questioned().get(0),
                        Truth.NOT_ENROLLED));
        requests.add(Request.corrupt(customers.get(0).id(), "scan-corrupt"));
        return requests;
    }

    private List<SignatureSample> first(List<SignatureSample> samples) {
        return samples.subList(0, Math.min(perKind, samples.size()));
    }

    private Request request(String customerId, int index, SignatureSample sample, Truth truth) {
        return new Request(
                customerId,
                SyntheticEvents.request(
                        "scan-" + index,
                        bytes(sample.path()),
                        Images.contentType(sample.path()),
                        Instant.now(),
                        "demo"),
                truth);
    }

    /** A file's bytes, read once however often it is sent. */
    private byte[] bytes(Path file) {
        return files.computeIfAbsent(file, f -> Images.read(f).array());
    }
}
