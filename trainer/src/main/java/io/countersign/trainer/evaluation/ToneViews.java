package io.countersign.trainer.evaluation;

import io.countersign.core.image.ImageTone;
import io.countersign.core.scoring.ReferenceViews;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * For the embedding of each image: the embedding of its bitonal view, the same array for an image
 * that is bitonal itself. It tells the protocol which tone a questioned image has and gives a
 * writer's references in both views, so trials are scored as the service scores them (core's {@code
 * Scorer} with {@link ReferenceViews}). An embedding it does not know counts as grey, its own
 * bitonal view: scoring then is as scanned throughout.
 */
public final class ToneViews {

    /** No views known: every image grey, compared as scanned. */
    public static final ToneViews NONE = new ToneViews(Map.of());

    private final Map<float[], float[]> bitonal;

    private ToneViews(Map<float[], float[]> bitonal) {
        this.bitonal = bitonal;
    }

    /**
     * Views from embeddings in pairs: {@code bitonal[i]} is the bitonal view of {@code
     * asScanned[i]}, the same array where the image is bitonal itself.
     */
    public static ToneViews of(float[][] asScanned, float[][] bitonal) {
        if (asScanned.length != bitonal.length) {
            throw new IllegalArgumentException(
                    asScanned.length + " embeddings but " + bitonal.length + " bitonal views");
        }
        Map<float[], float[]> views = new IdentityHashMap<>();
        for (int i = 0; i < asScanned.length; i++) {
            views.put(asScanned[i], bitonal[i]);
        }
        return new ToneViews(views);
    }

    /** The views of both, e.g. of the enrolled images and of the questioned ones. */
    public ToneViews and(ToneViews other) {
        Map<float[], float[]> both = new IdentityHashMap<>(bitonal);
        both.putAll(other.bitonal);
        return new ToneViews(both);
    }

    /** The tone of the image an embedding was made from. */
    public ImageTone tone(float[] embedding) {
        return bitonal.get(embedding) == embedding ? ImageTone.BITONAL : ImageTone.GREY;
    }

    /** The embedding of an image's bitonal view: itself for a bitonal or unknown image. */
    public float[] bitonalView(float[] embedding) {
        return bitonal.getOrDefault(embedding, embedding);
    }

    /** A writer's references in both views. */
    public ReferenceViews references(List<float[]> asScanned) {
        return ReferenceViews.of(
                asScanned, asScanned.stream().map(e -> bitonal.getOrDefault(e, e)).toList());
    }
}
