package io.countersign.core.image;

/**
 * Limits checked on an image's header before any pixel is decoded, so a decompression bomb costs
 * nothing.
 *
 * @param maxBytes largest encoded image accepted, in bytes
 * @param maxPixels largest image accepted, in pixels (width times height of the whole image)
 */
public record ImageLimits(long maxBytes, long maxPixels) {

    /** 10 MiB and 40 megapixels: an A4 page at 600 dpi fits, a bomb does not. */
    public static final ImageLimits DEFAULT = new ImageLimits(10L * 1024 * 1024, 40_000_000L);

    public ImageLimits {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, was " + maxPixels);
        }
    }
}
