package io.countersign.streams.topology;

import io.countersign.events.EnrollmentEvent;
import io.countersign.events.Verdict;
import io.countersign.events.VerificationRequest;
import io.countersign.schemas.serde.EventFormats;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topics the verification topology reads and writes, with their serdes, built from the
 * settings; tests and tools produce and consume through the same values.
 *
 * @param enrollments compacted reference sets, key customerId
 * @param requests verification requests, key customerId, co-partitioned with enrollments
 * @param verdicts verdicts, key customerId
 * @param requestsDlq dead letters of requests, raw bytes as they arrived
 * @param enrollmentsDlq dead letters of enrolments, raw bytes as they arrived
 */
public record VerificationTopics(
        Topic<String, EnrollmentEvent> enrollments,
        Topic<String, VerificationRequest> requests,
        Topic<String, Verdict> verdicts,
        Topic<byte[], byte[]> requestsDlq,
        Topic<byte[], byte[]> enrollmentsDlq) {

    /** The topics named in {@code settings}, in single-object encoding (no schema registry). */
    public static VerificationTopics of(TopologySettings settings) {
        return of(settings, EventFormats.singleObject());
    }

    /** The topics named in {@code settings}, their events framed as {@code formats} says. */
    public static VerificationTopics of(TopologySettings settings, EventFormats formats) {
        TopologySettings.TopicNames names = settings.topics();
        return new VerificationTopics(
                new Topic<>(names.enrollments(), Serdes.String(), formats.enrollment()),
                new Topic<>(names.requests(), Serdes.String(), formats.request()),
                new Topic<>(names.verdicts(), Serdes.String(), formats.verdict()),
                new Topic<>(names.requestsDlq(), Serdes.ByteArray(), Serdes.ByteArray()),
                new Topic<>(names.enrollmentsDlq(), Serdes.ByteArray(), Serdes.ByteArray()));
    }
}
