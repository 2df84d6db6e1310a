package io.countersign.core.preprocess;

import io.countersign.core.image.GreyImage;

/**
 * The same signature as a broader pen would have written it: every stroke grows by a few pixels on
 * each side, taking the darkest ink within that reach (a grey erosion confined to the ink: only
 * Otsu's ink pixels spread, the paper's own grain is left as it is, as a broader pen leaves it). A
 * bitonal image stays bitonal.
 *
 * <p>Under a model card with a pen view ({@code scoring.broaderPen}) the service embeds each
 * reference also as written with a broader pen, so that a customer who signs with another pen than
 * the one they enrolled with is compared like with like (core's {@code ReferenceViews#penFor}); the
 * trainer's {@code thicken} scan channel is this same operation.
 */
public final class BroaderPen {

    /** The broadest supported: beyond it a signature's loops fill in. */
    public static final int MAX_PIXELS = 5;

    private BroaderPen() {}

    /**
     * @param pixels how far each stroke grows on each side, 1 to {@link #MAX_PIXELS}
     */
    public static GreyImage apply(GreyImage image, int pixels) {
        if (pixels < 1 || pixels > MAX_PIXELS) {
            throw new IllegalArgumentException(
                    "a broader pen grows strokes by 1 to " + MAX_PIXELS + " pixels, was " + pixels);
        }
        int width = image.width();
        int height = image.height();
        byte[] in = image.pixels();
        int level = Otsu.firstPaperLevel(in);
        // Luminances as unsigned bytes throughout: an image may have 40 million pixels.
        byte[] ink = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            ink[i] = (in[i] & 0xff) < level ? in[i] : (byte) 255;
        }
        // Separable: the darkest ink along each row first, then down each column of that.
        byte[] rows = new byte[in.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int darkest = 255;
                for (int dx = Math.max(0, x - pixels);
                        dx <= Math.min(width - 1, x + pixels);
                        dx++) {
                    darkest = Math.min(darkest, ink[y * width + dx] & 0xff);
                }
                rows[y * width + x] = (byte) darkest;
            }
        }
        byte[] out = new byte[in.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int darkest = in[y * width + x] & 0xff;
                for (int dy = Math.max(0, y - pixels);
                        dy <= Math.min(height - 1, y + pixels);
                        dy++) {
                    darkest = Math.min(darkest, rows[dy * width + x] & 0xff);
                }
                out[y * width + x] = (byte) darkest;
            }
        }
        return new GreyImage(out, width, height);
    }
}
