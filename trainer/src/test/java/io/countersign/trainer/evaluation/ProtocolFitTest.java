package io.countersign.trainer.evaluation;

import static io.countersign.trainer.evaluation.ProtocolTestData.handCase;
import static io.countersign.trainer.evaluation.ProtocolTestData.p;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.countersign.core.scoring.Aggregation;
import io.countersign.core.scoring.Normalization;
import io.countersign.core.scoring.ReviewBand;
import io.countersign.core.scoring.ScoringRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolFitTest {

    @Test
    void choosesTheNormalisationWithTheLowerValidationEer() {
        // Given the hand case: skilled EER 7/24 on plain mean distances; normalised, genuine
        // 1/3, 0.6, 1 against skilled 1, 1, 4/3, 1.4 give 1/6 (threshold 0.6: FAR 0, FRR 1/3)
        ProtocolTrials validation = handCase();

        // When
        ProtocolFit fit = ProtocolFit.fit(validation, 2, 0.0);

        // Then
        assertThat(fit.validationEer().get("mean/none"))
                .isCloseTo(0.2916666666666667, within(1e-12));
        assertThat(fit.validationEer().get("mean/reference-spread"))
                .isCloseTo(0.1666666666666667, within(1e-12));
        assertThat(fit.validationEer())
                .containsOnlyKeys(
                        "mean/none",
                        "mean/reference-spread",
                        "mean/reference-spread-prior-3",
                        "mean/reference-spread-prior-10",
                        "mean/reference-spread-prior-30",
                        "min/none",
                        "min/reference-spread",
                        "min/reference-spread-prior-3",
                        "min/reference-spread-prior-10",
                        "min/reference-spread-prior-30");
        // a prior of 30 pairs leaves each spread almost the typical one: nearly the plain order
        assertThat(fit.validationEer().get("mean/reference-spread-prior-30"))
                .isGreaterThan(fit.validationEer().get("mean/reference-spread"));
        ScoringRule rule = fit.rule();
        assertThat(rule.aggregation()).isEqualTo(Aggregation.MEAN);
        assertThat(rule.normalization()).isEqualTo(Normalization.REFERENCE_SPREAD);
        assertThat(rule.typicalSpread()).isEqualTo(4.0);
        assertThat(fit.references()).isEqualTo(2);
        // no skilled forgery may pass at target FAR 0: just below the closest, 1.0
        assertThat(fit.atTargetFar()).isEqualTo(Math.nextDown(1.0));
        // and, at the same target FRR, no genuine signature may be rejected: the largest, 1.0;
        // the review band runs from the threshold (0.8, below the target-FAR one) to it
        assertThat(fit.targetFrr()).isEqualTo(0.0);
        assertThat(fit.atTargetFrr()).isEqualTo(1.0);
        assertThat(fit.reviewBand()).isEqualTo(new ReviewBand(0.8, 1.0));
        // the threshold is the calibration's even-odds point, moved to the equal-error one: at
        // 0.6, put half way to the next score (genuine and skilled 1), where no trial sits
        assertThat(rule.calibration().slope()).isNegative();
        assertThat(rule.calibration().probabilityGenuine(rule.threshold()))
                .isCloseTo(0.5, within(1e-12));
        assertThat(rule.threshold()).isCloseTo(0.8, within(1e-12));
        assertThat(fit.thresholdAt()).isEqualTo(ThresholdRule.EQUAL_ERROR);
        assertThat(fit.target()).isEqualTo(CalibrationTarget.SKILLED);
    }

    @Test
    void putsTheThresholdAtTheEqualErrorPointWhenAskedAndMovesTheCalibrationThere() {
        // Given the hand case, whose chosen rule has its skilled EER (1/6) at 0.6
        ProtocolTrials validation = handCase();
        ProtocolFit evenOdds =
                ProtocolFit.fit(
                        validation, 2, 0.0, CalibrationTarget.SKILLED, ThresholdRule.EVEN_ODDS);

        // When
        ProtocolFit fit =
                ProtocolFit.fit(
                        validation, 2, 0.0, CalibrationTarget.SKILLED, ThresholdRule.EQUAL_ERROR);

        // Then the same rule, decided at the equal-error point (0.6, half way to the next score,
        // 1: the same FRR 1/3 and FAR 0), where the probability says 0.5 with the even-odds
        // fit's slope: only the prior odds moved
        ScoringRule rule = fit.rule();
        assertThat(rule.normalization()).isEqualTo(evenOdds.rule().normalization());
        assertThat(rule.threshold()).isCloseTo(0.8, within(1e-12));
        assertThat(rule.threshold()).isNotCloseTo(evenOdds.rule().threshold(), within(0.01));
        assertThat(rule.calibration().probabilityGenuine(rule.threshold()))
                .isCloseTo(0.5, within(1e-12));
        assertThat(rule.calibration().slope()).isEqualTo(evenOdds.rule().calibration().slope());
        assertThat(fit.thresholdAt()).isEqualTo(ThresholdRule.EQUAL_ERROR);
        assertThat(evenOdds.thresholdAt()).isEqualTo(ThresholdRule.EVEN_ODDS);
    }

    @Test
    void choosesTheClosestReferenceWhereThatSeparatesBetter() {
        // Given a writer who signs two ways: each genuine signature is near one of the two
        // references, each skilled forgery half way between them
        ProtocolTrials validation =
                new ProtocolTrials(
                        List.of(
                                new ProtocolTrials.Enrolment(
                                        "x/A",
                                        List.of(p(0, 0), p(10, 0)),
                                        List.of(p(0.5f, 0), p(9.5f, 0), p(1, 0)),
                                        List.of(p(5, 0), p(5, 1), p(4, 0)),
                                        List.of(p(40, 0), p(45, 0)))),
                        List.of());

        // When
        ProtocolFit fit = ProtocolFit.fit(validation, 2, 0.0);

        // Then the minimum distance separates them (EER 0) where the mean cannot
        assertThat(fit.validationEer().get("min/none")).isZero();
        assertThat(fit.validationEer().get("mean/none")).isGreaterThan(0.3);
        assertThat(fit.rule().aggregation()).isEqualTo(Aggregation.MIN);
    }

    @Test
    void fittingAgainstSkilledForgeriesAloneSetsAStricterThreshold() {
        // Given the hand case, whose random forgeries lie far beyond its skilled ones
        ProtocolTrials validation = handCase();

        // When the calibration is fitted against skilled forgeries, or against both kinds
        ProtocolFit skilled =
                ProtocolFit.fit(
                        validation, 2, 0.0, CalibrationTarget.SKILLED, ThresholdRule.EVEN_ODDS);
        ProtocolFit both =
                ProtocolFit.fit(
                        validation,
                        2,
                        0.0,
                        CalibrationTarget.SKILLED_AND_RANDOM,
                        ThresholdRule.EVEN_ODDS);

        // Then the same rule is chosen, and the easy random forgeries no longer pull the
        // even-odds point towards acceptance
        assertThat(skilled.rule().normalization()).isEqualTo(both.rule().normalization());
        assertThat(skilled.rule().threshold()).isLessThan(both.rule().threshold());
        assertThat(skilled.rule().calibration().probabilityGenuine(skilled.rule().threshold()))
                .isCloseTo(0.5, within(1e-12));
        assertThat(CalibrationTarget.parse("skilled+random"))
                .isEqualTo(CalibrationTarget.SKILLED_AND_RANDOM);
    }

    @Test
    void aCorpusBalancedThresholdWeighsEveryCorpusAlikeNotEveryTrial() {
        // Given three writers of corpus x (genuine at 1 and 1.5, skilled forgeries at 2 and 3)
        // and one of corpus y (genuine at 2.5, skilled at 3), scored as the plain mean distance
        List<ProtocolTrials.Enrolment> enrolments = new java.util.ArrayList<>();
        for (int w = 1; w <= 3; w++) {
            enrolments.add(
                    new ProtocolTrials.Enrolment(
                            "x/" + w,
                            List.of(p(0, 0), p(0, 0)),
                            List.of(p(1, 0), p(1.5f, 0)),
                            List.of(p(2, 0), p(3, 0)),
                            List.of()));
        }
        enrolments.add(
                new ProtocolTrials.Enrolment(
                        "y/1",
                        List.of(p(0, 0), p(0, 0)),
                        List.of(p(2.5f, 0), p(2.5f, 0)),
                        List.of(p(3, 0), p(3, 0)),
                        List.of()));
        ProtocolScores scores =
                new ProtocolTrials(enrolments, List.of())
                        .score(
                                ScoringRule.plain(
                                        Aggregation.MEAN,
                                        1,
                                        new io.countersign.core.model.Calibration(0, -1)));

        // When / Then: pooled, the three x writers decide, below y's genuine signatures (which
        // are 2 of 8 trials); weighed by corpus, 2.5 is best (x's FAR 1/2 and y's 0 against both
        // FRRs 0: 1/4 on average), put half way to the next score, 3
        assertThat(ProtocolFit.equalErrorThreshold(scores.pooled())).isLessThan(2.5);
        assertThat(ProtocolFit.corpusBalancedThreshold(scores)).isCloseTo(2.75, within(1e-12));
        // and a fit asked for it puts the card's threshold, and the calibration's even odds, there
        ProtocolFit fit =
                ProtocolFit.fit(
                        new ProtocolTrials(enrolments, List.of()),
                        2,
                        0.01,
                        CalibrationTarget.SKILLED,
                        ThresholdRule.CORPUS_BALANCED);
        assertThat(fit.rule().threshold()).isCloseTo(2.75, within(1e-9));
        assertThat(fit.rule().calibration().probabilityGenuine(2.75)).isCloseTo(0.5, within(1e-9));

        // And with a single corpus it is the equal-error point
        ProtocolScores xOnly =
                new ProtocolTrials(enrolments.subList(0, 3), List.of())
                        .score(
                                ScoringRule.plain(
                                        Aggregation.MEAN,
                                        1,
                                        new io.countersign.core.model.Calibration(0, -1)));
        assertThat(ProtocolFit.corpusBalancedThreshold(xOnly))
                .isEqualTo(ProtocolFit.equalErrorThreshold(xOnly.pooled()));
    }

    @Test
    void bandEdgesOfTheStrictestCorpusHoldTheRateInEachCorpusNotOnlyPooled() {
        // Given four writers of corpus x whose forgeries lie far (3 and 4) and one of corpus y
        // whose genuine signatures spread (1 and 2) and one of whose forgeries lies near (1.5)
        List<ProtocolTrials.Enrolment> enrolments = new java.util.ArrayList<>();
        for (int w = 1; w <= 4; w++) {
            enrolments.add(
                    new ProtocolTrials.Enrolment(
                            "x/" + w,
                            List.of(p(0, 0), p(0, 0)),
                            List.of(p(1, 0), p(1, 0)),
                            List.of(p(3, 0), p(4, 0)),
                            List.of()));
        }
        enrolments.add(
                new ProtocolTrials.Enrolment(
                        "y/1",
                        List.of(p(0, 0), p(0, 0)),
                        List.of(p(1, 0), p(2, 0)),
                        List.of(p(1.5f, 0), p(4, 0)),
                        List.of()));
        ProtocolTrials trials = new ProtocolTrials(enrolments, List.of());

        // When the band is fitted at 10 % pooled and in the strictest corpus
        ProtocolFit pooled =
                ProtocolFit.fit(
                        trials, 2, 0.10, CalibrationTarget.SKILLED, ThresholdRule.EQUAL_ERROR);
        ProtocolFit balanced =
                ProtocolFit.fit(
                        trials,
                        2,
                        0.10,
                        CalibrationTarget.SKILLED,
                        ThresholdRule.EQUAL_ERROR,
                        BandEdges.STRICTEST_CORPUS,
                        null);

        // Then pooled, one forgery in ten may pass: y's at 1.5 does (half of y's), below 3;
        // and one genuine signature in ten may be rejected: y's at 2, above 1
        assertThat(pooled.atTargetFar()).isEqualTo(Math.nextDown(3.0));
        assertThat(pooled.atTargetFrr()).isEqualTo(1.0);
        // in the strictest corpus, y's own 10 % allows none of its two: the edges move out to them
        assertThat(balanced.atTargetFar()).isEqualTo(Math.nextDown(1.5));
        assertThat(balanced.atTargetFrr()).isEqualTo(2.0);
        // and the card's band refers both of y's borderline trials to a person
        assertThat(balanced.reviewBand().refers(1.5)).isTrue();
        assertThat(balanced.reviewBand().refers(2.0)).isTrue();
        assertThat(balanced.reviewBand().refers(3.0)).isFalse();
        // and with one corpus the two are the same
        ProtocolTrials xOnly = new ProtocolTrials(enrolments.subList(0, 4), List.of());
        ProtocolFit strictestOfOne =
                ProtocolFit.fit(
                        xOnly,
                        2,
                        0.10,
                        CalibrationTarget.SKILLED,
                        ThresholdRule.EQUAL_ERROR,
                        BandEdges.STRICTEST_CORPUS,
                        null);
        ProtocolFit pooledOfOne =
                ProtocolFit.fit(
                        xOnly, 2, 0.10, CalibrationTarget.SKILLED, ThresholdRule.EQUAL_ERROR);
        assertThat(strictestOfOne.reviewBand()).isEqualTo(pooledOfOne.reviewBand());

        // And a rule kept whole gets the same band, its own threshold and calibration untouched
        ScoringRule whole =
                ScoringRule.plain(
                        Aggregation.MEAN, 2.2, new io.countersign.core.model.Calibration(4.4, -2));
        ProtocolFit kept =
                ProtocolFit.bandOnly(
                        trials, 2, 0.10, null, null, BandEdges.STRICTEST_CORPUS, whole);
        assertThat(kept.rule()).isEqualTo(whole);
        assertThat(kept.ruleKept()).isTrue();
        assertThat(kept.atTargetFar()).isEqualTo(balanced.atTargetFar());
        assertThat(kept.atTargetFrr()).isEqualTo(balanced.atTargetFrr());
        assertThat(kept.howFitted()).contains("kept whole");
    }

    @Test
    void aCorpusOnAnotherScaleMeetsTheThresholdOnTheScaleItWasFittedOnOnceItsSpreadIsMeasured() {
        // Given the hand case's rule (each distance over the references' spread, typical 4), and
        // the same writers with every distance three times as large (another scanner, say)
        ProtocolTrials fittedOn = handCase();
        ProtocolFit fit = ProtocolFit.fit(fittedOn, 2, 0.0);
        ProtocolTrials tripled = scaled(fittedOn, 3);

        // When only the typical spread is measured again, on the tripled writers' references
        ProtocolFit measured =
                ProtocolFit.spreadOnly(
                        tripled,
                        2,
                        0.0,
                        fit.atTargetFar(),
                        fit.atTargetFrr(),
                        fit.target(),
                        fit.thresholdAt(),
                        fit.bandEdges(),
                        fit.rule());

        // Then it is three times the card's, and every trial scores as on the original scale,
        // under the same threshold, calibration and review band
        assertThat(measured.rule().typicalSpread()).isCloseTo(12.0, within(1e-9));
        assertThat(measured.rule().threshold()).isEqualTo(fit.rule().threshold());
        assertThat(measured.rule().calibration()).isEqualTo(fit.rule().calibration());
        assertThat(measured.reviewBand()).isEqualTo(fit.reviewBand());
        List<ProtocolScores.WriterScores> before = fittedOn.score(fit.rule()).writers();
        List<ProtocolScores.WriterScores> after = measured.validation().writers();
        for (int w = 0; w < before.size(); w++) {
            assertThat(after.get(w).genuine())
                    .containsExactly(before.get(w).genuine(), within(1e-9));
            assertThat(after.get(w).skilled())
                    .containsExactly(before.get(w).skilled(), within(1e-9));
            assertThat(after.get(w).random()).containsExactly(before.get(w).random(), within(1e-9));
        }
        // which the card's own typical spread does not give them
        assertThat(tripled.score(fit.rule()).writers().get(0).genuine())
                .isNotEqualTo(before.get(0).genuine());
        assertThat(measured.ruleKept()).isFalse();
        assertThat(measured.howFitted()).contains("only the typical spread measured");

        // And a rule that divides by no spread has none to measure
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                ProtocolFit.spreadOnly(
                                        tripled,
                                        2,
                                        0.0,
                                        1,
                                        2,
                                        null,
                                        null,
                                        BandEdges.POOLED,
                                        ScoringRule.plain(
                                                Aggregation.MEAN,
                                                1,
                                                new io.countersign.core.model.Calibration(1, -1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not divide by the references' spread");
    }

    private static ProtocolTrials scaled(ProtocolTrials trials, float factor) {
        return new ProtocolTrials(
                trials.enrolments().stream()
                        .map(
                                e ->
                                        new ProtocolTrials.Enrolment(
                                                e.writer(),
                                                scaled(e.references(), factor),
                                                scaled(e.genuine(), factor),
                                                scaled(e.skilled(), factor),
                                                scaled(e.random(), factor)))
                        .toList(),
                trials.skipped());
    }

    private static List<float[]> scaled(List<float[]> points, float factor) {
        return points.stream()
                .map(
                        v -> {
                            float[] out = v.clone();
                            for (int i = 0; i < out.length; i++) {
                                out[i] *= factor;
                            }
                            return out;
                        })
                .toList();
    }
}
