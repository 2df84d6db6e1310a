package io.countersign.streams.metrics;

import io.countersign.core.image.ImageTone;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The service's own meters, named by Prometheus conventions with base units; labels are only
 * decisions, error codes and topics, never a customer or request id.
 */
public final class PipelineMetrics implements PipelineObserver {

    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)
    };

    private final MeterRegistry registry;
    private final Timer latency;
    private final DistributionSummary batchSize;
    private final Timer embedderRun;
    private final Timer preprocessing;
    private final Counter reembeddings;
    private final Counter embedderErrors;
    private final Counter penViewComparisons;
    // One counter per tone, registered up front: both series exist from the start, and a request
    // costs an increment, not a registry lookup.
    private final Map<ImageTone, Counter> admitted = new EnumMap<>(ImageTone.class);
    // The same for verdicts marked for review, by the two decisions a review can concern: the
    // share referred reads 0, not "no data", under a card without a review band.
    private final Map<String, Counter> reviews = new HashMap<>();

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.latency =
                Timer.builder("countersign.verdict.latency")
                        .description("Time from a request's submittedAt to its verdict")
                        .serviceLevelObjectives(LATENCY_BUCKETS)
                        .publishPercentiles()
                        .register(registry);
        this.batchSize =
                DistributionSummary.builder("countersign.embedder.batch.size")
                        .description("Images per embedder call (one micro-batch)")
                        .baseUnit("images")
                        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64)
                        .register(registry);
        this.embedderRun =
                Timer.builder("countersign.embedder.run")
                        .description("Embedder time per batch")
                        .serviceLevelObjectives(
                                Duration.ofMillis(10), Duration.ofMillis(50),
                                Duration.ofMillis(100), Duration.ofMillis(250),
                                Duration.ofMillis(500), Duration.ofSeconds(1))
                        .register(registry);
        this.preprocessing =
                Timer.builder("countersign.preprocess")
                        .description("Time to decode, crop and normalise one image")
                        .serviceLevelObjectives(
                                Duration.ofMillis(5), Duration.ofMillis(10),
                                Duration.ofMillis(25), Duration.ofMillis(50),
                                Duration.ofMillis(100), Duration.ofMillis(250))
                        .register(registry);
        this.reembeddings =
                Counter.builder("countersign.reembeddings")
                        .description("Stored reference sets re-embedded by a new model version")
                        .register(registry);
        this.embedderErrors =
                Counter.builder("countersign.embedder.errors")
                        .description("Embedder calls that failed")
                        .register(registry);
        this.penViewComparisons =
                Counter.builder("countersign.pen.view.comparisons")
                        .description(
                                "Requests compared with the references as a broader pen would"
                                        + " have written them")
                        .register(registry);
        for (String decision : List.of("GENUINE", "FORGED")) {
            reviews.put(
                    decision,
                    Counter.builder("countersign.verdicts.review")
                            .description(
                                    "Verdicts sent with review set (in the model card's review"
                                            + " band), by decision")
                            .tag("decision", decision)
                            .register(registry));
        }
        for (ImageTone tone : ImageTone.values()) {
            admitted.put(
                    tone,
                    Counter.builder("countersign.requests.admitted")
                            .description(
                                    "Requests admitted for scoring, by the tone of their image")
                            .tag("tone", tone.name().toLowerCase(Locale.ROOT))
                            .register(registry));
        }
    }

    /**
     * Counts a verdict sent with {@code decision}, records its end-to-end latency, and counts it
     * among the verdicts referred for review where {@code review} (the verdict's own field, under a
     * card with a review band).
     */
    public void verdict(String decision, long latencyMillis, boolean review) {
        Counter.builder("countersign.verdicts")
                .description("Verdicts sent, by decision")
                .tag("decision", decision)
                .register(registry)
                .increment();
        Counter reviewed = reviews.get(decision);
        if (review && reviewed != null) {
            reviewed.increment();
        }
        if (latencyMillis >= 0) {
            latency.record(Duration.ofMillis(latencyMillis));
        }
    }

    /** Counts a dead letter sent to {@code topic} with {@code code}. */
    public void deadLetter(String topic, String code) {
        Counter.builder("countersign.dead.letters")
                .description("Dead letters sent, by error code and dead-letter topic")
                .tag("code", code)
                .tag("topic", topic)
                .register(registry)
                .increment();
    }

    /**
     * Counts an admitted request by its image's tone: a rising bitonal share means an upstream now
     * sends bitonal images (cheque image exchange), scored against the references' bitonal view,
     * where accuracy is lower (docs/benchmarks.md).
     */
    @Override
    public void admitted(ImageTone tone) {
        admitted.get(tone).increment();
    }

    /** Records one embedder call over {@code images} images that took {@code nanos}. */
    public void embedded(int images, long nanos) {
        batchSize.record(images);
        embedderRun.record(Duration.ofNanos(nanos));
    }

    @Override
    public void preprocessed(long nanos) {
        preprocessing.record(Duration.ofNanos(nanos));
    }

    @Override
    public void reembedded(int references) {
        reembeddings.increment();
    }

    /**
     * Counts a request compared with the references' broader-pen view: its share of the verdicts is
     * the share of requests whose strokes look broader than their customer's enrolled ones.
     */
    @Override
    public void comparedWithBroaderPen() {
        penViewComparisons.increment();
    }

    /** Counts an embedder call that threw. */
    public void embedderFailed() {
        embedderErrors.increment();
    }
}
