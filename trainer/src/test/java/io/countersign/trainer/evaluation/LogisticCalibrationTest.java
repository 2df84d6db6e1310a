package io.countersign.trainer.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticCalibrationTest {

    @Test
    void recoversTheLogisticModelThatGeneratedTheLabels() {
        // Given distances uniform on [0, 2] labelled genuine with P = 1/(1+exp(-(4 - 4d)))
        Random random = new Random(1);
        double[] genuine = new double[20_000];
        double[] forged = new double[20_000];
        int g = 0;
        int f = 0;
        while (g < genuine.length || f < forged.length) {
            double d = 2 * random.nextDouble();
            boolean isGenuine = random.nextDouble() < 1 / (1 + Math.exp(-(4 - 4 * d)));
            if (isGenuine && g < genuine.length) {
                genuine[g++] = d;
            } else if (!isGenuine && f < forged.length) {
                forged[f++] = d;
            }
        }

        // When (equal class sizes, so equal weighting changes nothing)
        LogisticCalibration calibration = LogisticCalibration.fit(genuine, forged);

        // Then
        assertThat(calibration.slope()).isCloseTo(-4, within(0.25));
        assertThat(calibration.intercept()).isCloseTo(4, within(0.25));
        assertThat(calibration.probabilityGenuine(1.0)).isCloseTo(0.5, within(0.03));
    }

    @Test
    void forgeryKindsWeighTheSameWhateverTheirCounts() {
        // Given skilled forgeries and random ones, and the random ones again three times over
        double[] genuine = {0.1, 0.2, 0.3, 0.5, 0.6};
        double[] skilled = {0.4, 0.55, 0.7, 0.9};
        double[] random = {1.0, 1.4, 1.8};
        double[] random3 = {1.0, 1.4, 1.8, 1.0, 1.4, 1.8, 1.0, 1.4, 1.8};

        // When fitted by kind
        LogisticCalibration once = LogisticCalibration.fit(genuine, List.of(skilled, random));
        LogisticCalibration thrice = LogisticCalibration.fit(genuine, List.of(skilled, random3));

        // Then the count of random forgeries changes nothing; pooled into one kind, it would
        assertThat(thrice.intercept()).isCloseTo(once.intercept(), within(1e-9));
        assertThat(thrice.slope()).isCloseTo(once.slope(), within(1e-9));
        assertThat(once.probabilityGenuine(once.evenOdds())).isCloseTo(0.5, within(1e-12));
        double[] pooled3 =
                java.util.stream.DoubleStream.concat(
                                java.util.Arrays.stream(skilled), java.util.Arrays.stream(random3))
                        .toArray();
        assertThat(LogisticCalibration.fit(genuine, pooled3).intercept())
                .isNotCloseTo(once.intercept(), within(0.1));
    }

    @Test
    void brierScoreIsComputedByHand() {
        // Given a calibration that says 0.5 at d = 1 and a near-certain genuine at d = 0
        LogisticCalibration calibration = new LogisticCalibration(10, -10);

        // When: one genuine pair at d = 1 and one forgery at d = 1
        double brier = calibration.brier(new double[] {1}, new double[] {1});

        // Then: ((1 - 0.5)^2 + 0.5^2) / 2
        assertThat(brier).isCloseTo(0.25, within(1e-12));
        assertThat(calibration.probabilityGenuine(0)).isGreaterThan(0.9999);
    }

    @Test
    void staysFiniteOnPerfectlySeparatedDistances() {
        // When
        LogisticCalibration calibration =
                LogisticCalibration.fit(new double[] {0.1, 0.2}, new double[] {0.8, 0.9});

        // Then: decreasing in distance, 1/2 between the classes
        assertThat(calibration.slope()).isNegative().isFinite();
        assertThat(calibration.probabilityGenuine(0.5)).isCloseTo(0.5, within(0.01));
        assertThat(calibration.probabilityGenuine(0.1)).isGreaterThan(0.9);
    }
}
