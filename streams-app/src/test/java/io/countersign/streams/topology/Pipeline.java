package io.countersign.streams.topology;

import io.countersign.events.EnrollmentEvent;
import io.countersign.events.Verdict;
import io.countersign.events.VerificationRequest;
import io.countersign.streams.enrollment.ReferenceSet;
import io.countersign.streams.inference.Embedder;
import io.countersign.streams.metrics.PipelineObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/** One TopologyTestDriver over the verification topology, with its topics; close after use. */
final class Pipeline implements AutoCloseable {

    static final Instant WALL_CLOCK_START = Instant.parse("2026-11-28T09:00:05Z");

    final TopologySettings settings;
    final TopologyTestDriver driver;
    final TestInputTopic<String, EnrollmentEvent> enrollments;
    final TestInputTopic<String, VerificationRequest> requests;
    final TestInputTopic<String, byte[]> rawRequests;
    final TestOutputTopic<String, Verdict> verdicts;
    final TestOutputTopic<byte[], byte[]> requestsDlq;
    final TestOutputTopic<byte[], byte[]> enrollmentsDlq;

    Pipeline(TopologySettings settings, Embedder embedder, Path stateDir) {
        this(settings, embedder, stateDir, PipelineObserver.NONE);
    }

    Pipeline(
            TopologySettings settings,
            Embedder embedder,
            Path stateDir,
            PipelineObserver observer) {
        this.settings = settings;
        Properties props = VerificationTopology.streamsProperties(settings);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "countersign-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver =
                new TopologyTestDriver(
                        VerificationTopology.build(settings, embedder, observer),
                        props,
                        WALL_CLOCK_START);
        VerificationTopics topics = VerificationTopics.of(settings);
        enrollments = input(topics.enrollments());
        requests = input(topics.requests());
        rawRequests =
                driver.createInputTopic(
                        topics.requests().name(),
                        new StringSerializer(),
                        new ByteArraySerializer());
        verdicts = output(topics.verdicts());
        requestsDlq = output(topics.requestsDlq());
        enrollmentsDlq = output(topics.enrollmentsDlq());
    }

    /** Lets wall-clock time pass beyond the batch delay, so every waiting request is flushed. */
    void waitForBatchDelay() {
        driver.advanceWallClockTime(
                settings.batch().maxDelay().plus(settings.batch().punctuationInterval()));
        driver.advanceWallClockTime(Duration.ofMillis(1));
    }

    KeyValueStore<String, ReferenceSet> references() {
        return driver.getKeyValueStore(settings.stores().references());
    }

    private <K, V> TestInputTopic<K, V> input(Topic<K, V> topic) {
        return driver.createInputTopic(
                topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private <K, V> TestOutputTopic<K, V> output(Topic<K, V> topic) {
        return driver.createOutputTopic(
                topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    @Override
    public void close() {
        driver.close();
    }
}
