package io.countersign.streams.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.events.Decision;
import io.countersign.events.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoReportTest {

    @Test
    void verdictsWithAReviewFlagAreReportedAsReferredOrDecidedWithoutReview() {
        // Given four genuine signatures (one referred, one rejected without review) and two
        // skilled forgeries (one referred, one rejected)
        DemoReport report = new DemoReport();
        report.add(Workload.Truth.GENUINE, verdict("g1", Decision.GENUINE, false), 50);
        report.add(Workload.Truth.GENUINE, verdict("g2", Decision.GENUINE, false), 50);
        report.add(Workload.Truth.GENUINE, verdict("g3", Decision.FORGED, true), 50);
        report.add(Workload.Truth.GENUINE, verdict("g4", Decision.FORGED, false), 50);
        report.add(Workload.Truth.SKILLED_FORGERY, verdict("s1", Decision.GENUINE, true), 50);
        report.add(Workload.Truth.SKILLED_FORGERY, verdict("s2", Decision.FORGED, false), 50);
        report.finish(Duration.ofSeconds(1), 6, 0);

        // Then a quarter of the genuine ones were referred and a quarter rejected unreviewed,
        // half the forgeries referred and none accepted unreviewed
        assertThat(report.referred(Workload.Truth.GENUINE)).isEqualTo(0.25);
        assertThat(report.automaticErrors(Workload.Truth.GENUINE)).isEqualTo(0.25);
        assertThat(report.referred(Workload.Truth.SKILLED_FORGERY)).isEqualTo(0.5);
        assertThat(report.automaticErrors(Workload.Truth.SKILLED_FORGERY)).isZero();
        assertThat(report.referred(Workload.Truth.RANDOM_FORGERY)).isNaN();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), 9400);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains(
                        "Referred for review (the card's review band): genuine  25.0 %, skilled"
                                + "  50.0 %")
                .contains("without review: FRR 25.0 %, FAR skilled 0.0 %");
    }

    @Test
    void verdictsWithoutAReviewFlagReportNoReview() {
        DemoReport report = new DemoReport();
        report.add(Workload.Truth.GENUINE, verdict("g1", Decision.GENUINE, null), 50);
        report.finish(Duration.ofSeconds(1), 1, 0);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), 9400);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("Referred for review");
    }

    private static Verdict verdict(String id, Decision decision, Boolean review) {
        return Verdict.newBuilder()
                .setRequestId(id)
                .setDocumentId(id)
                .setDecision(decision)
                .setDistance(1.0)
                .setReferenceDistances(List.of())
                .setThreshold(1.0)
                .setProbabilityGenuine(0.5)
                .setAggregation("MIN")
                .setModelVersion("test")
                .setProcessedAt(Instant.EPOCH)
                .setLatencyMillis(10)
                .setReview(review)
                .build();
    }
}
