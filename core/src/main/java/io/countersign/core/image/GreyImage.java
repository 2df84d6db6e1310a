package io.countersign.core.image;

import java.awt.image.BufferedImage;

/**
 * An image as 8-bit luminance, row-major, transparent pixels composited over white paper: what
 * preprocessing works on, whichever format the image came in.
 *
 * @param pixels {@code width * height} luminance bytes, 0 black, 255 white
 * @param width width in pixels
 * @param height height in pixels
 */
public record GreyImage(byte[] pixels, int width, int height) {

    public GreyImage {
        if (width <= 0 || height <= 0 || pixels.length != width * height) {
            throw new IllegalArgumentException(
                    pixels.length + " pixels do not make a " + width + "x" + height + " image");
        }
    }

    /** The luminance of a decoded image (0.30 R + 0.59 G + 0.11 B, in integer arithmetic). */
    public static GreyImage of(BufferedImage image) {
        return new GreyImage(Luminance.of(image), image.getWidth(), image.getHeight());
    }
}
