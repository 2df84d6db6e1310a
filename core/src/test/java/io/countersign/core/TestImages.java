package io.countersign.core;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Small factory of test images: a signature-like scrawl on clean and on scanned-looking paper. */
public final class TestImages {

    private TestImages() {}

    /** A fixed signature-like path in a 300 x 100 box. */
    public static Path2D signaturePath() {
        Path2D.Double path = new Path2D.Double();
        path.moveTo(10, 70);
        path.curveTo(40, 0, 60, 100, 90, 40);
        path.curveTo(110, 5, 130, 90, 160, 50);
        path.curveTo(180, 20, 200, 80, 230, 45);
        path.curveTo(250, 20, 270, 70, 290, 30);
        path.moveTo(30, 85);
        path.curveTo(120, 95, 200, 75, 280, 88);
        return path;
    }

    /** The signature, black ink on a white page of the given size, at the given offset. */
    public static BufferedImage cleanPage(int width, int height, int x, int y, double scale) {
        return page(width, height, x, y, scale, 0, new Color(255, 255, 255), 0, new Random(1));
    }

    /** The signature, black on white, turned {@code degrees} clockwise: a page scanned askew. */
    public static BufferedImage tiltedPage(int width, int height, int x, int y, double degrees) {
        return page(width, height, x, y, 1.0, degrees, new Color(255, 255, 255), 0, new Random(1));
    }

    /** The same signature on grey, noisy, unevenly lit paper, slightly rotated, in blue ink. */
    public static BufferedImage scannedPage(
            int width, int height, int x, int y, double scale, double degrees, long seed) {
        return page(
                width,
                height,
                x,
                y,
                scale,
                degrees,
                new Color(205, 200, 190),
                12,
                new Random(seed));
    }

    private static BufferedImage page(
            int width,
            int height,
            int x,
            int y,
            double scale,
            double degrees,
            Color paper,
            int noise,
            Random random) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(paper);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        AffineTransform transform = new AffineTransform();
        transform.translate(x, y);
        transform.scale(scale, scale);
        transform.rotate(Math.toRadians(degrees), 150, 50);
        g.setColor(noise == 0 ? Color.BLACK : new Color(20, 30, 120));
        g.setStroke(
                new BasicStroke(
                        (float) (3 * scale), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(transform.createTransformedShape(signaturePath()));
        g.dispose();
        if (noise > 0) {
            addNoiseAndGradient(image, noise, random);
        }
        return image;
    }

    private static void addNoiseAndGradient(BufferedImage image, int noise, Random random) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int shade = (int) (random.nextGaussian() * noise) - 25 * x / image.getWidth();
                int r = clamp(((rgb >> 16) & 0xff) + shade);
                int g = clamp(((rgb >> 8) & 0xff) + shade);
                int b = clamp((rgb & 0xff) + shade);
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** A signature in a given ink colour on paper of a given colour, with Gaussian grain. */
    public static BufferedImage inkPage(
            int width, int height, Color paper, Color ink, int noise, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(paper);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(ink);
        g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        AffineTransform transform = AffineTransform.getTranslateInstance(40, 40);
        g.draw(transform.createTransformedShape(signaturePath()));
        g.dispose();
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = image.getRGB(x, y);
                int shade = (int) Math.round(random.nextGaussian() * noise);
                image.setRGB(
                        x,
                        y,
                        (clamp(((rgb >> 16) & 0xff) + shade) << 16)
                                | (clamp(((rgb >> 8) & 0xff) + shade) << 8)
                                | clamp((rgb & 0xff) + shade));
            }
        }
        return image;
    }

    /** A page of paper grain only: Gaussian noise of the given strength, no ink. */
    public static BufferedImage noisePage(
            int width, int height, Color paper, int noise, long seed) {
        return inkPage(width, height, paper, paper, noise, seed);
    }

    /** A blank page in a given colour. */
    public static BufferedImage blankPage(int width, int height, Color colour) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    /** Encodes an image with ImageIO in the given format ("png", "jpg", "bmp", "gif", "tiff"). */
    public static byte[] encode(BufferedImage image, String format) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A tiny, valid PNG header that claims {@code width x height} pixels: a decompression bomb. */
    public static byte[] pngClaiming(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 0).put((byte) 0);
        ihdr.put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4 + 12);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        png.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        png.putInt(0).put("IEND".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        CRC32 end = new CRC32();
        end.update("IEND".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        png.putInt((int) end.getValue());
        return png.array();
    }
}
