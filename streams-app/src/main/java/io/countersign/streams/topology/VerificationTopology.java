package io.countersign.streams.topology;

import io.countersign.core.image.ImageLimits;
import io.countersign.core.model.ModelCard;
import io.countersign.core.preprocess.SignaturePreprocessor;
import io.countersign.core.scoring.ReviewBand;
import io.countersign.core.scoring.ScoringRule;
import io.countersign.schemas.serde.EventFormats;
import io.countersign.streams.batching.MicroBatcher;
import io.countersign.streams.batching.PendingRequestSerde;
import io.countersign.streams.dlq.DeadLetterDeserializationHandler;
import io.countersign.streams.dlq.DeadLetterProcessingHandler;
import io.countersign.streams.dlq.DeadLetterRoutes;
import io.countersign.streams.enrollment.EnrollmentProcessor;
import io.countersign.streams.enrollment.ReferenceEncoder;
import io.countersign.streams.enrollment.ReferenceSetSerde;
import io.countersign.streams.enrollment.ReferencesFormat;
import io.countersign.streams.inference.Embedder;
import io.countersign.streams.metrics.PipelineObserver;
import io.countersign.streams.verification.RefusedRequestOutput;
import io.countersign.streams.verification.RequestIntake;
import io.countersign.streams.verification.ScoringRules;
import io.countersign.streams.verification.VerdictOutput;
import io.countersign.streams.verification.VerdictScorer;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the verification topology: enrolments keep a reference store, requests are validated, wait
 * in a changelogged pending store for their micro-batch, are embedded in one model call, scored
 * against their customer's references and answered with a verdict; bad input goes to the
 * dead-letter topics through Kafka Streams' exception handlers (KIP-1034), and a waiting request
 * that only the served model refuses, from its batch.
 */
public final class VerificationTopology {

    private static final Logger log = LoggerFactory.getLogger(VerificationTopology.class);

    public static final String ENROLLMENTS_SOURCE = "enrollments-source";
    public static final String ENROL = "decode-validate-embed-references";
    public static final String REQUESTS_SOURCE = "requests-source";
    public static final String VALIDATE = "decode-validate-request";
    public static final String BATCH = "pending-batch-embed-join-score";
    public static final String ANSWERED = "verdicts-of-batch";
    public static final String REFUSED = "dead-letter-refused-in-batch";
    public static final String VERDICTS_SINK = "verdicts-sink";
    public static final String REFUSED_SINK = "requests-dlq-sink";

    // Images were checked against the configured limits when they were admitted; a later,
    // stricter configuration must not turn an admitted request or reference into a failure.
    private static final ImageLimits ADMITTED = new ImageLimits(Long.MAX_VALUE, Long.MAX_VALUE);

    private VerificationTopology() {}

    /** The topology for {@code settings}, embedding with {@code embedder} (shared, thread-safe). */
    public static Topology build(TopologySettings settings, Embedder embedder) {
        return build(settings, embedder, PipelineObserver.NONE);
    }

    /** As {@link #build(TopologySettings, Embedder)}, reporting its work to {@code observer}. */
    public static Topology build(
            TopologySettings settings, Embedder embedder, PipelineObserver observer) {
        return build(settings, EventFormats.singleObject(), embedder, observer);
    }

