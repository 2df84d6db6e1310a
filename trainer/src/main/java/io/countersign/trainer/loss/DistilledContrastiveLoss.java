package io.countersign.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * {@link ContrastiveLoss} plus a teacher's distances to match: per pair {@code weight · (d − scale
 * · t)²}, with {@code d} the network's distance and {@code t} the teacher's for the same two images
 * (an ensemble of networks, say, whose distances generalise better than any one network's). The
 * scale puts the teacher's distances in the student's units, so the contrastive margin keeps its
 * meaning. Labels are two arrays: the pair labels (1 = genuine pair) and the teacher's distances.
 */
public final class DistilledContrastiveLoss extends Loss {

    private final ContrastiveLoss contrastive;
    private final float weight;
    private float scale = Float.NaN;

    /**
     * A loss whose scale is set once the student's weights are there to measure it ({@link
     * #scale(float)}).
     *
     * @param margin the contrastive margin
     * @param weight how much the distance-matching term counts against the contrastive one
     */
    public DistilledContrastiveLoss(float margin, float weight) {
        super("DistilledContrastiveLoss");
        if (!(weight > 0)) {
            throw new IllegalArgumentException(
                    "distillation weight must be positive, was " + weight);
        }
        this.contrastive = new ContrastiveLoss(margin);
        this.weight = weight;
    }

    /** Sets what the teacher's distances are multiplied by before they are matched. */
    public void scale(float teacherToStudent) {
        if (!(teacherToStudent > 0) || !Float.isFinite(teacherToStudent)) {
            throw new IllegalArgumentException(
                    "the teacher's scale must be positive, was " + teacherToStudent);
        }
        this.scale = teacherToStudent;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        if (Float.isNaN(scale)) {
            throw new IllegalStateException("the teacher's scale was not set");
        }
        if (labels.size() != 2) {
            throw new IllegalArgumentException(
                    "distillation needs two label arrays (pair labels, teacher distances), got "
                            + labels.size());
        }
        NDArray pairs = contrastive.evaluate(new NDList(labels.get(0)), predictions);
        NDList halves = predictions.singletonOrThrow().split(2);
        NDArray distance =
                EmbeddingDistance.squared(halves.get(0), halves.get(1)).add(1e-12f).sqrt();
        NDArray teacher = labels.get(1).toType(distance.getDataType(), false).mul(scale);
        return pairs.add(distance.sub(teacher).square().mean().mul(weight));
    }
}
