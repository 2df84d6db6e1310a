package io.countersign.trainer.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RMSprop (Tieleman and Hinton 2012) as used to train SigNet, written with NDArray operations
 * because DJL's PyTorch engine does not implement its native RMSprop update: {@code s = rho s + (1
 * - rho) g^2; w -= lr g / (sqrt(s) + eps)}, with optional momentum, L2 weight decay added to the
 * gradient, gradient rescaling and clipping.
 */
public final class RmsProp extends Optimizer {

    private final ParameterTracker learningRate;
    private final float rho;
    private final float momentum;
    private final float epsilon;
    private final Map<String, Map<Device, NDArray>> squares = new ConcurrentHashMap<>();
    private final Map<String, Map<Device, NDArray>> velocities = new ConcurrentHashMap<>();

    private RmsProp(Builder builder) {
        super(builder);
        this.learningRate = builder.learningRate;
        this.rho = builder.rho;
        this.momentum = builder.momentum;
        this.epsilon = builder.epsilon;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = updateCount(parameterId);
        float lr = learningRate.getNewValue(parameterId, t);
        NDArray s =
                withDefaultState(squares, parameterId, weight.getDevice(), k -> weight.zerosLike());
        NDArray v =
                momentum > 0f
                        ? withDefaultState(
                                velocities,
                                parameterId,
                                weight.getDevice(),
                                k -> weight.zerosLike())
                        : null;
        // Every intermediate array dies with the scope; only the weight and the state persist.
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray g = grad.mul(rescaleGrad);
            if (clipGrad > 0) {
                g = g.clip(-clipGrad, clipGrad);
            }
            float decay = getWeightDecay();
            if (decay != 0f) {
                g = g.add(weight.mul(decay));
            }
            s.muli(rho).addi(g.square().muli(1f - rho));
            NDArray step = g.div(s.sqrt().addi(epsilon));
            if (v != null) {
                v.muli(momentum).addi(step);
                step = v;
            }
            weight.subi(step.mul(lr));
        }
    }

    /** Builder of {@link RmsProp}; defaults: lr 1e-4, rho 0.99, momentum 0, eps 1e-8. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private ParameterTracker learningRate = Tracker.fixed(1e-4f);
        private float rho = 0.99f;
        private float momentum;
        private float epsilon = 1e-8f;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** Sets the learning rate (schedule). */
        public Builder optLearningRateTracker(ParameterTracker tracker) {
            this.learningRate = tracker;
            return this;
        }

        /** Sets the decay of the running mean of squared gradients. */
        public Builder optRho(float rho) {
            this.rho = rho;
            return this;
        }

        /** Sets the momentum (0 for none). */
        public Builder optMomentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        /** Sets the term that keeps the division finite. */
        public Builder optEpsilon(float epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /** Builds the optimiser. */
        public RmsProp build() {
            return new RmsProp(this);
        }
    }
}
