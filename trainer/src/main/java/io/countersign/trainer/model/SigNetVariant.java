package io.countersign.trainer.model;

import io.countersign.trainer.Choices;
import io.countersign.trainer.model.Layer.Conv;
import io.countersign.trainer.model.Layer.Dense;
import io.countersign.trainer.model.Layer.Dropout;
import io.countersign.trainer.model.Layer.Flatten;
import io.countersign.trainer.model.Layer.InkLevel;
import io.countersign.trainer.model.Layer.L2Normalize;
import io.countersign.trainer.model.Layer.Lrn;
import io.countersign.trainer.model.Layer.MaxPool;
import io.countersign.trainer.model.Layer.Relu;
import java.util.List;

/** The SigNet architectures the trainer knows, each as an ordered list of layers. */
public enum SigNetVariant {
    /** SigNet as published by Dey et al. 2017 (first convolution with stride 1). */
    SIGNET("signet", 96, 1, 256, 384, 256, 1024, 0.3f, 0.5f, false, false),
    /**
     * A small SigNet: the strided first convolution of the authors' code and narrower layers, so
     * that it trains in minutes on two CPU cores and its ONNX file stays small. It has no dropout:
     * with a few thousand pairs, even light dropout (0.1 / 0.2) lets dropout noise carry the pair
     * distances, the contrastive loss settles where every pair lies near m/2, and the network ends
     * worse than untrained (measured: random-forgery EER 4 % untrained, 20 % after training).
     */
    SIGNET_S("signet-s", 48, 4, 128, 192, 128, 512, 0f, 0f, false, false),
    /**
     * SigNet-S with its embedding scaled to unit length: distances lie in [0, 2] whatever the
     * writer or the script, which suits batch-hard triplet training (the margin keeps its meaning)
     * and a global threshold.
     */
    SIGNET_S_L2("signet-s-l2", 48, 4, 128, 192, 128, 512, 0f, 0f, true, false),
    /**
     * SigNet-S widened by a third in every convolution (64/160/256/160 channels): about 1.6× the
     * multiply-adds and 2.3 M parameters, so that two networks of which one is this still embed
     * faster than the 150 images/s floor on two cores. Issue 10 asked whether width helps on
     * writers the network never saw; docs/benchmarks.md has the answer measured.
     */
    SIGNET_M("signet-m", 64, 4, 160, 256, 160, 512, 0f, 0f, false, false),
    /**
     * SigNet-S reading its input at one ink level ({@link Layer.InkLevel}): each image divided by
     * the mean level of its ink, so that one writer's strokes from a fine and a broad pen, or from
     * light and dark ink, reach the convolutions alike. Contrastive networks trained without it
     * read the pen as part of the writer (docs/benchmarks.md, "Pen width").
     */
    SIGNET_S_INK("signet-s-ink", 48, 4, 128, 192, 128, 512, 0f, 0f, false, true);

    /** Share of an image's highest ink level above which a pixel counts as ink for the level. */
    static final float INK_FRACTION = 0.1f;

    /** Input height of every variant (Dey et al. 2017). */
    public static final int HEIGHT = 155;

    /** Input width of every variant. */
    public static final int WIDTH = 220;

    /** Size of the embedding every variant produces. */
    public static final int EMBEDDING_SIZE = 128;

    private final String id;
    private final List<Layer> layers;

    SigNetVariant(
            String id,
            int c1,
            int stride1,
            int c2,
            int c3,
            int c4,
            int fc,
            float convDropout,
            float fcDropout,
            boolean unitEmbedding,
            boolean inkLevel) {
        this.id = id;
        Lrn lrn = new Lrn(5, 1e-4f, 0.75f, 2f);
        List<Layer> layers =
                List.of(
                        new Conv(c1, 11, stride1, 0),
                        new Relu(),
                        lrn,
                        new MaxPool(3, 2),
                        new Conv(c2, 5, 1, 2),
                        new Relu(),
                        lrn,
                        new MaxPool(3, 2),
                        new Dropout(convDropout),
                        new Conv(c3, 3, 1, 1),
                        new Relu(),
                        new Conv(c4, 3, 1, 1),
                        new Relu(),
                        new MaxPool(3, 2),
                        new Dropout(convDropout),
                        new Flatten(),
                        new Dense(fc),
                        new Relu(),
                        new Dropout(fcDropout),
                        new Dense(EMBEDDING_SIZE));
        List<Layer> all = unitEmbedding ? append(layers, new L2Normalize()) : layers;
        this.layers = inkLevel ? prepend(new InkLevel(INK_FRACTION), all) : all;
    }

    private static List<Layer> append(List<Layer> layers, Layer last) {
        List<Layer> all = new java.util.ArrayList<>(layers);
        all.add(last);
        return List.copyOf(all);
    }

    private static List<Layer> prepend(Layer first, List<Layer> layers) {
        List<Layer> all = new java.util.ArrayList<>(layers.size() + 1);
        all.add(first);
        all.addAll(layers);
        return List.copyOf(all);
    }

    /** The name used on the command line and in model cards. */
    public String id() {
        return id;
    }

    /**
     * The learning rate a run gets unless it asks for another. Full SigNet's 114 M parameters
     * diverge at Adam's 1e-3 (measured: the loss jumps from 0.2 to over 4 000 in the first steps
     * and the embeddings collapse); 1e-4, the paper's RMSprop rate, trains.
     */
    public float defaultLearningRate() {
        return this == SIGNET ? 1e-4f : 1e-3f;
    }

    /** The layers in order, input to embedding. */
    public List<Layer> layers() {
        return layers;
    }

    /** Looks a variant up by its command-line name. */
    public static SigNetVariant parse(String name) {
        return Choices.parse(values(), name, "variant");
    }

    @Override
    public String toString() {
        return id;
    }
}
