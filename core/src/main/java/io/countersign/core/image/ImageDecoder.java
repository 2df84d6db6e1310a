package io.countersign.core.image;

import io.countersign.schemas.ErrorCode;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes PNG, JPEG, BMP, GIF and TIFF bytes, refusing oversized, absurd and corrupt images from
 * their header before a single pixel is allocated (decompression bombs are a real attack).
 */
public final class ImageDecoder {

    /** No signature is 50 times wider than high; a 1x100000 image is an attack or a bug. */
    static final int MAX_ASPECT_RATIO = 50;

    static {
        // Decoding works from memory; ImageIO's default would spill streams to temporary files.
        ImageIO.setUseCache(false);
    }

    private ImageDecoder() {}

    /**
     * Decodes {@code bytes} straight to luminance, cropped to {@code region} when one is given: the
     * luminance of the decoded pixels ({@link GreyImage#of}), except that a YCbCr or grey JPEG
     * yields its own luma channel, skipping the colour conversion to RGB and back (a third of its
     * decoding time). The encoder's luma is mostly one level brighter than the luminance of the
     * decoded RGB (it rounds where our integer formula floors), a few levels apart at most in
     * saturated colours.
     *
     * @throws ImageRejectedException with IMAGE_TOO_LARGE, INVALID_IMAGE or UNDECODABLE_IMAGE
     */
    public static GreyImage decodeGrey(byte[] bytes, Region region, ImageLimits limits) {
        return decodeGreyPage(bytes, region, limits).luminance();
    }

    /**
     * A page's luminance ({@link #decodeGrey}) and how many of its pixels are strongly red (red
     * well above green, or a JPEG's red-difference chroma well above neutral), strongly blue or
     * violet (blue well above green, or the blue-difference chroma) and grey or black ink (dark,
     * with little colour); each 0 for a page without colour. Counted in the same pass, so that only
     * a page that may carry a stamp is looked at again, for its colour planes or a stamp's ring.
     *
     * @param luminance the page's luminance
     * @param redPixels pixels strongly red (violet ones too, where red leads green by as much)
     * @param bluePixels pixels strongly blue or violet, not counted as red
     * @param greyInkPixels dark pixels with little colour: grey or black ink
     */
    public record GreyPage(GreyImage luminance, int redPixels, int bluePixels, int greyInkPixels) {

        /**
         * Whether the page shows ink of at least two colours (red or violet, blue, grey), each in
         * at least {@code pixels} pixels and a twentieth of all three counts: a stamp of another
         * colour than the pen's. (A JPEG's subsampled chroma greys the edges of blue strokes, a few
         * per cent of them.)
         */
        public boolean twoColours(int pixels) {
            int least = Math.max(pixels, (redPixels + bluePixels + greyInkPixels) / 20);
            int colours =
                    (redPixels >= least ? 1 : 0)
                            + (bluePixels >= least ? 1 : 0)
                            + (greyInkPixels >= least ? 1 : 0);
            return colours >= 2;
        }
    }

    /**
     * As {@link #decodeGrey}, with the counts of strongly red, strongly blue and grey-ink pixels.
     *
     * @throws ImageRejectedException with IMAGE_TOO_LARGE, INVALID_IMAGE or UNDECODABLE_IMAGE
     */
    public static GreyPage decodeGreyPage(byte[] bytes, Region region, ImageLimits limits) {
        return decode(
                bytes,
                region,
                limits,
                (reader, param) ->
                        JpegLuma.readable(reader)
                                ? JpegLuma.read(reader, param)
                                : Luminance.page(reader.read(0, param)));
    }

    /**
     * The red, green and blue planes of {@code bytes} (cropped to {@code region}), each an 8-bit
     * image, transparent pixels over white paper; none for an image without colour (grey, bitonal,
     * or colour in which every pixel is grey). A second, full decoding, made only for the pages
     * whose luminance mixes the ink with a printed background.
     *
     * @throws ImageRejectedException as {@link #decodeGrey}
     */
    public static List<GreyImage> decodePlanes(byte[] bytes, Region region, ImageLimits limits) {
        return decode(bytes, region, limits, (reader, param) -> planes(reader.read(0, param)));
    }

