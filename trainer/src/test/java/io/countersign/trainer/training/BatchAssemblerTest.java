package io.countersign.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.countersign.trainer.data.Augmenter;
import io.countersign.trainer.data.GreyStroke;
import io.countersign.trainer.data.InkAppearance;
import io.countersign.trainer.data.PairKind;
import io.countersign.trainer.data.TrainingSample;
import io.countersign.trainer.model.DjlRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchAssemblerTest {

    private static final int H = GreyStroke.H;
    private static final int W = GreyStroke.W;

    /** How many of 40 pairs of one stroke came out with different tones in their two images. */
    private static int pairsToneApart(Augmenter augmenter) {
        DjlRuntime.pytorch();
        List<TrainingSample> batch = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            batch.add(
                    new TrainingSample(
                            GreyStroke.canvas(), null, GreyStroke.canvas(), PairKind.GENUINE));
        }
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlRuntime.PYTORCH)) {
            NDList[] arrays =
                    new BatchAssembler(H, W, augmenter)
                            .assemble(manager, batch, false, new Random(9));
            float[] flat = arrays[0].singletonOrThrow().toFloatArray();
            int apart = 0;
            for (int i = 0; i < batch.size(); i++) {
                if (Math.abs(
                                GreyStroke.middleTone(flat, i * H * W)
                                        - GreyStroke.middleTone(flat, (batch.size() + i) * H * W))
                        > 1e-5f) {
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
