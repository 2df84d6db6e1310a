package io.countersign.streams.topology;

import io.countersign.core.image.ImageLimits;
import io.countersign.core.scoring.Aggregation;
import io.countersign.streams.enrollment.ReferencesFormat;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Everything the verification topology can be configured with, defaults in {@link #defaults()}; the
 * service maps its configuration keys (docs/topology.md) onto it.
 *
 * @param topics names of the input, output and dead-letter topics
 * @param stores names of the state stores
 * @param batch micro-batching of verification requests
 * @param aggregationOverride aggregation of reference distances to use instead of the model card's
 *     (its threshold and calibration were fitted for the card's)
 * @param thresholdOverride decision threshold to use instead of the model card's
 * @param imageLimits size limits for request and reference images
 * @param maxRecordBytes largest record the topology writes (store changelogs, dead letters)
 */
public record TopologySettings(
        TopicNames topics,
        StoreNames stores,
        BatchSettings batch,
        Optional<Aggregation> aggregationOverride,
        OptionalDouble thresholdOverride,
        ImageLimits imageLimits,
        int maxRecordBytes) {

    /** Names of the topics; the two inputs must be co-partitioned. */
    public record TopicNames(
            String enrollments,
            String requests,
            String verdicts,
            String requestsDlq,
            String enrollmentsDlq) {
        public TopicNames {
            requireNames(enrollments, requests, verdicts, requestsDlq, enrollmentsDlq);
        }
    }

    /**
     * Names of the state stores (and hence of their changelog topics), and the format reference
     * sets are written in.
     *
     * @param referencesFormat the current format (4: bitonal and pen views), or, for the first
     *     rolling restart of an upgrade from a version that cannot read it, the newest that version
     *     reads: 3 (no pen views made or used) or 2 (no bitonal views either; requests scored as
     *     scanned, as that version scores them)
     */
    public record StoreNames(String references, String pending, ReferencesFormat referencesFormat) {
        public StoreNames {
            requireNames(references, pending);
            if (references.equals(pending)) {
                throw new IllegalArgumentException("the two stores need different names");
            }
            Objects.requireNonNull(referencesFormat, "referencesFormat");
        }

        /**
         * The names, writing the format of this number.
         *
         * @throws IllegalArgumentException for a format this version does not write
         */
        public StoreNames(String references, String pending, int referencesFormat) {
            this(references, pending, ReferencesFormat.of(referencesFormat));
        }

        /** The names, writing the current format. */
        public StoreNames(String references, String pending) {
            this(references, pending, ReferencesFormat.current());
        }
    }

    /**
     * When a batch of waiting requests is embedded.
     *
     * @param maxSize flush as soon as this many requests wait
     * @param maxDelay flush when the oldest waiting request has waited this long (wall clock)
     * @param punctuationInterval how often the wall-clock check runs
     * @param flushWhenIdle whether the wall-clock check also flushes a partial batch at once when
     *     the model is free, rather than only when it is overdue
     */
    public record BatchSettings(
            int maxSize, Duration maxDelay, Duration punctuationInterval, boolean flushWhenIdle) {
        public BatchSettings {
            if (maxSize < 1) {
                throw new IllegalArgumentException("batch max size must be at least 1");
            }
            if (maxDelay.isNegative() || punctuationInterval.isNegative()) {
                throw new IllegalArgumentException("batch delays must not be negative");
            }
            if (punctuationInterval.toMillis() < 1) {
                throw new IllegalArgumentException("punctuation interval must be at least 1 ms");
            }
        }
    }

    public TopologySettings {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(stores, "stores");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(aggregationOverride, "aggregationOverride");
        Objects.requireNonNull(thresholdOverride, "thresholdOverride");
        Objects.requireNonNull(imageLimits, "imageLimits");
        if (maxRecordBytes < 1024 * 1024) {
            throw new IllegalArgumentException("max record bytes must be at least 1 MiB");
        }
    }

    /** The documented defaults. */
    public static TopologySettings defaults() {
        return new TopologySettings(
                new TopicNames(
                        "signature.enrollments",
                        "signature.requests",
                        "signature.verdicts",
                        "signature.requests.dlq",
                        "signature.enrollments.dlq"),
                new StoreNames("reference-sets", "pending-requests"),
                new BatchSettings(32, Duration.ofMillis(50), Duration.ofMillis(10), true),
                Optional.empty(),
                OptionalDouble.empty(),
                ImageLimits.DEFAULT,
                16 * 1024 * 1024);
    }

    /** These settings with another batch size and delay, flushing on size and delay only. */
    public TopologySettings withBatch(int maxSize, Duration maxDelay) {
        return withBatch(maxSize, maxDelay, false);
    }

    /** These settings with another batch size, delay and idle-flush choice. */
    public TopologySettings withBatch(int maxSize, Duration maxDelay, boolean flushWhenIdle) {
        return new TopologySettings(
                topics,
                stores,
                new BatchSettings(maxSize, maxDelay, batch.punctuationInterval(), flushWhenIdle),
                aggregationOverride,
                thresholdOverride,
                imageLimits,
                maxRecordBytes);
    }

    /** These settings with a fixed decision threshold instead of the model card's. */
    public TopologySettings withThreshold(double threshold) {
        return new TopologySettings(
                topics,
                stores,
                batch,
                aggregationOverride,
                OptionalDouble.of(threshold),
                imageLimits,
                maxRecordBytes);
    }

    /** These settings with other image limits. */
    public TopologySettings withImageLimits(ImageLimits limits) {
        return new TopologySettings(
                topics,
                stores,
                batch,
                aggregationOverride,
                thresholdOverride,
                limits,
                maxRecordBytes);
    }

    /** These settings writing reference sets in another format (3 or 2 while upgrading). */
    public TopologySettings withReferencesFormat(int format) {
        return new TopologySettings(
                topics,
                new StoreNames(stores.references(), stores.pending(), format),
                batch,
                aggregationOverride,
                thresholdOverride,
                imageLimits,
                maxRecordBytes);
    }

    /** These settings with another aggregation of reference distances than the card's. */
    public TopologySettings withAggregation(Aggregation other) {
        return new TopologySettings(
                topics,
                stores,
                batch,
                Optional.of(other),
                thresholdOverride,
                imageLimits,
                maxRecordBytes);
    }

    private static void requireNames(String... names) {
        for (String name : names) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("topic and store names must not be blank");
            }
        }
    }
}
