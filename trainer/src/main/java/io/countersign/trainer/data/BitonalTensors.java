package io.countersign.trainer.data;

import io.countersign.core.preprocess.PreparedReference;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Each loaded image's tensor and the tensor of its bitonal view, as core's {@code prepareReference}
 * made them (the same array for an image that is bitonal itself), so that {@code evaluate} can
 * compare like with like as the service does. Filled by a loader on several threads.
 */
public final class BitonalTensors {

    private final Map<float[], float[]> bitonal =
            Collections.synchronizedMap(new IdentityHashMap<>());

    /** Records a prepared image; returns its tensor as scanned, the one the loader hands on. */
    float[] add(PreparedReference prepared) {
        bitonal.put(prepared.asScanned(), prepared.bitonal());
        return prepared.asScanned();
    }

    /**
     * The bitonal view of a tensor this loader made: itself for a bitonal image.
     *
     * @throws IllegalArgumentException for a tensor it did not make
     */
    public float[] of(float[] tensor) {
        float[] view = bitonal.get(tensor);
        if (view == null) {
            throw new IllegalArgumentException("an image that was not loaded with its views");
        }
        return view;
    }
}
