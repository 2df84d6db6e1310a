package io.countersign.core.image;

import io.countersign.schemas.ErrorCode;

/**
 * A signature box on a document page, in pixels from the page's top-left corner.
 *
 * <p>A region with no area or a negative origin is refused with {@link ErrorCode#INVALID_IMAGE},
 * because it arrives from upstream requests and must reach the dead-letter topic like any other bad
 * input.
 *
 * @param x left edge
 * @param y top edge
 * @param width width, at least 1
 * @param height height, at least 1
 */
public record Region(int x, int y, int width, int height) {

    public Region {
        if (x < 0 || y < 0 || width <= 0 || height <= 0) {
            throw new ImageRejectedException(
                    ErrorCode.INVALID_IMAGE,
                    "signature region "
                            + x
                            + ","
                            + y
                            + " "
                            + width
                            + "x"
                            + height
                            + " must have a non-negative origin and a positive size");
        }
    }
}
