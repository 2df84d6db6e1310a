package io.countersign.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import io.countersign.trainer.data.PairSampler;
import io.countersign.trainer.data.TrainingSample;
import io.countersign.trainer.loss.ProxySoftmaxLoss;
import java.io.PrintStream;
import java.util.List;
import java.util.Random;

/** Runs one training epoch over freshly drawn pairs (or triplets) with a progress bar. */
final class EpochRunner {

    private final TrainingConfig config;
    private final PairSampler sampler;
    private final BatchAssembler assembler;
    private final PrintStream progress;

    EpochRunner(
            TrainingConfig config,
            PairSampler sampler,
            BatchAssembler assembler,
            PrintStream progress) {
        this.config = config;
        this.sampler = sampler;
        this.assembler = assembler;
        this.progress = progress;
    }

    /** Trains one epoch; returns the mean loss and the throughput in pairs per second. */
    double[] run(Trainer trainer, int epoch) {
        // Seeded per epoch, so a resumed run draws the same pairs as an uninterrupted one.
        Random random = new Random(config.trainingSeed() * 1_000_003L + epoch);
        int steps = config.pairsPerEpoch() / config.batchSize();
        int count = steps * config.batchSize();
        boolean triplets = config.loss() == LossKind.TRIPLET;
        boolean writerBatches = config.loss().writerBatches();
        List<TrainingSample> samples =
                writerBatches
                        ? List.of()
                        : triplets ? sampler.triplets(count, random) : sampler.pairs(count, random);
        ProgressBar bar =
                new ProgressBar(progress, "epoch " + epoch + "/" + config.epochs(), count);
        long start = System.nanoTime();
        double lossSum = 0;
        for (int step = 0; step < steps; step++) {
            try (NDManager manager = trainer.getManager().newSubManager()) {
                NDList[] arrays =
                        writerBatches
                                ? assembler.assemble(
                                        manager,
                                        sampler.writerBatch(
                                                config.batchSize(),
                                                LossKind.GENUINE_PER_WRITER,
                                                LossKind.FORGERIES_PER_WRITER,
                                                random),
                                        config.loss() == LossKind.PROXY,
                                        random)
                                : assembler.assemble(
                                        manager,
                                        samples.subList(
                                                step * config.batchSize(),
                                                (step + 1) * config.batchSize()),
                                        triplets,
                                        random);
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList embeddings = trainer.forward(arrays[0]);
                    NDArray loss = trainer.getLoss().evaluate(arrays[1], embeddings);
                    collector.backward(loss);
                    lossSum += loss.getFloat();
                }
                if (trainer.getLoss() instanceof ProxySoftmaxLoss proxies) {
                    proxies.step();
                }
                trainer.step();
            }
            bar.update((step + 1) * config.batchSize(), lossSum / (step + 1));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new double[] {lossSum / steps, count / seconds, seconds};
    }
}
