package io.countersign.streams.enrollment;

import io.countersign.events.EnrollmentEvent;
import io.countersign.events.ReferenceImage;
import io.countersign.schemas.ErrorCode;
import io.countersign.streams.dlq.DeadLetterException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the reference store in step with the compacted enrolment topic: a set replaces the
 * customer's previous one, a tombstone erases it, and a set with a bad image is a dead letter that
 * leaves the previous set in place.
 */
public final class EnrollmentProcessor implements Processor<String, EnrollmentEvent, Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(EnrollmentProcessor.class);

    private final String storeName;
    private final ReferenceEncoder encoder;
    private KeyValueStore<String, ReferenceSet> store;

    public EnrollmentProcessor(String storeName, ReferenceEncoder encoder) {
        this.storeName = storeName;
        this.encoder = encoder;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, EnrollmentEvent> record) {
        if (record.key() == null || record.key().isBlank()) {
            throw new DeadLetterException(ErrorCode.MISSING_KEY, "enrolment has no customer id");
        }
        if (record.value() == null) {
            store.delete(record.key());
            log.info("Erased a customer's reference set on a tombstone");
            return;
        }
        if (!record.key().equals(record.value().getCustomerId())) {
            // The key routes and stores the set; a value naming someone else is a producer bug
            // that must not enrol one customer's signatures under another's id.
            throw new DeadLetterException(
                    ErrorCode.SCHEMA_MISMATCH, "the customer id in the value differs from the key");
        }
        List<EnrolledImage> images = images(record.value());
        if (images.isEmpty()) {
            throw new DeadLetterException(
                    ErrorCode.INVALID_IMAGE, "an enrolment needs at least one reference image");
        }
        ReferenceSet set = encoder.enrol(images, enrolledAt(record));
        store.put(record.key(), set);
        log.debug("Enrolled {} references with model {}", images.size(), set.modelVersion());
    }

    private static List<EnrolledImage> images(EnrollmentEvent event) {
        List<EnrolledImage> images = new ArrayList<>();
        if (event.getReferences() == null) {
            return images;
        }
        for (ReferenceImage reference : event.getReferences()) {
            images.add(
                    new EnrolledImage(
                            reference.getReferenceId(),
                            bytes(reference.getImage()),
                            reference.getContentType(),
                            null));
        }
        return images;
    }

    private static Instant enrolledAt(Record<String, EnrollmentEvent> record) {
        Instant enrolledAt = record.value().getEnrolledAt();
        return enrolledAt != null ? enrolledAt : Instant.ofEpochMilli(record.timestamp());
    }

    static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }
}
