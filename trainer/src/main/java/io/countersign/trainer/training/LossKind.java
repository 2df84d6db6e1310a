package io.countersign.trainer.training;

import ai.djl.training.loss.Loss;
import io.countersign.trainer.loss.ContrastiveLoss;
import io.countersign.trainer.loss.TripletLoss;
import java.util.Locale;

/** The training objectives: contrastive pairs (as in SigNet) or triplets. */
public enum LossKind {
    /** Hadsell et al. 2006 on pairs; label 1 = genuine pair. */
    CONTRASTIVE,
    /** Triplets (anchor, genuine, forgery) with a margin. */
    TRIPLET;

    /** The DJL loss with this margin. */
    public Loss create(float margin) {
        return this == CONTRASTIVE ? new ContrastiveLoss(margin) : new TripletLoss(margin);
    }

    /** Images per training example: two for a pair, three for a triplet. */
    public int imagesPerExample() {
        return this == CONTRASTIVE ? 2 : 3;
    }

    /** Parses {@code contrastive} or {@code triplet}. */
    public static LossKind parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown loss '" + name + "': use contrastive or triplet", e);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
