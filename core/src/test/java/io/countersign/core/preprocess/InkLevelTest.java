package io.countersign.core.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class InkLevelTest {

    @Test
    void theLevelIsTheLogMeanHeightOfTheInkAbovePaperWhateverTheNormalisation() {
        // Given a canvas of paper at -0.2 (a normalised zero) with 10 pixels of ink 0.8 above it
        // and 10 faint ones, 0.05 above it: under a tenth of the brightest, so not ink
        float[] canvas = new float[1000];
        Arrays.fill(canvas, -0.2f);
        for (int i = 0; i < 10; i++) {
            canvas[i] = 0.6f;
            canvas[100 + i] = -0.15f;
        }

        // Then the level is log 0.8, and the same canvas shifted (another mean) reads the same
        assertThat(InkLevel.of(canvas)).isCloseTo(Math.log(0.8), offset(1e-6));
        float[] shifted = canvas.clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += 3f;
        }
        assertThat(InkLevel.of(shifted)).isCloseTo(Math.log(0.8), offset(1e-5));
    }

    @Test
    void brighterStrokesReadHigherAndTheMeanIsOverImages() {
        float[] faint = new float[100];
        float[] bright = new float[100];
        faint[0] = 0.3f;
        bright[0] = 0.9f;

        assertThat(InkLevel.of(bright)).isGreaterThan(InkLevel.of(faint));
        assertThat(InkLevel.mean(List.of(faint, bright)))
                .isCloseTo((Math.log(0.3) + Math.log(0.9)) / 2, offset(1e-6));
        assertThat(InkLevel.of(new float[100])).isEqualTo(InkLevel.NO_INK);
        assertThatThrownBy(() -> InkLevel.mean(List.of())).hasMessageContaining("no images");
    }
}
