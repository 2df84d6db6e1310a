package io.countersign.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReviewBandTest {

    @Test
    void refersTheDistancesBetweenItsEdgesAndDecidesTheRestAutomatically() {
        ReviewBand band = new ReviewBand(0.8, 1.4);

        assertThat(band.refers(0.8)).as("at the lower edge: genuine, automatic").isFalse();
        assertThat(band.refers(Math.nextUp(0.8))).isTrue();
        assertThat(band.refers(1.4)).as("at the upper edge: still referred").isTrue();
        assertThat(band.refers(Math.nextUp(1.4))).as("above it: forged, automatic").isFalse();
        assertThat(band.refers(Double.NaN)).isFalse();
    }

    @Test
    void aroundAThresholdAlwaysContainsIt() {
        assertThat(ReviewBand.around(1.1, 0.8, 1.4)).isEqualTo(new ReviewBand(0.8, 1.4));
        assertThat(ReviewBand.around(0.7, 0.8, 1.4)).isEqualTo(new ReviewBand(0.7, 1.4));
        assertThat(ReviewBand.around(1.5, 0.8, 1.4)).isEqualTo(new ReviewBand(0.8, 1.5));
        // A model that separates the validation writers completely: nothing to refer.
        ReviewBand none = ReviewBand.around(1.0, 1.2, 0.9);
        assertThat(none).isEqualTo(new ReviewBand(1.0, 1.0));
        assertThat(none.refers(1.0)).isFalse();
    }

    @Test
    void anInvertedBandIsRefused() {
        assertThatThrownBy(() -> new ReviewBand(1.4, 0.8))
                .hasMessageContaining("lower edge must not exceed its upper edge");
    }
}