    /** How one decoding reads the pixels, once the header has passed every check. */
    private interface Reading<T> {
        T read(ImageReader reader, ImageReadParam param) throws IOException;
    }

    private static <T> T decode(
            byte[] bytes, Region region, ImageLimits limits, Reading<T> reading) {
        if (bytes == null || bytes.length == 0) {
            throw new ImageRejectedException(ErrorCode.UNDECODABLE_IMAGE, "image is empty");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new ImageRejectedException(
                    ErrorCode.IMAGE_TOO_LARGE,
                    "image of "
                            + bytes.length
                            + " bytes exceeds the limit of "
                            + limits.maxBytes());
        }
        try (ImageInputStream input =
                ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = readerFor(input);
            try {
                // JPEG metadata says which colour space the components are in (JpegLuma).
                reader.setInput(input, true, !JpegLuma.isJpeg(reader));
                Rectangle box = checkedBox(reader, region, limits);
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceRegion(box);
                return reading.read(reader, param);
            } finally {
                reader.dispose();
            }
        } catch (ImageRejectedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ImageRejectedException(
                    ErrorCode.UNDECODABLE_IMAGE, "image data is corrupt or truncated", e);
        }
    }

    private static List<GreyImage> planes(BufferedImage image) {
        if (image.getColorModel().getNumColorComponents() < 3) {
            return List.of();
        }
        int width = image.getWidth();
        int height = image.getHeight();
        byte[][] planes = new byte[3][width * height];
        int[] row = new int[width];
        boolean colour = false;
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int argb = row[x];
                int a = argb >>> 24;
                for (int c = 0; c < 3; c++) {
                    int v = (argb >> (16 - 8 * c)) & 0xff;
                    planes[c][y * width + x] = (byte) ((v * a + 255 * (255 - a)) / 255);
                }
                colour |=
                        planes[0][y * width + x] != planes[1][y * width + x]
                                || planes[1][y * width + x] != planes[2][y * width + x];
            }
        }
        if (!colour) {
            return List.of();
        }
        return List.of(
                new GreyImage(planes[0], width, height),
                new GreyImage(planes[1], width, height),
                new GreyImage(planes[2], width, height));
    }

    private static ImageReader readerFor(ImageInputStream input) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
        if (!readers.hasNext()) {
            throw new ImageRejectedException(
                    ErrorCode.UNDECODABLE_IMAGE,
                    "not an image in a supported format (PNG, JPEG, BMP, GIF, TIFF)");
        }
        return readers.next();
    }

    /** Reads only the header's size and checks it against the limits and the region. */
    private static Rectangle checkedBox(ImageReader reader, Region region, ImageLimits limits)
            throws IOException {
        String format = reader.getFormatName().toUpperCase(java.util.Locale.ROOT);
        long width;
        long height;
        try {
            width = reader.getWidth(0);
            height = reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
            throw new ImageRejectedException(
                    ErrorCode.UNDECODABLE_IMAGE, format + " header is corrupt", e);
        }
        if (width <= 0 || height <= 0) {
            throw new ImageRejectedException(
                    ErrorCode.UNDECODABLE_IMAGE, format + " header declares no pixels");
        }
        if (width * height > limits.maxPixels()) {
            throw new ImageRejectedException(
                    ErrorCode.IMAGE_TOO_LARGE,
                    String.format(
                            "%s header declares %dx%d pixels, over the limit of %d",
                            format, width, height, limits.maxPixels()));
        }
        if (Math.max(width, height) > MAX_ASPECT_RATIO * Math.min(width, height)) {
            throw new ImageRejectedException(
                    ErrorCode.INVALID_IMAGE,
                    String.format("%dx%d pixels is no signature's shape", width, height));
        }
        if (region == null) {
            return new Rectangle(0, 0, (int) width, (int) height);
        }
        if ((long) region.x() + region.width() > width
                || (long) region.y() + region.height() > height) {
            throw new ImageRejectedException(
                    ErrorCode.INVALID_IMAGE,
                    String.format(
                            "signature region %d,%d %dx%d lies outside the %dx%d image",
                            region.x(),
                            region.y(),
                            region.width(),
                            region.height(),
                            width,
                            height));
        }
        return new Rectangle(region.x(), region.y(), region.width(), region.height());
    }
}
