package io.countersign.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReferenceSpreadTest {

    @Test
    void theSpreadIsTheMeanDistanceOverAllPairsOfReferences() {
        // Three references: pairs at distance 5, 3 and 4
        List<float[]> references =
                List.of(new float[] {0, 0}, new float[] {3, 4}, new float[] {0, 4});

        assertThat(ReferenceSpread.of(references)).isCloseTo(4.0, offset(1e-12));
        assertThat(ReferenceSpread.of(List.of(new float[] {1, 1}))).isNaN();
    }

    @Test
    void thePriorWeighsTheTypicalSpreadInPairsAgainstTheCustomersOwn() {
        // Five references (ten pairs) with spread 0.5, typical spread 0.9
        assertThat(ReferenceSpread.effective(0.5, 5, 0.9, 1))
                .isCloseTo((10 * 0.5 + 0.9) / 11, offset(1e-12));
        assertThat(ReferenceSpread.effective(0.5, 5, 0.9, 10))
                .isCloseTo((10 * 0.5 + 10 * 0.9) / 20, offset(1e-12));
        // the more references, the more the customer's own spread counts
        assertThat(ReferenceSpread.effective(0.5, 10, 0.9, 10))
                .isCloseTo((45 * 0.5 + 10 * 0.9) / 55, offset(1e-12));
        // a single reference has no spread: the typical one alone
        assertThat(ReferenceSpread.effective(Double.NaN, 1, 0.9, 10)).isEqualTo(0.9);
    }

    @Test
    void aPriorThatIsNotAPositiveNumberOfPairsIsAnError() {
        assertThatThrownBy(() -> ReferenceSpread.effective(0.5, 5, 0.9, 0))
                .hasMessage("the spread prior must be a positive number of pairs, was 0.0");
        assertThatThrownBy(() -> ReferenceSpread.effective(0.5, 5, 0.9, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePopulationsTypicalSpreadIsTheMedianOfItsCustomersLeavingSingleReferencesOut() {
        assertThat(ReferenceSpread.typical(new double[] {3, Double.NaN, 1, 2})).isEqualTo(2.0);
        assertThat(ReferenceSpread.typical(new double[] {4, 1, Double.NaN, 2, 3})).isEqualTo(2.5);
        assertThat(ReferenceSpread.typical(new double[] {Double.NaN})).isNaN();
        assertThat(ReferenceSpread.typical(new double[0])).isNaN();
    }
}
