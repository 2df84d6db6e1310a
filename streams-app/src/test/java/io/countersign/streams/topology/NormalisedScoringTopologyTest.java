package io.countersign.streams.topology;

import static io.countersign.streams.topology.TestData.customer;
import static io.countersign.streams.topology.TestData.enrollment;
import static io.countersign.streams.topology.TestData.genuine;
import static io.countersign.streams.topology.TestData.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.countersign.core.model.ModelCard;
import io.countersign.events.Decision;
import io.countersign.events.ReferenceDistance;
import io.countersign.events.Verdict;
import io.countersign.streams.enrollment.ReferenceSet;
import io.countersign.streams.inference.Embedder;
import io.countersign.streams.testing.Cards;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A card fitted with reference-spread normalisation (with a prior of ten pairs, as the fits choose
 * it): the verdict's distance is the mean reference distance divided by the customer's effective
 * spread, worked out here by hand from the stored embeddings.
 */
class NormalisedScoringTopologyTest {

    private static final double TYPICAL_SPREAD = 0.25;
    private static final double PRIOR_PAIRS = 10;

    private static Embedder embedder;

    @TempDir Path stateDir;

    @BeforeAll
    static void loadModel(@TempDir Path releases) {
        Path model = TestEmbedders.shippedModel();
        ModelCard shipped = ModelCard.read(model.resolve(ModelCard.FILE_NAME));
        embedder =
                TestEmbedders.onnx(
                        model,
                        Cards.withSpreadPrior(shipped, TYPICAL_SPREAD, PRIOR_PAIRS),
                        releases);
    }

    @AfterAll
    static void closeModel() {
        embedder.close();
    }

    @Test
    void theDistanceIsTheMeanDividedByTheShrunkSpreadOfTheStoredReferences() {
        try (Pipeline pipeline = new Pipeline(TopologySettings.defaults(), embedder, stateDir)) {
            // Given a customer enrolled with four references
            pipeline.enrollments.pipeInput(customer(1), enrollment(1, 4));

            // When they sign
            pipeline.requests.pipeInput(customer(1), request("r-1", genuine(1, 7)));
            pipeline.waitForBatchDelay();
            Verdict verdict = pipeline.verdicts.readValue();

            // Then the store holds the references' own spread: the mean over their six pairs
            ReferenceSet stored = pipeline.references().get(customer(1));
            double spread = meanPairwiseDistance(stored.embeddings());
            assertThat(stored.spread()).isCloseTo(spread, within(1e-9));
            // and the distance is the mean distance over the spread shrunk by ten pseudo-pairs
            double effective = (6 * spread + PRIOR_PAIRS * TYPICAL_SPREAD) / (6 + PRIOR_PAIRS);
            double expected = meanOf(verdict.getReferenceDistances()) / effective;
            assertThat(verdict.getAggregation()).isEqualTo("MEAN");
            assertThat(verdict.getDistance()).isCloseTo(expected, within(1e-9));
            assertDecidedOnTheNormalisedDistance(verdict);
        }
    }

    @Test
    void aSingleReferenceIsScoredAgainstTheCardsTypicalSpread() {
        try (Pipeline pipeline = new Pipeline(TopologySettings.defaults(), embedder, stateDir)) {
            // Given a customer enrolled with a single reference, which has no spread of its own
            pipeline.enrollments.pipeInput(customer(2), enrollment(2, 1));

            // When they sign
            pipeline.requests.pipeInput(customer(2), request("r-1", genuine(2, 7)));
            pipeline.waitForBatchDelay();
            Verdict verdict = pipeline.verdicts.readValue();

            // Then they are scored, the one distance divided by the card's typical spread
            assertThat(pipeline.references().get(customer(2)).spread()).isNaN();
            assertThat(verdict.getDecision()).isNotEqualTo(Decision.NOT_ENROLLED);
            double expected = verdict.getReferenceDistances().get(0).getDistance() / TYPICAL_SPREAD;
            assertThat(verdict.getDistance()).isCloseTo(expected, within(1e-9));
            assertDecidedOnTheNormalisedDistance(verdict);
        }
    }

    private static void assertDecidedOnTheNormalisedDistance(Verdict verdict) {
        assertThat(verdict.getThreshold()).isEqualTo(embedder.card().thresholds().eer());
        assertThat(verdict.getDecision())
                .isEqualTo(
                        verdict.getDistance() <= verdict.getThreshold()
                                ? Decision.GENUINE
                                : Decision.FORGED);
        assertThat(verdict.getProbabilityGenuine())
                .isCloseTo(
                        embedder.card().calibration().probabilityGenuine(verdict.getDistance()),
                        within(1e-12));
    }

    private static double meanOf(List<ReferenceDistance> distances) {
        return distances.stream()
                .mapToDouble(ReferenceDistance::getDistance)
                .average()
                .orElseThrow();
    }

    private static double meanPairwiseDistance(List<float[]> embeddings) {
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < embeddings.size(); i++) {
            for (int j = i + 1; j < embeddings.size(); j++) {
                double squares = 0;
                for (int k = 0; k < embeddings.get(i).length; k++) {
                    double d = embeddings.get(i)[k] - embeddings.get(j)[k];
                    squares += d * d;
                }
                sum += Math.sqrt(squares);
                pairs++;
            }
        }
        return sum / pairs;
    }
}
