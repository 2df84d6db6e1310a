package io.countersign.trainer.data;

import io.countersign.core.preprocess.PreparedReference;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Each loaded image's renderings as core's {@code prepareReference} made them: its bitonal view
 * (the same array for an image that is bitonal itself) and, where asked for, both views of it as a
 * broader pen would have written it, so that {@code evaluate} and the rule's fit compare like with
 * like as the service does. Filled by a loader on several threads.
 */
public final class TensorViews {

    private final int broaderPen;
    private final Map<float[], PreparedReference> prepared =
            Collections.synchronizedMap(new IdentityHashMap<>());

    /** The tone views only. */
    public TensorViews() {
        this(0);
    }

    /**
     * @param broaderPen pixels each stroke grows by in the pen view (core's {@code BroaderPen}), 0
     *     for none
     */
    public TensorViews(int broaderPen) {
        if (broaderPen < 0) {
            throw new IllegalArgumentException("a pen view is 0 or more pixels broader");
        }
        this.broaderPen = broaderPen;
    }

    /** Pixels the pen view is broader by, 0 for none. */
    public int broaderPen() {
        return broaderPen;
    }

    /** Records a prepared image; returns its tensor as scanned, the one the loader hands on. */
    float[] add(PreparedReference rendered) {
        prepared.put(rendered.asScanned(), rendered);
        return rendered.asScanned();
    }

    /**
     * The bitonal view of a tensor this loader made: itself for a bitonal image.
     *
     * @throws IllegalArgumentException for a tensor it did not make
     */
    public float[] bitonal(float[] tensor) {
        return of(tensor).bitonal();
    }

    /**
     * All renderings of a tensor this loader made.
     *
     * @throws IllegalArgumentException for a tensor it did not make
     */
    public PreparedReference of(float[] tensor) {
        PreparedReference rendered = prepared.get(tensor);
        if (rendered == null) {
            throw new IllegalArgumentException("an image that was not loaded with its views");
        }
        return rendered;
    }
}
