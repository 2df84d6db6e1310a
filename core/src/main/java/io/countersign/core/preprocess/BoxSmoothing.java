package io.countersign.core.preprocess;

import io.countersign.core.image.GreyImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Each pixel the mean of the 3 by 3 pixels about it (fewer at the edges): what a JPEG keeps of a
 * page is sharp in luminance but its colour only one sample per 2 by 2 pixels, and its 8-pixel
 * blocks break a fine print into specks; over 3 by 3 both hold together again, while a pen's
 * strokes, broader, stay.
 */
final class BoxSmoothing {

    private BoxSmoothing() {}

    /** Each image smoothed ({@link #of(GreyImage)}). */
    static List<GreyImage> of(List<GreyImage> images) {
        List<GreyImage> out = new ArrayList<>(images.size());
        for (GreyImage image : images) {
            out.add(of(image));
        }
        return out;
    }

    /** The image, each pixel the rounded mean of the 3 by 3 pixels about it. */
    static GreyImage of(GreyImage image) {
        int width = image.width();
        int height = image.height();
        byte[] pixels = image.pixels();
        int[] across = new int[pixels.length];
        int[] counts = new int[pixels.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int sum = 0;
                int n = 0;
                for (int dx = Math.max(0, x - 1); dx <= Math.min(width - 1, x + 1); dx++) {
                    sum += pixels[y * width + dx] & 0xff;
                    n++;
                }
                across[y * width + x] = sum;
                counts[y * width + x] = n;
            }
        }
        byte[] out = new byte[pixels.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int sum = 0;
                int n = 0;
                for (int dy = Math.max(0, y - 1); dy <= Math.min(height - 1, y + 1); dy++) {
                    sum += across[dy * width + x];
                    n += counts[dy * width + x];
                }
                out[y * width + x] = (byte) ((sum + n / 2) / n);
            }
        }
        return new GreyImage(out, width, height);
    }
}
