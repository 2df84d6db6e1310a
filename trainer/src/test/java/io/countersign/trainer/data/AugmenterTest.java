package io.countersign.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AugmenterTest {

    private static final int H = 40;
    private static final int W = 60;

    private static float[] stroke() {
        // Background -0.5 (paper), a horizontal stroke of ink 2.0 in the middle
        float[] image = new float[H * W];
        Arrays.fill(image, -0.5f);
        for (int x = 10; x < 50; x++) {
            image[20 * W + x] = 2f;
        }
        return image;
    }

    private static double ink(float[] image) {
        return Arrays.stream(toDouble(image)).filter(v -> v > 0.75).count();
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    @Test
    void movesInkSlightlyAndKeepsTheInputIntact() {
        // Given
        float[] image = stroke();
        float[] copy = image.clone();
        Augmenter augmenter = new Augmenter(H, W, Math.toRadians(4), 0.08, 0.05, 0.0);

        // When
        float[] out = augmenter.augment(image, new Random(1));

        // Then: different pixels, same background, similar amount of ink, input untouched
        assertThat(out).isNotEqualTo(image);
        assertThat(image).isEqualTo(copy);
        assertThat(out[0]).isEqualTo(-0.5f);
        assertThat(ink(out)).isBetween(0.5 * ink(image), 2.0 * ink(image));
    }

    @Test
    void dilationThickensStrokes() {
        // Given an augmenter that only dilates
        Augmenter thicken = new Augmenter(H, W, 0, 0, 0, 1.0);

        // When
        float[] out = thicken.augment(stroke(), new Random(1));

        // Then: the one-pixel stroke becomes three pixels tall (and a pixel longer each side)
        assertThat(ink(out)).isEqualTo(3 * 42);
    }

    @Test
    void anotherPenBrightensOrDimsTheInkOfHalfTheImagesWithinFullInk() {
        // Given an augmenter that only changes the pen, full ink 3.0 above paper, and a faint
        // stroke 1.0 above paper (at -0.5)
        Augmenter pen = new Augmenter(H, W, 0, 0, 0, 0.0).withPen(3f);
        float[] faint = new float[H * W];
        Arrays.fill(faint, -0.5f);
        for (int x = 10; x < 50; x++) {
            faint[20 * W + x] = 0.5f;
        }

        // When it augments the stroke many times
        Random random = new Random(3);
        int unchanged = 0;
        double lowest = Double.MAX_VALUE;
        double highest = 0;
        for (int i = 0; i < 400; i++) {
            float[] out = pen.augment(faint, random);
            float height = out[20 * W + 30] + 0.5f;
            unchanged += Math.abs(height - 1f) < 1e-6 ? 1 : 0;
            lowest = Math.min(lowest, height);
            highest = Math.max(highest, height);
            // the paper stays paper, and the stroke stays where it was
            assertThat(out[0]).isEqualTo(-0.5f);
            assertThat(out[19 * W + 30]).isEqualTo(-0.5f);
        }

        // Then about half the images keep their pen, the others get a gain from 0.6 to 1.8
        assertThat(unchanged).isBetween(160, 240);
        assertThat(lowest).isBetween(0.6, 0.7);
        assertThat(highest).isBetween(1.7, 1.8);
        // and a stroke at full ink cannot go beyond it
        for (int i = 0; i < 50; i++) {
            assertThat(pen.augment(stroke(), new Random(i))[20 * W + 30]).isLessThanOrEqualTo(2.5f);
        }
    }
}
