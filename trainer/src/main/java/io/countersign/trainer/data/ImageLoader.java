package io.countersign.trainer.data;

import io.countersign.datasets.SignatureSample;

/** Turns one dataset image into the network's preprocessed input (height*width floats). */
@FunctionalInterface
public interface ImageLoader {

    /** Loads and preprocesses the sample's image. */
    float[] load(SignatureSample sample) throws Exception;
}
