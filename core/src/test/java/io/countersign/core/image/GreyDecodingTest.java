package io.countersign.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.core.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Node;

/** {@link ImageDecoder#decodeGrey}: the luminance preprocessing starts from, format by format. */
class GreyDecodingTest {

    private static final ImageLimits LIMITS = ImageLimits.DEFAULT;

    // Blue ink on grey noisy paper: colour, so an RGB channel read as luma would show.
    private static final BufferedImage SCAN =
            TestImages.scannedPage(600, 300, 120, 80, 1.2, 1.5, 3);

    @Test
    void pngIsTheLuminanceOfItsDecodedPixelsExactly() {
        byte[] png = TestImages.encode(SCAN, "png");

        assertThat(pixels(png)).isEqualTo(GreyImage.of(imageIo(png)).pixels());
    }

    @Test
    void colourJpegGivesItsEncodedLumaWhichDiffersOnlyByRounding() {
        byte[] jpeg = TestImages.encode(SCAN, "jpg");

        byte[] luma = pixels(jpeg);
        byte[] viaRgb = GreyImage.of(imageIo(jpeg)).pixels();

        // Our integer luminance rounds down, the encoder's rounds to nearest: mostly one level
        int withinOne = 0;
        int worst = 0;
        for (int i = 0; i < luma.length; i++) {
            int difference = Math.abs((luma[i] & 0xff) - (viaRgb[i] & 0xff));
            withinOne += difference <= 1 ? 1 : 0;
            worst = Math.max(worst, difference);
        }
        assertThat(withinOne).isGreaterThan(luma.length * 99 / 100);
        assertThat(worst).isLessThanOrEqualTo(12);
        assertThat(luma).isNotEqualTo(viaRgb); // it is the luma path, not a second decode
    }

    @Test
    void greyJpegIsItsPixelsExactly() {
        BufferedImage grey =
                new BufferedImage(SCAN.getWidth(), SCAN.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(SCAN, 0, 0, null);
        byte[] jpeg = TestImages.encode(grey, "jpg");

        assertThat(pixels(jpeg)).isEqualTo(GreyImage.of(imageIo(jpeg)).pixels());
    }

    @Test
    void rgbJpegIsConvertedNotReadAsLuma() throws IOException {
        // An Adobe marker with transform 0 stores R, G, B: its first component is red, not luma
        byte[] jpeg = adobeRgbJpeg(SCAN);

        assertThat(pixels(jpeg)).isEqualTo(GreyImage.of(imageIo(jpeg)).pixels());
    }

    @Test
    void jpegRegionIsTheCropOfTheWholeImage() {
        byte[] jpeg = TestImages.encode(SCAN, "jpg");
        GreyImage whole = ImageDecoder.decodeGrey(jpeg, null, LIMITS);

        GreyImage region = ImageDecoder.decodeGrey(jpeg, new Region(100, 50, 200, 120), LIMITS);

        assertThat(region.width()).isEqualTo(200);
        assertThat(region.height()).isEqualTo(120);
        for (int y = 0; y < 120; y++) {
            int from = (50 + y) * whole.width() + 100;
            assertThat(Arrays.copyOfRange(region.pixels(), y * 200, y * 200 + 200))
                    .isEqualTo(Arrays.copyOfRange(whole.pixels(), from, from + 200));
        }
    }

    /** What ImageIO decodes, in RGB or grey: the luminance path every other format takes. */
    private static BufferedImage imageIo(byte[] encoded) {
        try {
            return ImageIO.read(new ByteArrayInputStream(encoded));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] pixels(byte[] encoded) {
        return ImageDecoder.decodeGrey(encoded, null, LIMITS).pixels();
    }

    private static byte[] adobeRgbJpeg(BufferedImage image) throws IOException {
        BufferedImage rgb =
                new BufferedImage(
                        image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        rgb.getGraphics().drawImage(image, 0, 0, null);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(rgb), null);
        String format = "javax_imageio_jpeg_image_1.0";
        Node tree = metadata.getAsTree(format);
        Node variety = tree.getFirstChild();
        while (variety.hasChildNodes()) {
            variety.removeChild(variety.getFirstChild()); // no JFIF marker
        }
        IIOMetadataNode adobe = new IIOMetadataNode("app14Adobe");
        adobe.setAttribute("transform", "0");
        tree.getLastChild().insertBefore(adobe, tree.getLastChild().getFirstChild());
        metadata.setFromTree(format, tree);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(new IIOImage(rgb, null, metadata));
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
