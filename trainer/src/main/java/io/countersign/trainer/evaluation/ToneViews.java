package io.countersign.trainer.evaluation;

import io.countersign.core.image.ImageTone;
import io.countersign.core.scoring.ReferenceViews;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * For the embedding of each image: the embedding of its bitonal view (the same array for an image
 * that is bitonal itself), its ink level in both views, and, where a pen view was made, the same of
 * the image as a broader pen would have written it. It tells the protocol which tone a questioned
 * image has and how bright its ink is, and gives a writer's references in every view, so trials are
 * scored as the service scores them (core's {@code Scorer} with {@link ReferenceViews}). An
 * embedding it does not know counts as grey, its own bitonal view, of unknown ink level: scoring
 * then is as scanned and as enrolled throughout.
 */
public final class ToneViews {

    /** No views known: every image grey, compared as scanned. */
    public static final ToneViews NONE = new ToneViews(Map.of(), 0);

    /**
     * One image's embeddings and log ink levels (core's {@code InkLevel}) in both tone views.
     *
     * @param broaderPen the same of the image written with a broader pen; null without a pen view
     */
    public record Rendering(
            float[] asScanned,
            float[] bitonal,
            double inkLevel,
            double bitonalInkLevel,
            Rendering broaderPen) {}

    private final Map<float[], Rendering> renderings;
    private final int broaderPen;

    private ToneViews(Map<float[], Rendering> renderings, int broaderPen) {
        this.renderings = renderings;
        this.broaderPen = broaderPen;
    }

    /**
     * Views from embeddings in pairs: {@code bitonal[i]} is the bitonal view of {@code
     * asScanned[i]}, the same array where the image is bitonal itself; ink levels unknown.
     */
    public static ToneViews of(float[][] asScanned, float[][] bitonal) {
        if (asScanned.length != bitonal.length) {
            throw new IllegalArgumentException(
                    asScanned.length + " embeddings but " + bitonal.length + " bitonal views");
        }
        List<Rendering> renderings = new ArrayList<>();
        for (int i = 0; i < asScanned.length; i++) {
            renderings.add(new Rendering(asScanned[i], bitonal[i], Double.NaN, Double.NaN, null));
        }
        return of(renderings, 0);
    }

    /**
     * Views from each image's renderings, keyed by their embedding as scanned.
     *
     * @param broaderPen pixels the pen views are broader by (0: none made)
     */
    public static ToneViews of(List<Rendering> renderings, int broaderPen) {
        Map<float[], Rendering> views = new IdentityHashMap<>();
        for (Rendering r : renderings) {
            if ((r.broaderPen() != null) != (broaderPen > 0)) {
                throw new IllegalArgumentException(
                        "every image needs a pen view where one is made, and none otherwise");
            }
            views.put(r.asScanned(), r);
        }
        return new ToneViews(views, broaderPen);
    }

    /** Pixels the pen views are broader by, 0 where none was made (the card's fit records it). */
    public int broaderPen() {
        return broaderPen;
    }

    /** The views of both, e.g. of the enrolled images and of the questioned ones. */
    public ToneViews and(ToneViews other) {
        if (broaderPen != other.broaderPen
                && !renderings.isEmpty()
                && !other.renderings.isEmpty()) {
            throw new IllegalArgumentException(
                    "views with pen views "
                            + broaderPen
                            + " and "
                            + other.broaderPen
                            + " pixels broader do not go together");
        }
        Map<float[], Rendering> both = new IdentityHashMap<>(renderings);
        both.putAll(other.renderings);
        return new ToneViews(both, Math.max(broaderPen, other.broaderPen));
    }

    /** The tone of the image an embedding was made from. */
    public ImageTone tone(float[] embedding) {
        Rendering r = renderings.get(embedding);
        return r != null && r.bitonal() == embedding ? ImageTone.BITONAL : ImageTone.GREY;
    }

    /** The embedding of an image's bitonal view: itself for a bitonal or unknown image. */
    public float[] bitonalView(float[] embedding) {
        Rendering r = renderings.get(embedding);
        return r != null ? r.bitonal() : embedding;
    }

    /** An image's log ink level in one view, NaN for an unknown image or level. */
    public double inkLevel(float[] embedding, ImageTone view) {
        Rendering r = renderings.get(embedding);
        if (r == null) {
            return Double.NaN;
        }
        return view == ImageTone.BITONAL ? r.bitonalInkLevel() : r.inkLevel();
    }

    /**
     * A writer's references in every view: both tones, and a broader pen's where each reference has
     * one, each with the references' mean ink level.
     */
    public ReferenceViews references(List<float[]> asScanned) {
        List<Rendering> refs =
                asScanned.stream()
                        .map(
                                e -> {
                                    Rendering r = renderings.get(e);
                                    return r != null
                                            ? r
                                            : new Rendering(e, e, Double.NaN, Double.NaN, null);
                                })
                        .toList();
        boolean penViews = refs.stream().allMatch(r -> r.broaderPen() != null);
        return views(
                refs,
                penViews ? views(refs.stream().map(Rendering::broaderPen).toList(), null) : null);
    }

    private static ReferenceViews views(List<Rendering> refs, ReferenceViews broaderPen) {
        return ReferenceViews.of(
                refs.stream().map(Rendering::asScanned).toList(),
                refs.stream().map(Rendering::bitonal).toList(),
                refs.stream().mapToDouble(Rendering::inkLevel).average().orElse(Double.NaN),
                refs.stream().mapToDouble(Rendering::bitonalInkLevel).average().orElse(Double.NaN),
                broaderPen);
    }
}
