package io.countersign.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.datasets.DatasetSpec;
import io.countersign.datasets.SignatureDataset;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training must beat the untrained network on writers it never saw. The untrained SigNet-S is a
 * strong baseline on synthetic signatures (random convolutions already see stroke width and shape,
 * see docs/training.md), so this needs enough training writers to generalise from and enough
 * validation writers that the EER is not noise: 200 writers, 100 for training, 80 for validation, 6
 * epochs of 1 024 pairs at a learning rate of 1e-4 (about 2 minutes on 2 idle cores, twice that on
 * a busy host: the suite's longest test, so no longer than it needs).
 */
class TrainingImprovesTest {

    @TempDir Path dir;

    @Test
    void trainedNetworkBeatsTheUntrainedOneOnHeldOutWritersSkilledForgeries() throws Exception {
        // Given 200 synthetic writers: 100 train, 80 validation, 20 test (writer-disjoint)
        SignatureDataset data =
                DatasetSpec.load("synthetic:writers=200,genuine=6,forgeries=6,seed=11");
        TrainingConfig config =
                TrainingConfig.builder(dir.resolve("model"))
                        .epochs(6)
                        .pairsPerEpoch(1024)
                        .learningRate(1e-4f)
                        .patience(6)
                        .validationShare(0.4)
                        .testShare(0.1)
                        .evaluationPairsPerWriter(40)
                        .seed(6)
                        .version("signet-s-improves")
                        .build();

        // When trained with the trainer's own recipe (init, loss, Adam, augmentation, 2:1:1 pairs)
        TrainingResult result =
                TrainingRun.run(config, data, new PrintStream(OutputStream.nullOutputStream()));

        // Then: like with like. Both numbers are the skilled-forgery EER on the same fixed
        // validation pairs (80 writers, 1 200 genuine and 2 880 skilled pairs); the untrained one
        // is the trainer's network right after its initialisation, before the first step. The
        // last epoch is compared, not the best one, so choosing an epoch on these very pairs
        // cannot flatter it. Over 5 dataset/run seeds at 8 epochs the gap was 3.9 to 6.4 points,
        // every writer-bootstrap 95 % interval of it below -1.4 points, and 3.4 to 5.2 over three
        // at 6 (docs/training.md has the table); for these seeds 14.8 % -> 9.6 % at 6 epochs, as
        // at 8 (9.6 %).
        double untrained = result.initialValidationEer();
        double trained = result.history().get(result.history().size() - 1).validationEer();
        assertThat(result.history()).hasSize(6);
        assertThat(trained).isLessThan(untrained - 0.03);
        assertThat(result.bestValidationEer()).isLessThanOrEqualTo(trained);
    }
}