    /**
     * The topology reading and writing its events as {@code formats} says (with a schema registry:
     * both framings read, verdicts written in the registry's).
     */
    public static Topology build(
            TopologySettings settings,
            EventFormats formats,
            Embedder embedder,
            PipelineObserver observer) {
        VerificationTopics topics = VerificationTopics.of(settings, formats);
        TopologySettings.StoreNames stores = settings.stores();
        ModelCard card = embedder.card();
        SignaturePreprocessor admission =
                new SignaturePreprocessor(card.preprocessing(), settings.imageLimits());
        SignaturePreprocessor admitted = new SignaturePreprocessor(card.preprocessing(), ADMITTED);
        ReferencesFormat format = stores.referencesFormat();
        ReferenceEncoder enrolment = new ReferenceEncoder(embedder, admission, observer, format);
        ReferenceEncoder reembedding = new ReferenceEncoder(embedder, admitted, observer, format);
        ScoringRule rule =
                ScoringRules.served(
                        card, settings.aggregationOverride(), settings.thresholdOverride());
        Optional<ReviewBand> reviewBand = ScoringRules.reviewBand(card, rule);
        log.info("Scoring: {}", ScoringRules.describe(card, rule, reviewBand));

        Topology topology = new Topology();
        topology.addSource(
                AutoOffsetReset.earliest(),
                ENROLLMENTS_SOURCE,
                topics.enrollments().keySerde().deserializer(),
                topics.enrollments().valueSerde().deserializer(),
                topics.enrollments().name());
        topology.addProcessor(
                ENROL,
                () -> new EnrollmentProcessor(stores.references(), enrolment),
                ENROLLMENTS_SOURCE);
        topology.addSource(
                AutoOffsetReset.earliest(),
                REQUESTS_SOURCE,
                topics.requests().keySerde().deserializer(),
                topics.requests().valueSerde().deserializer(),
                topics.requests().name());
        topology.addProcessor(
                VALIDATE, () -> new RequestIntake(admission, observer), REQUESTS_SOURCE);
        topology.addProcessor(
                BATCH,
                () ->
                        new MicroBatcher<>(
                                settings.batch(),
                                stores.pending(),
                                new VerdictScorer(
                                        stores.references(),
                                        embedder,
                                        reembedding,
                                        admitted,
                                        rule,
                                        reviewBand,
                                        observer)),
                VALIDATE);
        Map<String, String> changelog =
                Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "" + settings.maxRecordBytes());
        // Both stores on the batching node put enrolments and requests in one sub-topology, so a
        // request meets its customer's references in the same task.
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(stores.references()),
                                Serdes.String(),
                                new ReferenceSetSerde(format))
                        .withLoggingEnabled(changelog),
                ENROL,
                BATCH);
        // Cached: most requests are put and deleted within one commit interval, and the cache
        // then sends the changelog only a tombstone, not the image a second time through the
        // broker. Exactly-once flushes the cache into RocksDB and the changelog before each
        // commit, so what is committed still holds every request that waits.
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(stores.pending()),
                                Serdes.Long(),
                                new PendingRequestSerde())
                        .withCachingEnabled()
                        .withLoggingEnabled(changelog),
                BATCH);
        // A batch answers each request with a verdict or, for one that the served model's
        // preprocessing refuses though an earlier version admitted it, a dead letter.
        topology.addProcessor(ANSWERED, VerdictOutput::new, BATCH);
        topology.addProcessor(
                REFUSED,
                () ->
                        new RefusedRequestOutput(
                                topics.requests().name(), topics.requestsDlq().name()),
                BATCH);
        topology.addSink(
                VERDICTS_SINK,
                topics.verdicts().name(),
                topics.verdicts().keySerde().serializer(),
                topics.verdicts().valueSerde().serializer(),
                ANSWERED);
        topology.addSink(
                REFUSED_SINK,
                topics.requestsDlq().name(),
                topics.requestsDlq().keySerde().serializer(),
                topics.requestsDlq().valueSerde().serializer(),
                REFUSED);
        return topology;
    }

    /**
     * The Kafka Streams properties this topology relies on: exactly-once with transactional state
     * stores, the dead-letter handlers and their routes, and room for image-sized records. The
     * service adds its own (application id, bootstrap servers, state directory) on top.
     */
    public static Properties streamsProperties(TopologySettings settings) {
        TopologySettings.TopicNames names = settings.topics();
        Properties props = new Properties();
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, "true");
        props.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterDeserializationHandler.class.getName());
        props.put(
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterProcessingHandler.class.getName());
        // There is no global store; enabling the handler there too is Kafka 5.0's default, and
        // without it every StreamsConfig built at start-up WARNs that it is off.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        // Each main consumer's partition assignor builds a StreamsConfig of its own from the
        // consumer's settings, which carry only consumer keys and prefixed ones.
        props.put(
                StreamsConfig.mainConsumerPrefix(
                        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG),
                "true");
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, names.requestsDlq());
        props.put(
                DeadLetterRoutes.CONFIG,
                new DeadLetterRoutes(
                                Map.of(
                                        names.requests(), names.requestsDlq(),
                                        names.enrollments(), names.enrollmentsDlq()))
                        .format());
        props.put(
                StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                settings.maxRecordBytes());
        // The wall-clock punctuator only runs between polls: poll no longer than it is due.
        props.put(
                StreamsConfig.POLL_MS_CONFIG,
                Math.max(1L, settings.batch().punctuationInterval().toMillis()));
        return props;
    }
}
