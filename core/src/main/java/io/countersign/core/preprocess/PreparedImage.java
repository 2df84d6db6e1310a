package io.countersign.core.preprocess;

import io.countersign.core.image.ImageTone;
import java.util.Objects;

/**
 * A questioned image ready for the model.
 *
 * @param tensor the preprocessed image ({@link SignaturePreprocessor#preprocess})
 * @param tone whether the image came with grey levels or only black and white
 */
public record PreparedImage(float[] tensor, ImageTone tone) {

    public PreparedImage {
        Objects.requireNonNull(tensor, "tensor");
        Objects.requireNonNull(tone, "tone");
    }
}
