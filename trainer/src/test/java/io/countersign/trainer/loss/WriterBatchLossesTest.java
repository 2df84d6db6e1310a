package io.countersign.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.countersign.trainer.model.DjlRuntime;
import org.junit.jupiter.api.Test;

/** The losses over batches of several writers, against hand-computed cases. */
class WriterBatchLossesTest {

    // Writer 0: genuine at x=0 and x=1, a skilled forgery at x=1.5; writer 1: genuine at x=4, 6.
    private static final float[] POINTS = {0, 0, 1, 0, 1.5f, 0, 4, 0, 6, 0};
    private static final float[] WRITERS = {0, 0, 0, 1, 1};
    private static final float[] GENUINE = {1, 1, 0, 1, 1};

    @Test
    void batchHardTakesTheFarthestPositiveAndTheClosestImpostor() {
        DjlRuntime.pytorch();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlRuntime.PYTORCH)) {
            // Anchors with margin 1 (hardest positive, closest impostor -> hinge):
            // x=0: p 1, n 1.5 (skilled) -> 0.5; x=1: p 1, n 0.5 (skilled) -> 1.5;
            // x=4: p 2, n 2.5 (writer 0's forgery) -> 0.5; x=6: p 2, n 4.5 -> 0. The forgery is
            // no anchor. Mean over the four anchors: 2.5 / 4.
            float loss = evaluate(new BatchHardTripletLoss(1f, true), manager);

            assertThat(loss).isCloseTo(2.5f / 4, within(1e-4f));
        }
    }

    @Test
    void batchAllAveragesTheViolatingTriplets() {
        DjlRuntime.pytorch();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlRuntime.PYTORCH)) {
            // Margin 1, every (anchor, positive, impostor) with a positive hinge:
            // a=0,p=1: impostors 1.5 -> 0.5, 4 -> 0, 6 -> 0; a=1,p=0: 0.5 -> 1.5, 3 -> 0, 5 -> 0;
            // a=4,p=6: impostors 0 (d 4) -> 0, 1 (d 3) -> 0, 1.5 (d 2.5) -> 0.5;
            // a=6,p=4: d 6, 5, 4.5 -> 0. Violating: 0.5, 1.5, 0.5 -> mean 2.5 / 3.
            float loss = evaluate(new BatchHardTripletLoss(1f, false), manager);

            assertThat(loss).isCloseTo(2.5f / 3, within(1e-4f));
        }
    }

    @Test
    void proxyLossFallsAsItsProxiesAndEmbeddingsLearn() {
        DjlRuntime.pytorch();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlRuntime.PYTORCH);
                ProxySoftmaxLoss loss = new ProxySoftmaxLoss(0.2f, 4, 2, manager, 1)) {
            // Given trainable 2-d embeddings of four classes
            NDArray embeddings =
                    manager.create(
                            new float[] {1, 0, 0.9f, 0.1f, 0, 1, -1, 0, 0, -1}, new Shape(5, 2));
            embeddings.setRequiresGradient(true);
            NDList labels = new NDList(manager.create(new float[] {0, 0, 1, 2, 3}));
            float first = 0;
            float last = 0;

            // When the proxies take 60 Adam steps
            for (int step = 0; step < 60; step++) {
                try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                    NDArray value = loss.evaluate(labels, new NDList(embeddings));
                    collector.backward(value);
                    last = value.getFloat();
                    if (step == 0) {
                        first = last;
                    }
                }
                loss.step();
            }

            // Then the loss falls well below where it started
            assertThat(last).isLessThan(first * 0.5f);
        }
    }

    @Test
    void forgeryHeadLearnsWhatTellsAnyForgeryFromAnyGenuineSignature() {
        // Two writers along the first two axes; their forgeries (classes 1 and 3) lie below the
        // third axis, their genuine signatures (0 and 2) above it: the head can split them by it.
        float[] apart = {1, 0, 0.5f, 0, 1, 0, -0.5f, 0, 0, 1, 0.5f, 0, 0, 1, -0.5f, 0};
        float[] terms = forgeryHeadTerm(apart);

        // Then the head's term (what the weighted loss adds) counted from the start, and has
        // fallen well below chance
        assertThat(terms[0]).isGreaterThan(0.05f);
        assertThat(terms[1]).isLessThan(CHANCE / 4);
    }

    @Test
    void forgeryHeadAsksAboutForgeryNotAboutTheWriter() {
        // Each forgery exactly where its writer's signature is: only the writers differ, so a
        // head asking "forged?" cannot learn, where one asking "which writer?" would
        float[] alike = {1, 0, 0.5f, 0, 1, 0, 0.5f, 0, 0, 1, 0.5f, 0, 0, 1, 0.5f, 0};
        float[] terms = forgeryHeadTerm(alike);

        assertThat(terms[1]).isGreaterThan(CHANCE * 0.9f);
    }

    private static final float CHANCE = (float) Math.log(2);

    /**
     * What a forgery head of weight 1 adds to the loss on {@code points} (classes 0 to 3, 4-d), at
     * the first step and after both losses learn their proxies for 300 Adam steps. The two losses
     * carry the head at weights 1 and 2: one seed, one shape, so all their proxies start alike; the
     * embeddings are fixed, so the writers' proxies see only the writers' term and the head's only
     * the head's, and Adam's steps do not depend on a term's weight. Both therefore follow one
     * trajectory, and their difference is the head's term at weight 1. (Against a loss without the
     * head, whose proxies are drawn in another shape, the writers' proxies started apart, and where
     * the writers cannot be told apart their trajectories sometimes diverged.)
     */
    private static float[] forgeryHeadTerm(float[] points) {
        DjlRuntime.pytorch();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlRuntime.PYTORCH);
                ProxySoftmaxLoss once = new ProxySoftmaxLoss(0.1f, 1f, 4, 4, manager, 3);
                ProxySoftmaxLoss twice = new ProxySoftmaxLoss(0.1f, 2f, 4, 4, manager, 3)) {
            NDArray embeddings = manager.create(points, new Shape(4, 4));
            NDList labels = new NDList(manager.create(new float[] {0, 1, 2, 3}));
            float[] last = new float[2];
            float first = 0;
            ProxySoftmaxLoss[] losses = {once, twice};
            for (int step = 0; step < 300; step++) {
                for (int i = 0; i < 2; i++) {
                    try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                        NDArray value = losses[i].evaluate(labels, new NDList(embeddings));
                        collector.backward(value);
                        last[i] = value.getFloat();
                    }
                    losses[i].step();
                }
                if (step == 0) {
                    first = last[1] - last[0];
                }
            }
            return new float[] {first, last[1] - last[0]};
        }
    }

    @Test
    void forgeryWeightMustNotBeNegative() {
        DjlRuntime.pytorch();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlRuntime.PYTORCH)) {
            assertThatThrownBy(() -> new ProxySoftmaxLoss(0.1f, -1f, 4, 2, manager, 3))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("forgery weight");
        }
    }

    private static float evaluate(BatchHardTripletLoss loss, NDManager manager) {
        return loss.evaluate(
                        new NDList(manager.create(WRITERS), manager.create(GENUINE)),
                        new NDList(manager.create(POINTS, new Shape(5, 2))))
                .getFloat();
    }
}
