package io.countersign.streams.topology;

import static io.countersign.streams.topology.TestData.customer;
import static io.countersign.streams.topology.TestData.enrollment;
import static io.countersign.streams.topology.TestData.forgery;
import static io.countersign.streams.topology.TestData.genuine;
import static io.countersign.streams.topology.TestData.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.core.model.ModelCard;
import io.countersign.events.Decision;
import io.countersign.events.Verdict;
import io.countersign.streams.inference.Embedder;
import io.countersign.streams.testing.Cards;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A verdict says whether a person should review it: under a card with a review band, exactly where
 * its distance lies inside the band; under a card fitted before review bands, not at all (null).
 */
class ReviewBandTopologyTest {

    private static final int WRITER = 4;
    private static final int OTHER = 6;

    @TempDir Path stateDir;
    @TempDir Path otherStateDir;
    @TempDir Path releases;

    @Test
    void verdictsInsideTheCardsReviewBandAreMarkedForReviewAndTheOthersAreNot() {
        Path model = TestEmbedders.shippedModel();
        ModelCard card = Cards.withoutReviewBand(ModelCard.read(model.resolve("model-card.json")));

        // Given the distances of genuine signatures, skilled and random forgeries under the card
        // without a band, as cards before bands were written, whose verdicts carry no review flag
        List<Verdict> plain;
        try (Embedder embedder = TestEmbedders.onnx(model, card, releases)) {
            plain = verdicts(embedder, stateDir);
        }
        assertThat(plain).allSatisfy(v -> assertThat(v.getReview()).isNull());
        double[] sorted = plain.stream().mapToDouble(Verdict::getDistance).sorted().toArray();
        double threshold = card.thresholds().eer();
        // a band from the smallest distance (decided without review) to the second largest
        double lower = Math.min(sorted[0], threshold);
        double upper = Math.max(sorted[sorted.length - 2], threshold);

        // When the same model is released under a card with that band
        ModelCard banded = Cards.withReviewBand(card, lower, upper);
        List<Verdict> reviewed;
        try (Embedder embedder = TestEmbedders.onnx(model, banded, releases)) {
            reviewed = verdicts(embedder, otherStateDir);
        }

        // Then each verdict is scored as before, and marked for review iff its distance lies in
        // (lower, upper]; the smallest is not, the second smallest is
        assertThat(reviewed).hasSameSizeAs(plain);
        for (int i = 0; i < plain.size(); i++) {
            Verdict before = plain.get(i);
            Verdict after = reviewed.get(i);
            assertThat(after.getRequestId()).isEqualTo(before.getRequestId());
            assertThat(after.getDistance()).isEqualTo(before.getDistance());
            assertThat(after.getDecision()).isEqualTo(before.getDecision());
            double d = after.getDistance();
            assertThat(after.getReview())
                    .as("%s at distance %f, band (%f, %f]", after.getRequestId(), d, lower, upper)
                    .isEqualTo(d > lower && d <= upper);
        }
        assertThat(reviewed).anySatisfy(v -> assertThat(v.getReview()).isTrue());
        assertThat(reviewed).anySatisfy(v -> assertThat(v.getReview()).isFalse());
    }

    @Test
    void aCustomerWhoIsNotEnrolledGetsNoReviewFlag() {
        Path model = TestEmbedders.shippedModel();
        ModelCard banded =
                Cards.withReviewBand(ModelCard.read(model.resolve("model-card.json")), 0.1, 10);
        try (Embedder embedder = TestEmbedders.onnx(model, banded, releases);
                Pipeline pipeline = new Pipeline(TopologySettings.defaults(), embedder, stateDir)) {
            pipeline.requests.pipeInput("stranger", request("r-1", genuine(WRITER, 0)));
            pipeline.waitForBatchDelay();
            Verdict verdict = pipeline.verdicts.readValue();

            assertThat(verdict.getDecision()).isEqualTo(Decision.NOT_ENROLLED);
            assertThat(verdict.getReview()).isNull();
        }
    }

    /** Enrols the writer and questions genuine signatures, skilled and random forgeries. */
    private static List<Verdict> verdicts(Embedder embedder, Path state) {
        try (Pipeline pipeline = new Pipeline(TopologySettings.defaults(), embedder, state)) {
            pipeline.enrollments.pipeInput(customer(WRITER), enrollment(WRITER, 3));
            for (int i = 0; i < 3; i++) {
                pipeline.requests.pipeInput(
                        customer(WRITER), request("genuine-" + i, genuine(WRITER, 5 + i)));
                pipeline.requests.pipeInput(
                        customer(WRITER), request("skilled-" + i, forgery(WRITER, i)));
                pipeline.requests.pipeInput(
                        customer(WRITER), request("random-" + i, genuine(OTHER, i)));
            }
            pipeline.waitForBatchDelay();
            List<Verdict> verdicts = new ArrayList<>(pipeline.verdicts.readValuesToList());
            assertThat(verdicts).hasSize(9);
            return verdicts;
        }
    }
}
