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
}
