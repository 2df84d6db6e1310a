package io.countersign.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.countersign.trainer.data.Augmenter;
import io.countersign.trainer.data.InkAppearance;
import io.countersign.trainer.data.PairKind;
import io.countersign.trainer.data.TrainingSample;
import io.countersign.trainer.model.DjlRuntime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchAssemblerTest {

    private static final int H = 40;
    private static final int W = 60;

    /** A grey stroke: three rows of ink at 0.4, 0.7 and 0.4 on paper 0. */
    private static float[] greyStroke() {
        float[] canvas = new float[H * W];
        for (int x = 10; x < 50; x++) {
            canvas[19 * W + x] = 0.4f;
            canvas[20 * W + x] = 0.7f;
            canvas[21 * W + x] = 0.4f;
        }
        return canvas;
    }

    /** The median of the stroke's middle row, which a speck or two cannot move. */
    private static float middleTone(float[] flat, int image) {
        int at = image * H * W + 20 * W;
        float[] row = Arrays.copyOfRange(flat, at + 12, at + 48);
        Arrays.sort(row);
        return row[row.length / 2];
    }

    /** How many of 40 pairs of one stroke came out with different tones in their two images. */
    private static int pairsToneApart(Augmenter augmenter) {
        DjlRuntime.pytorch();
        List<TrainingSample> batch = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            batch.add(new TrainingSample(greyStroke(), null, greyStroke(), PairKind.GENUINE));
        }
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlRuntime.PYTORCH)) {
            NDList[] arrays =
                    new BatchAssembler(H, W, augmenter)
                            .assemble(manager, batch, false, new Random(9));
            float[] flat = arrays[0].singletonOrThrow().toFloatArray();
            int apart = 0;
            for (int i = 0; i < batch.size(); i++) {
                if (Math.abs(middleTone(flat, i) - middleTone(flat, batch.size() + i)) > 1e-5f) {
                    apart++;
                }
            }
            return apart;
        }
    }

    @Test
    void aPairSharesOneScannerWhereTheAugmenterSaysSo() {
        // Given no geometric change (it would resample the tones) and the ink's appearance drawn
        // once per pair or once per image
        Augmenter still = new Augmenter(H, W, 0, 0, 0, 0);
        InkAppearance ink = new InkAppearance(H, W, 1f);

        // When 40 pairs of one stroke are assembled each way
        int perPair = pairsToneApart(still.withInkPerPair(ink));
        int perImage = pairsToneApart(still.withInk(ink));

        // Then the two images of a pair always have one tone when they share a scanner, and
        // mostly not when each image draws its own
        assertThat(perPair).isZero();
        assertThat(perImage).isGreaterThan(20);
    }
}
