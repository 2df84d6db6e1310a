package io.countersign.core.image;

import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Reads a JPEG's luma channel as it was encoded: a YCbCr JPEG's first component is the image's
 * luminance, so the reader's conversion to RGB (for us to convert back) can be skipped.
 *
 * <p>Which colour space the components are in follows libjpeg's rules, from the native metadata:
 * one component is grey; three are YCbCr with a JFIF marker, with an Adobe marker saying transform
 * 1, or with neither marker unless their ids spell R, G, B. Anything else (Adobe RGB, CMYK, YCCK)
 * is decoded the usual way.
 */
final class JpegLuma {

    private static final String NATIVE_FORMAT = "javax_imageio_jpeg_image_1.0";

    private JpegLuma() {}

    static boolean isJpeg(ImageReader reader) {
        try {
            return reader.getFormatName().toLowerCase(Locale.ROOT).equals("jpeg");
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the reader holds a JPEG whose first component is its luminance. */
    static boolean readable(ImageReader reader) throws IOException {
        if (!isJpeg(reader)) {
            return false;
        }
        IIOMetadata metadata = reader.getImageMetadata(0);
        if (metadata == null
                || !Arrays.asList(metadata.getMetadataFormatNames()).contains(NATIVE_FORMAT)) {
            return false;
        }
        Node tree = metadata.getAsTree(NATIVE_FORMAT);
        Element frame = first(tree, "sof");
        if (frame == null) {
            return false;
        }
        NodeList components = frame.getElementsByTagName("componentSpec");
        if (components.getLength() == 1) {
            return true;
        }
        if (components.getLength() != 3) {
            return false;
        }
        Element adobe = first(tree, "app14Adobe");
        if (adobe != null) {
            return "1".equals(adobe.getAttribute("transform"));
        }
        if (first(tree, "app0JFIF") != null) {
            return true;
        }
        return !(id(components, 0) == 'R' && id(components, 1) == 'G' && id(components, 2) == 'B');
    }

    /**
     * Red-difference chroma (Cr) at or above which a pixel counts as strongly red: a red stamp's
     * ink reads about 200, a violet-black pen's about 136, blue ink below 128.
     */
    static final int RED_CR = 150;

    /**
     * Blue-difference chroma (Cb) at or above which a pixel counts as strongly blue or violet: a
     * blue stamp's ink reads about 180, blue ballpoint as much, black and grey ink about 128.
     */
    static final int BLUE_CB = 150;

    /**
     * Grey or black ink: luma below this, both chromas within {@link #GREY_CHROMA} of neutral
     * (128).
     */
    static final int GREY_INK = 100;

    static final int GREY_CHROMA = 20;

    /** Every this many rows and columns the chroma is read: the count is an estimate. */
    static final int RED_GRID = 4;

    /**
     * The first component of the (cropped) image, as luminance, and how many of its pixels are
     * strongly red ({@link #RED_CR}), strongly blue ({@link #BLUE_CB}) and grey or black ink
     * ({@link #GREY_INK}), estimated on a grid; 0 for a grey JPEG.
     */
    static ImageDecoder.GreyPage read(ImageReader reader, ImageReadParam param) throws IOException {
        Raster raster = reader.readRaster(0, param);
        int width = raster.getWidth();
        int height = raster.getHeight();
        if (raster.getDataBuffer() instanceof DataBufferByte buffer
                && raster.getSampleModel() instanceof PixelInterleavedSampleModel model
                && buffer.getNumBanks() == 1
                && raster.getSampleModelTranslateX() == 0
                && raster.getSampleModelTranslateY() == 0) {
            byte[] data = buffer.getData();
            int stride = model.getPixelStride();
            int scanline = model.getScanlineStride();
            int[] offsets = model.getBandOffsets();
            int offset = offsets[0];
            // The Cb and Cr samples' places relative to the luma's, where the raster has them.
            int cb = offsets.length >= 3 ? offsets[1] - offset : -1;
            int cr = offsets.length >= 3 ? offsets[2] - offset : -1;
            byte[] out = new byte[width * height];
            for (int y = 0; y < height; y++) {
                int p = y * scanline + offset;
                int row = y * width;
                for (int x = 0; x < width; x++, p += stride) {
                    out[row + x] = data[p];
                }
            }
            // The chroma on a sparse grid, apart: in the copy loop it cost a tenth of a decode.
            int[] counts = new int[3];
            if (cr >= 0) {
                for (int y = 0; y < height; y += RED_GRID) {
                    for (int x = 0; x < width; x += RED_GRID) {
                        int p = y * scanline + offset + x * stride;
                        count(data[p] & 0xff, data[p + cb] & 0xff, data[p + cr] & 0xff, counts);
                    }
                }
            }
            int cell = RED_GRID * RED_GRID;
            return new ImageDecoder.GreyPage(
                    new GreyImage(out, width, height),
                    counts[0] * cell,
                    counts[1] * cell,
                    counts[2] * cell);
        }
        byte[] out = new byte[width * height];
        int[] samples =
                raster.getSamples(
                        raster.getMinX(), raster.getMinY(), width, height, 0, (int[]) null);
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) samples[i];
        }
        int[] counts = new int[3];
        if (raster.getNumBands() >= 3) {
            int[] cb =
                    raster.getSamples(
                            raster.getMinX(), raster.getMinY(), width, height, 1, (int[]) null);
            int[] cr =
                    raster.getSamples(
                            raster.getMinX(), raster.getMinY(), width, height, 2, (int[]) null);
            for (int i = 0; i < cr.length; i++) {
                count(samples[i], cb[i], cr[i], counts);
            }
        }
        return new ImageDecoder.GreyPage(
                new GreyImage(out, width, height), counts[0], counts[1], counts[2]);
    }

    /** Counts a pixel as strongly red, strongly blue or grey ink, into {@code counts}. */
    private static void count(int luma, int cb, int cr, int[] counts) {
        if (cr >= RED_CR) {
            counts[0]++;
        } else if (cb >= BLUE_CB) {
            counts[1]++;
        } else if (luma < GREY_INK
                && Math.abs(cb - 128) < GREY_CHROMA
                && Math.abs(cr - 128) < GREY_CHROMA) {
            counts[2]++;
        }
    }

    private static Element first(Node tree, String name) {
        NodeList nodes = ((Element) tree).getElementsByTagName(name);
        return nodes.getLength() == 0 ? null : (Element) nodes.item(0);
    }

    private static int id(NodeList components, int index) {
        String value = ((Element) components.item(index)).getAttribute("componentId");
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
