package io.countersign.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;

/**
 * Writer classification on the embedding, as Hafemann et al. trained SigNet, in the cosine form
 * that leaves a metric behind (CosFace, Wang et al. 2018): each class has a learned proxy on the
 * unit sphere, the logits are {@code s * (cos(e, proxy) - m [true class])}, and cross-entropy pulls
 * a writer's signatures to its proxy and away from all others at once. The classes are each
 * training writer's genuine signatures and, separately, the skilled forgeries of them, so the
 * embedding must also tell a writer from their forgers. Every image of a step sees every class,
 * where a pair or triplet sees two or three, so it learns from far fewer steps on a CPU.
 *
 * <p>With a forgery weight above 0, a second head asks of every image what SigNet-F's does
 * (Hafemann et al. 2017): is it a skilled forgery, whoever's? Two more proxies, "genuine" and
 * "forged", and a second cross-entropy between them, weighed by the forgery weight and added: what
 * gives a forgery away across writers (a slow forger's tremor and blunt stroke ends, a copied
 * shape's hesitations) becomes a direction of the embedding, and a new writer's forgery moves along
 * it away from their references. Class {@code 2 w + 1} is a forgery (see {@code WriterBatch}).
 *
 * <p>The proxies belong to training only (the exported network ends at the embedding); they are
 * updated by their own Adam step after each backward pass ({@link #step}), not saved in
 * checkpoints. Labels: one (N) array of class indices. Predictions: (N, D) embeddings.
 */
public final class ProxySoftmaxLoss extends Loss implements AutoCloseable {

    private static final float SCALE = 20f;
    private static final float LEARNING_RATE = 1e-2f;
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;

    private final float margin;
    private final float forgeryWeight;
    private final int classes;
    private final NDManager manager;
    private final NDArray proxies;
    private final NDArray firstMoment;
    private final NDArray secondMoment;
    private int steps;

    /** Creates the loss for {@code classes} classes of {@code dimension}-d embeddings. */
    public ProxySoftmaxLoss(float margin, int classes, int dimension, NDManager parent, long seed) {
        this(margin, 0f, classes, dimension, parent, seed);
    }

    /**
     * The same, with a forgery head weighed {@code forgeryWeight} (0: none); {@code classes} counts
     * the writer classes only.
     */
    public ProxySoftmaxLoss(
            float margin,
            float forgeryWeight,
            int classes,
            int dimension,
            NDManager parent,
            long seed) {
        super("ProxySoftmaxLoss");
        if (!(margin >= 0) || classes < 2 || !(forgeryWeight >= 0)) {
            throw new IllegalArgumentException(
                    "need a margin >= 0, a forgery weight >= 0 and at least two classes, got "
                            + margin
                            + ", "
                            + forgeryWeight
                            + ", "
                            + classes);
        }
        this.margin = margin;
        this.forgeryWeight = forgeryWeight;
        this.classes = classes;
        this.manager = parent.newSubManager();
        manager.getEngine().setRandomSeed((int) seed);
        int heads = forgeryWeight > 0 ? 2 : 0;
        this.proxies = manager.randomNormal(new Shape(classes + heads, dimension));
        this.proxies.setRequiresGradient(true);
        this.firstMoment = manager.zeros(proxies.getShape());
        this.secondMoment = manager.zeros(proxies.getShape());
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray e = predictions.singletonOrThrow();
        NDArray classes = labels.singletonOrThrow();
        NDArray unitE = unit(e);
        NDArray unitProxies;
        // Operations on the proxies would leave their results in the loss's long-lived manager,
        // a leak per step: they run in a step-local manager and only the result joins the batch's.
        try (NDManager step = manager.newSubManager()) {
            proxies.tempAttach(step);
            unitProxies = unit(proxies);
            unitProxies.attach(e.getManager());
        }
        NDArray cosines = unitE.matMul(unitProxies.transpose());
        NDArray indices = classes.toType(DataType.INT64, false);
        NDArray writers =
                crossEntropy(
                        forgeryWeight > 0
                                ? cosines.get(new NDIndex(":, :{}", this.classes))
                                : cosines,
                        indices,
                        this.classes);
        if (forgeryWeight == 0) {
            return writers;
        }
        NDArray forged =
                crossEntropy(cosines.get(new NDIndex(":, {}:", this.classes)), indices.mod(2), 2);
        return writers.add(forged.mul(forgeryWeight));
    }

    /** Mean cross-entropy of {@code labels} under the margin-penalised, scaled cosines. */
    private NDArray crossEntropy(NDArray cosines, NDArray labels, int count) {
        NDArray oneHot = labels.oneHot(count).toType(cosines.getDataType(), false);
        NDArray logits = cosines.sub(oneHot.mul(margin)).mul(SCALE);
        NDArray logProbabilities = logits.logSoftmax(1);
        return logProbabilities.mul(oneHot).sum(new int[] {1}).neg().mean();
    }

    /** One Adam step on the proxies with the gradient of the last backward pass, then clears it. */
    public void step() {
        steps++;
        double correction1 = 1 - Math.pow(BETA1, steps);
        double correction2 = 1 - Math.pow(BETA2, steps);
        // Every intermediate lives in a step-local manager, closed with the step.
        try (NDManager step = manager.newSubManager()) {
            NDArray gradient = proxies.getGradient();
            gradient.tempAttach(step);
            firstMoment.tempAttach(step);
            secondMoment.tempAttach(step);
            firstMoment.muli(BETA1).addi(gradient.mul(1 - BETA1));
            secondMoment.muli(BETA2).addi(gradient.square().mul(1 - BETA2));
            NDArray update =
                    firstMoment
                            .div((float) correction1)
                            .div(secondMoment.div((float) correction2).sqrt().add(1e-8f))
                            .mul(LEARNING_RATE);
            proxies.subi(update);
            gradient.subi(gradient);
        }
    }

    private static NDArray unit(NDArray x) {
        return x.div(x.square().sum(new int[] {1}, true).add(1e-12f).sqrt());
    }

    @Override
    public void close() {
        manager.close();
    }
}
