package io.countersign.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;

/**
 * Turns any decoded image into 8-bit luminance, transparent pixels composited over white paper.
 *
 * <p>Byte-interleaved rasters (what PNG, JPEG and TIFF decode to) are read straight from their
 * buffer: per-pixel {@code getRGB} would be the slowest step of the whole pipeline.
 */
final class Luminance {

    private Luminance() {}

    /**
     * Red minus green at or above which a pixel counts as strongly red: a red stamp's ink on paper
     * reads 100 or more, a violet-black pen's about 20.
     */
    static final int RED_OVER_GREEN = 60;

    /**
     * Blue minus green at or above which a pixel counts as strongly blue or violet: a blue or
     * violet stamp's ink reads 90 or more, and so does blue ballpoint; black and grey ink read
     * about 0.
     */
    static final int BLUE_OVER_GREEN = 60;

    /**
     * Grey or black ink: darker than this, with red and blue within {@link #GREY_CHROMA} of green
     * (paper is lighter; blue and violet inks lie further from grey).
     */
    static final int GREY_INK = 100;

    static final int GREY_CHROMA = 40;

    static byte[] of(BufferedImage image) {
        return of(image, new int[3]);
    }

    /**
     * The luminance, and how many pixels are strongly red ({@link #RED_OVER_GREEN}), strongly blue
     * ({@link #BLUE_OVER_GREEN}) and grey or black ink ({@link #GREY_INK}).
     */
    static ImageDecoder.GreyPage page(BufferedImage image) {
        int[] colours = new int[3];
        byte[] pixels = of(image, colours);
        return new ImageDecoder.GreyPage(
                new GreyImage(pixels, image.getWidth(), image.getHeight()),
                colours[0],
                colours[1],
                colours[2]);
    }

    private static byte[] of(BufferedImage image, int[] colours) {
        Raster raster = image.getRaster();
        if (raster.getDataBuffer() instanceof DataBufferByte buffer
                && raster.getSampleModel() instanceof ComponentSampleModel model
                && raster.getSampleModelTranslateX() == 0
                && raster.getSampleModelTranslateY() == 0
                && image.getColorModel().getComponentSize(0) == 8
                && buffer.getNumBanks() == 1) {
            return fromInterleavedBytes(buffer.getData(), model, image, colours);
        }
        return fromRgb(image, colours);
    }

    private static byte[] fromInterleavedBytes(
            byte[] data, ComponentSampleModel model, BufferedImage image, int[] colours) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] offsets = model.getBandOffsets();
        int stride = model.getPixelStride();
        int scanline = model.getScanlineStride();
        int bands = offsets.length;
        boolean alpha = image.getColorModel().hasAlpha();
        int colourBands = alpha ? bands - 1 : bands;
        int alphaOffset = alpha ? offsets[bands - 1] : 0;
        byte[] out = new byte[width * height];
        for (int y = 0; y < height; y++) {
            int row = y * scanline;
            for (int x = 0; x < width; x++) {
                int p = row + x * stride;
                int v;
                if (colourBands >= 3) {
                    int r = data[p + offsets[0]] & 0xff;
                    int g = data[p + offsets[1]] & 0xff;
                    int b = data[p + offsets[2]] & 0xff;
                    v = (77 * r + 150 * g + 29 * b) >> 8;
                    count(r, g, b, v, colours);
                } else {
                    v = data[p + offsets[0]] & 0xff;
                }
                if (alpha) {
                    int a = data[p + alphaOffset] & 0xff;
                    v = (v * a + 255 * (255 - a)) / 255;
                }
                out[y * width + x] = (byte) v;
            }
        }
        return out;
    }

    private static byte[] fromRgb(BufferedImage image, int[] colours) {
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] out = new byte[width * height];
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int argb = row[x];
                int a = argb >>> 24;
                int r = (argb >> 16) & 0xff;
                int g = (argb >> 8) & 0xff;
                int b = argb & 0xff;
                int v = (77 * r + 150 * g + 29 * b) >> 8;
                count(r, g, b, v, colours);
                out[y * width + x] = (byte) ((v * a + 255 * (255 - a)) / 255);
            }
        }
        return out;
    }

    /** Counts a pixel as strongly red, strongly blue or grey ink, into {@code colours}. */
    private static void count(int r, int g, int b, int v, int[] colours) {
        if (r - g >= RED_OVER_GREEN) {
            colours[0]++;
        } else if (b - g >= BLUE_OVER_GREEN) {
            colours[1]++;
        } else if (v < GREY_INK && Math.abs(r - g) < GREY_CHROMA && Math.abs(b - g) < GREY_CHROMA) {
            colours[2]++;
        }
    }
}
