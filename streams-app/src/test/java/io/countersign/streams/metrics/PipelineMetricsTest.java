package io.countersign.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.core.image.ImageTone;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class PipelineMetricsTest {

    @Test
    void admittedRequestsAreCountedByTheToneOfTheirImage() {
        // Given metrics on a registry
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PipelineMetrics metrics = new PipelineMetrics(registry);

        // When two bitonal requests and one grey one are admitted
        metrics.admitted(ImageTone.BITONAL);
        metrics.admitted(ImageTone.GREY);
        metrics.admitted(ImageTone.BITONAL);

        // Then each tone has its own count, under a label an operator can read
        assertThat(admitted(registry, "bitonal")).isEqualTo(2.0);
        assertThat(admitted(registry, "grey")).isEqualTo(1.0);
    }

    @Test
    void comparisonsWithTheBroaderPenAreCountedWithoutLabels() {
        // Given metrics on a registry
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PipelineMetrics metrics = new PipelineMetrics(registry);

        // When two requests are compared with their references' pen view
        metrics.comparedWithBroaderPen();
        metrics.comparedWithBroaderPen();

        // Then one counter, registered up front and without labels, counts both
        assertThat(registry.get("countersign.pen.view.comparisons").counter().count())
                .isEqualTo(2.0);
        assertThat(registry.get("countersign.pen.view.comparisons").counter().getId().getTags())
                .isEmpty();
    }

    @Test
    void verdictsMarkedForReviewAreCountedBesideAllVerdictsByDecision() {
        // Given metrics on a registry
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PipelineMetrics metrics = new PipelineMetrics(registry);

        // Then both series exist before any verdict, at 0
        assertThat(review(registry, "GENUINE")).isZero();
        assertThat(review(registry, "FORGED")).isZero();

        // When three verdicts are sent, two of them marked for review
        metrics.verdict("GENUINE", 40, true);
        metrics.verdict("FORGED", 40, true);
        metrics.verdict("FORGED", 40, false);
        metrics.verdict("NOT_ENROLLED", 40, false);

        // Then every verdict is counted by decision, and the reviewed ones again
        assertThat(registry.get("countersign.verdicts").tag("decision", "FORGED").counter().count())
                .isEqualTo(2.0);
        assertThat(review(registry, "GENUINE")).isEqualTo(1.0);
        assertThat(review(registry, "FORGED")).isEqualTo(1.0);
        assertThat(
                        registry.find("countersign.verdicts.review")
                                .tag("decision", "NOT_ENROLLED")
                                .counter())
                .isNull();
    }

    private static double review(SimpleMeterRegistry registry, String decision) {
        return registry.get("countersign.verdicts.review")
                .tag("decision", decision)
                .counter()
                .count();
    }

    private static double admitted(SimpleMeterRegistry registry, String tone) {
        return registry.get("countersign.requests.admitted").tag("tone", tone).counter().count();
    }
}
