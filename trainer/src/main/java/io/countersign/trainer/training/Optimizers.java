package io.countersign.trainer.training;

import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/** Builds the configured optimiser with a cosine learning-rate schedule and weight decay. */
final class Optimizers {

    private Optimizers() {}

    static Optimizer create(TrainingConfig config, int totalSteps) {
        Tracker schedule =
                Tracker.cosine()
                        .setBaseValue(config.learningRate())
                        .optFinalValue(config.learningRate() * 0.01f)
                        .setMaxUpdates(Math.max(1, totalSteps))
                        .build();
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
