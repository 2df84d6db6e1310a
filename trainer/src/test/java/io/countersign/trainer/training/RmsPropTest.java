package io.countersign.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import io.countersign.trainer.model.DjlRuntime;
import org.junit.jupiter.api.Test;

class RmsPropTest {

    @Test
    void oneStepMatchesTheUpdateRuleByHand() {
        DjlRuntime.pytorch();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlRuntime.PYTORCH)) {
            // Given w = [1, -2], g = [0.5, 0.1], rho 0.9, lr 0.1, no epsilon
            NDArray weight = manager.create(new float[] {1f, -2f});
            NDArray grad = manager.create(new float[] {0.5f, 0.1f});
            RmsProp optimizer =
                    RmsProp.builder()
                            .optLearningRateTracker(Tracker.fixed(0.1f))
                            .optRho(0.9f)
                            .optEpsilon(0f)
                            .build();

            // When
            optimizer.update("w", weight, grad);

            // Then: s = 0.1 g^2, so w -= 0.1 * g / sqrt(0.1 g^2) = 0.1 * sign(g) / sqrt(0.1)
            float step = (float) (0.1 / Math.sqrt(0.1));
            assertThat(weight.toFloatArray()[0]).isCloseTo(1f - step, within(1e-5f));
            assertThat(weight.toFloatArray()[1]).isCloseTo(-2f - step, within(1e-5f));
        }
    }

    @Test
    void trainsAModelThroughDjlsTrainer() {
        DjlRuntime.pytorch();
        try (Model model = Model.newInstance("rmsprop", Device.cpu(), DjlRuntime.PYTORCH)) {
            // Given a linear model fitting y = 3x with RMSprop and weight decay
            model.setBlock(Linear.builder().setUnits(1).build());
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.l2Loss())
                            .optOptimizer(
                                    RmsProp.builder()
                                            .optLearningRateTracker(Tracker.fixed(0.05f))
                                            .optWeightDecays(1e-4f)
                                            .build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(4, 1));
                NDManager m = trainer.getManager();
                NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(4, 1));
                NDArray y = x.mul(3);
                float first = 0;
                float last = 0;

                // When
                for (int i = 0; i < 200; i++) {
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray loss =
                                trainer.getLoss()
                                        .evaluate(new NDList(y), trainer.forward(new NDList(x)));
                        collector.backward(loss);
                        last = loss.getFloat();
                        first = i == 0 ? last : first;
                    }
                    trainer.step();
                }

                // Then
                assertThat(last).isLessThan(first / 10);
            }
        }
    }
}
