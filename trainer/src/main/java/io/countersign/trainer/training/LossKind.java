package io.countersign.trainer.training;

import ai.djl.training.loss.Loss;
import io.countersign.trainer.loss.BatchHardTripletLoss;
import io.countersign.trainer.loss.ContrastiveLoss;
import io.countersign.trainer.loss.ProxySoftmaxLoss;
import io.countersign.trainer.loss.TripletLoss;
import java.util.Locale;

/** The training objectives: contrastive pairs (as in SigNet) or triplets. */
public enum LossKind {
    /** Hadsell et al. 2006 on pairs; label 1 = genuine pair. */
    CONTRASTIVE,
    /** Triplets (anchor, genuine, forgery) with a margin. */
    TRIPLET,
    /**
     * Batch-hard triplets over batches of several writers each ({@code --batch-size} writers, with
     * {@link #GENUINE_PER_WRITER} genuine signatures and up to {@link #FORGERIES_PER_WRITER}
     * skilled forgeries of each).
     */
    BATCH_HARD,
    /** Like {@link #BATCH_HARD}, averaging over every violating triplet of the batch. */
    BATCH_ALL,
    /**
     * Writer classification with a cosine margin over learned proxies ({@link ProxySoftmaxLoss}),
     * on the same batches of writers; {@code --margin} is the cosine margin (e.g. 0.2).
     */
    PROXY;

    /** Genuine signatures of each writer in a batch-hard batch. */
    public static final int GENUINE_PER_WRITER = 4;

    /** Skilled forgeries of each writer in a batch-hard batch, where it has them. */
    public static final int FORGERIES_PER_WRITER = 2;

    /** The DJL loss with this margin. */
    public Loss create(float margin) {
        return switch (this) {
            case CONTRASTIVE -> new ContrastiveLoss(margin);
            case TRIPLET -> new TripletLoss(margin);
            case BATCH_HARD -> new BatchHardTripletLoss(margin, true);
            case BATCH_ALL -> new BatchHardTripletLoss(margin, false);
            case PROXY ->
                    throw new IllegalStateException(
                            "proxy loss needs its classes: use SiameseTraining's loss factory");
        };
    }

    /** Images per training example: two for a pair, three for a triplet, a writer's for a batch. */
    public int imagesPerExample() {
        return switch (this) {
            case CONTRASTIVE -> 2;
            case TRIPLET -> 3;
            case BATCH_HARD, BATCH_ALL, PROXY -> GENUINE_PER_WRITER + FORGERIES_PER_WRITER;
        };
    }

    /** Whether a step is a batch of several writers' images rather than pairs or triplets. */
    public boolean writerBatches() {
        return this == BATCH_HARD || this == BATCH_ALL || this == PROXY;
    }

    /** Parses {@code contrastive}, {@code triplet} or {@code batch-hard}. */
    public static LossKind parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown loss '"
                            + name
                            + "': use contrastive, triplet, batch-hard, batch-all or proxy",
                    e);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
