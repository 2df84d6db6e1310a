package io.countersign.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.countersign.core.model.ModelCard;
import io.countersign.core.preprocess.PreprocessingSpec;
import io.countersign.core.scoring.ReferenceSpread;
import io.countersign.core.scoring.Score;
import io.countersign.core.scoring.Scorer;
import io.countersign.core.scoring.ScoringRule;
import io.countersign.trainer.evaluation.ProtocolFit;
import io.countersign.trainer.evaluation.ProtocolMetrics;
import io.countersign.trainer.evaluation.ProtocolTrials;
import io.countersign.trainer.evaluation.ToneViews;
import io.countersign.trainer.evaluation.WriterEmbeddings;
import io.countersign.trainer.model.SigNetVariant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtocolCardTest {

    @TempDir Path dir;

    @Test
    void aFittedCardsDecisionAndProbabilityAlwaysAgree() {
        // Given a card fitted under the protocol and read back as the service reads it
        ProtocolTrials validation = ProtocolTrials.draw(writers(16, 1), 5, 20, 2);
        ProtocolFit fit = ProtocolFit.fit(validation, 5, 0.01);
        ModelCard card = written(fit, ModelCard.FILE_NAME);
        ScoringRule rule = card.scoringRule();

        // Then the card says how it was fitted, and P(genuine) is 0.5 at its threshold
        assertThat(card.scoringFit().normalization()).isEqualTo(fit.rule().normalization().id());
        assertThat(card.scoringFit().references()).isEqualTo(5);
        assertThat(card.scoringFit().aggregation()).isEqualTo("mean");
        assertThat(rule.normalization()).isEqualTo(fit.rule().normalization());
        assertThat(rule.calibration()).isEqualTo(fit.rule().calibration());
        assertThat(rule.threshold()).isEqualTo(fit.rule().threshold());
        double t = card.thresholds().eer();
        assertThat(rule.calibration().probabilityGenuine(t)).isCloseTo(0.5, within(1e-9));
        // and carries its review band, which the service reads back around its threshold
        assertThat(card.thresholds().targetFrr()).isEqualTo(0.01);
        assertThat(card.thresholds().atTargetFrr()).isEqualTo(fit.atTargetFrr());
        assertThat(card.reviewBand(t)).contains(fit.reviewBand());
        assertThat(fit.reviewBand().genuineAtMost()).isLessThanOrEqualTo(t);
        assertThat(fit.reviewBand().forgedAbove()).isGreaterThanOrEqualTo(t);

        // And on either side of it the decision and P(genuine) > 0.5 agree
        for (double d : new double[] {0, t / 2, t * (1 - 1e-6), t * (1 + 1e-6), 2 * t, 10 * t}) {
            boolean genuine = d <= t;
            assertThat(rule.calibration().probabilityGenuine(d) > 0.5)
                    .as("d=" + d)
                    .isEqualTo(genuine);
        }
        // And so for every trial the service would score
        int trials = 0;
        for (ProtocolTrials.Enrolment e : validation.enrolments()) {
            double spread = ReferenceSpread.of(e.references());
            List<float[]> questioned = new ArrayList<>(e.genuine());
            questioned.addAll(e.skilled());
            questioned.addAll(e.random());
            for (float[] q : questioned) {
                Score s = Scorer.score(q, e.references(), spread, rule);
                assertThat(s.probabilityGenuine() > 0.5).isEqualTo(s.genuine());
                trials++;
            }
        }
        assertThat(trials).isGreaterThan(300);
    }

    @Test
    void aRuleFittedWithPenViewsSaysSoOnItsCardAndOneWithoutDoesNot() {
        // Given validation trials scored with a pen view 1 pixel broader of every image, and the
        // same trials without
        List<WriterEmbeddings> writers = writers(16, 3);
        List<ToneViews.Rendering> renderings = new ArrayList<>();
        for (WriterEmbeddings w : writers) {
            for (List<float[]> images : List.of(w.genuine(), w.forgeries())) {
                for (float[] e : images) {
                    float[] broader = e.clone();
                    renderings.add(
                            new ToneViews.Rendering(
                                    e,
                                    e,
                                    0.0,
                                    0.0,
                                    new ToneViews.Rendering(broader, broader, 0.4, 0.4, null)));
                }
            }
        }
        ProtocolTrials plain = ProtocolTrials.draw(writers, 5, 20, 2);
        ProtocolTrials withPen = plain.withViews(ToneViews.of(renderings, 1));

        // When each is fitted and written as a card
        ModelCard penCard = written(ProtocolFit.fit(withPen, 5, 0.01), "pen.json");
        ModelCard plainCard = written(ProtocolFit.fit(plain, 5, 0.01), "plain.json");

        // Then the service reads which pen view the rule was fitted with
        assertThat(penCard.broaderPen()).isEqualTo(1);
        assertThat(plainCard.broaderPen()).isZero();
        assertThat(dir.resolve("plain.json")).content().doesNotContain("broaderPen");
    }

    @Test
    void aRefitThatComesBackWithTheCardsOwnRuleKeepsTheTestWritersMetricsItStillDecidesBy() {
        // Given a card fitted on validation trials, with test writers' metrics of its threshold
        // and of its review band
        ProtocolTrials validation = ProtocolTrials.draw(writers(16, 1), 5, 20, 2);
        ModelCard card = written(ProtocolFit.fit(validation, 5, 0.01), ModelCard.FILE_NAME);

        // When it is refitted on the same trials, at the same rate and at another, and on others
        ProtocolFit same = ProtocolFit.fit(validation, 5, 0.01);
        ProtocolFit otherBand = ProtocolFit.fit(validation, 5, 0.05);
        ProtocolFit other = ProtocolFit.fit(ProtocolTrials.draw(writers(16, 4), 5, 20, 2), 5, 0.01);

        // Then the same rule and band keep the metrics measured under them
        assertThat(CardMapping.keepsRule(card, same)).isTrue();
        assertThat(CardMapping.recalibrated(card, same, Map.of(), "validation").metrics())
                .containsEntry("test_protocol_frr", 0.1)
                .containsEntry("test_protocol_review_genuine", 0.3);
        // and the same rule with another band keeps the threshold's but drops the band's, which
        // moved with it
        assertThat(otherBand.rule()).isEqualTo(same.rule());
        assertThat(CardMapping.keepsRule(card, otherBand)).isFalse();
        assertThat(CardMapping.keepsDecisions(card, otherBand)).isTrue();
        ModelCard rebanded = CardMapping.recalibrated(card, otherBand, Map.of(), "validation");
        assertThat(rebanded.metrics())
                .containsEntry("test_protocol_frr", 0.1)
                .doesNotContainKeys(
                        "test_protocol_review_genuine", "test_protocol_far_skilled_automatic");
        assertThat(rebanded.thresholds().targetFrr()).isEqualTo(0.05);
        // while another rule drops them all
        assertThat(CardMapping.keepsDecisions(card, other)).isFalse();
        assertThat(CardMapping.recalibrated(card, other, Map.of(), "validation").metrics())
                .doesNotContainKeys("test_protocol_frr", "test_protocol_review_genuine");
    }

    @Test
    void theCardRecordsWhatItsBandReferredOnTheWritersItWasFittedOn() {
        // Given a fit on validation trials
        ProtocolTrials validation = ProtocolTrials.draw(writers(16, 1), 5, 20, 2);
        ProtocolFit fit = ProtocolFit.fit(validation, 5, 0.05);

        // When a card takes its rule (as calibrate writes it; train adds the same metrics)
        ModelCard card =
                CardMapping.recalibrated(
                        written(ProtocolFit.fit(validation, 5, 0.01), ModelCard.FILE_NAME),
                        fit,
                        Map.of(),
                        ProtocolFit.VALIDATION_METRICS);

        // Then it carries the shares its band referred there, as the protocol table measures them
        Map<String, Double> measured =
                ProtocolMetrics.measure(
                        fit.validation(), fit.rule(), java.util.Optional.of(fit.reviewBand()));
        for (String kind : List.of("genuine", "skilled", "random")) {
            assertThat(card.metrics().get("validation_protocol_review_" + kind))
                    .as(kind)
                    .isEqualTo(measured.get("review_" + kind))
                    .isBetween(0.0, 1.0);
        }
        assertThat(card.metrics().get("validation_protocol_review_genuine")).isPositive();
    }

    @Test
    void aRecalibrationKeepsTheNotesOfTheOnesBeforeItOldestFirst() {
        // Given a card fitted on validation trials
        ProtocolTrials validation = ProtocolTrials.draw(writers(16, 1), 5, 20, 2);
        ModelCard card = written(ProtocolFit.fit(validation, 5, 0.01), ModelCard.FILE_NAME);
        ProtocolFit fit = ProtocolFit.fit(validation, 5, 0.02);

        // When it is recalibrated three times
        ModelCard first = CardMapping.recalibrated(card, fit, Map.of("n", 1), "validation");
        ModelCard second = CardMapping.recalibrated(first, fit, Map.of("n", 2), "validation");
        ModelCard third = CardMapping.recalibrated(second, fit, Map.of("n", 3), "validation");

        // Then the first has no history, and the last has the two before it, oldest first
        assertThat(first.training()).doesNotContainKey(CardMapping.EARLIER_RECALIBRATIONS);
        assertThat(third.training().get(CardMapping.RECALIBRATION)).isEqualTo(Map.of("n", 3));
        assertThat(third.training().get(CardMapping.EARLIER_RECALIBRATIONS))
                .isEqualTo(List.of(Map.of("n", 1), Map.of("n", 2)));
    }

    private ModelCard written(ProtocolFit fit, String name) {
        Path file = dir.resolve(name);
        CardMapping.card(
                        "signet-s-test",
                        SigNetVariant.SIGNET_S,
                        new PreprocessingSpec(155, 220, 0.1f, 0.2f),
                        fit,
                        Map.of(),
                        Map.of(
                                "test_protocol_frr",
                                0.1,
                                "test_protocol_review_genuine",
                                0.3,
                                "test_protocol_far_skilled_automatic",
                                0.01))
                .write(file);
        return ModelCard.read(file);
    }

    /** Writers in 4-D whose signatures vary by writer, skilled forgeries near the writer. */
    private static List<WriterEmbeddings> writers(int count, long seed) {
        Random r = new Random(seed);
        List<WriterEmbeddings> out = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            float[] centre = gaussian(r, new float[4], 3);
            double sd = 0.2 + 0.6 * r.nextDouble();
            float[] forger = gaussian(r, centre, 1.2);
            List<float[]> genuine = new ArrayList<>();
            List<float[]> forged = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                genuine.add(gaussian(r, centre, sd));
                forged.add(gaussian(r, forger, sd));
            }
            out.add(new WriterEmbeddings("w" + w, genuine, forged));
        }
        return out;
    }

    private static float[] gaussian(Random r, float[] mean, double sd) {
        float[] v = new float[mean.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (mean[i] + sd * r.nextGaussian());
        }
        return v;
    }
}
