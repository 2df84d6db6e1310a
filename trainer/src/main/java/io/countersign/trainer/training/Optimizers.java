package io.countersign.trainer.training;

import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/** Builds the configured optimiser with a cosine learning-rate schedule and weight decay. */
final class Optimizers {

    private Optimizers() {}

    /** The optimiser for a run of {@code totalSteps}, {@code doneSteps} of them already done. */
    static Optimizer create(TrainingConfig config, int totalSteps, int doneSteps) {
        Tracker cosine =
                Tracker.cosine()
                        .setBaseValue(config.learningRate())
                        .optFinalValue(config.learningRate() * 0.01f)
                        .setMaxUpdates(Math.max(1, totalSteps))
                        .build();
        // Shifted rather than optBeginNumUpdate: Adam's bias correction must restart with its
        // fresh moments, only the learning rate continues where the run stopped.
        Tracker schedule = step -> cosine.getNewValue(step + doneSteps);
        if (config.optimizer().equals("rmsprop")) {
            // Dey et al. 2017: RMSprop, rho 0.9, momentum 0.9, eps 1e-8.
            return RmsProp.builder()
                    .optLearningRateTracker(schedule)
                    .optRho(0.9f)
                    .optMomentum(0.9f)
                    .optWeightDecays(config.weightDecay())
                    .optClipGrad(5f)
                    .build();
        }
        return Adam.builder()
                .optLearningRateTracker(schedule)
                .optWeightDecays(config.weightDecay())
                .optClipGrad(5f)
                .build();
    }
}
