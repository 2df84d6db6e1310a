package io.countersign.trainer.data;

import io.countersign.core.image.GreyImage;
import io.countersign.core.image.Histogram;
import io.countersign.core.image.ImageDecoder;
import io.countersign.core.image.ImageLimits;
import io.countersign.core.preprocess.BroaderPen;
import io.countersign.core.preprocess.Otsu;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * What an image goes through between the pen and the service when it does not come from the scanner
 * a model was trained on: re-encoded as JPEG, scanned at a lower resolution, or made bitonal as
 * cheque image exchange does (black and white, no grey). {@code evaluate --channel} sends every
 * image through it before core's preprocessing, to measure how a model's verdicts hold up on scans
 * unlike its training corpora. Steps are applied in the order given, e.g. {@code
 * scale:0.5,jpeg:60}.
 */
public final class ScanChannel {

    /** The images as they are. */
    public static final ScanChannel NONE = new ScanChannel(List.of(), "none");

    private interface Step {
        byte[] apply(byte[] image) throws IOException;
    }

    private final List<Step> steps;
    private final String description;

    private ScanChannel(List<Step> steps, String description) {
        this.steps = List.copyOf(steps);
        this.description = description;
    }

    /**
     * Parses {@code none} or comma-separated steps: {@code jpeg:QUALITY} (1-100: re-encoded as a
     * grey JPEG), {@code colour-jpeg:QUALITY} (the same in colour, the colour subsampled as
     * scanners write it), {@code scale:FACTOR} (0.1-4: below 1 the share of the original resolution
     * kept, above it a finer scan, as a 600 dpi scanner gives of a 300 dpi corpus), {@code
     * bitonal[:LEVEL]} (ink where the luminance is below LEVEL, 0-255; without a level, each
     * image's own Otsu threshold, as scanners that make bitonal images set theirs from the page),
     * {@code line[:HEIGHT]} (a printed signature line across the whole image, at HEIGHT, 0-1, of
     * the way down the ink; 0.85 without one), {@code dashes[:HEIGHT]} (the same line dashed, as
     * forms print it), {@code thicken:PIXELS} (1-5: every stroke that many pixels wider on each
     * side, as a broader pen draws it), {@code rotate:DEGREES} (-20 to 20, anticlockwise: a
     * document fed into the scanner askew), {@code box[:PADDING]} (the printed frame of a form's
     * signature field around the ink, PADDING, 0-2, of the ink's height clear of it on every side;
     * 0.25 without one), {@code tint[:DEPTH]} (a cheque's security background: a printed wave
     * pattern up to DEPTH, 0-120, luminance levels darker than the paper; 40 without one), {@code
     * cheque[:DEPTH]} (the same in colour: the ink as blue ballpoint, the pattern printed in pale
     * green, DEPTH luminance levels deep; 60 without one), {@code negative} (light strokes on dark
     * paper, as a microfilm archive or an inverted machine-learning corpus stores them), {@code
     * stamp[:COLOUR]} (a round company stamp pressed over the signature's right half, as contracts
     * carry them, in red, blue or violet stamp-pad ink; red without one).
     */
    public static ScanChannel parse(String spec) {
        String text = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        if (text.isEmpty() || text.equals("none")) {
            return NONE;
        }
        List<Step> steps = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] kv = part.trim().split(":", 2);
            String value = kv.length > 1 ? kv[1].trim() : "";
            steps.add(
                    switch (kv[0].trim()) {
                        case "jpeg" -> jpeg((int) number(part, value, 1, 100), false);
                        case "colour-jpeg" -> jpeg((int) number(part, value, 1, 100), true);
                        case "scale" -> scale(number(part, value, 0.1, 4));
                        case "bitonal" ->
                                bitonal(value.isEmpty() ? OTSU : (int) number(part, value, 0, 255));
                        case "line" ->
                                line(value.isEmpty() ? 0.85 : number(part, value, 0, 1), false);
                        case "dashes" ->
                                line(value.isEmpty() ? 0.85 : number(part, value, 0, 1), true);
                        case "thicken" -> thicken((int) number(part, value, 1, 5));
                        case "rotate" -> rotate(number(part, value, -20, 20));
                        case "box" -> box(value.isEmpty() ? 0.25 : number(part, value, 0, 2));
                        case "tint" ->
                                tint(value.isEmpty() ? 40 : (int) number(part, value, 0, 120));
                        case "cheque" ->
                                cheque(value.isEmpty() ? 60 : (int) number(part, value, 0, 120));
                        case "negative" -> negative();
                        case "stamp" -> stamp(value.isEmpty() ? "red" : value);
                        default ->
                                throw new IllegalArgumentException(
                                        "unknown channel step '"
                                                + part.trim()
                                                + "': use jpeg:QUALITY, colour-jpeg:QUALITY,"
                                                + " scale:FACTOR,"
                                                + " bitonal[:LEVEL], line[:HEIGHT], dashes[:HEIGHT],"
                                                + " thicken:PIXELS, rotate:DEGREES,"
                                                + " box[:PADDING], tint[:DEPTH],"
                                                + " cheque[:DEPTH], negative or"
                                                + " stamp[:red|blue|violet], comma-separated,"
                                                + " or none");
                    });
        }
        return new ScanChannel(steps, text);
    }

    /** The encoded image after every step; the input array is left as it is. */
    public byte[] apply(byte[] image) throws IOException {
        byte[] out = image;
        for (Step step : steps) {
            out = step.apply(out);
        }
        return out;
    }

    /** Whether images pass unchanged. */
    public boolean isNone() {
        return steps.isEmpty();
    }

    @Override
    public String toString() {
        return description;
    }

    private static double number(String part, String value, double min, double max) {
        try {
            double v = Double.parseDouble(value);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // the message below says what is allowed
        }
        throw new IllegalArgumentException(
                "channel step '" + part.trim() + "' needs a number from " + min + " to " + max);
    }

    /**
     * The image's luminance as core reads it ({@link ImageDecoder#decodeGrey}), as an 8-bit grey
     * image whose samples are those bytes: no colour-space conversion on the way in or out.
     */
    private static BufferedImage grey(byte[] image) {
        return raster(ImageDecoder.decodeGrey(image, null, ImageLimits.DEFAULT));
    }

    /** The image in its own colours over white paper (its grey in all three where it has none). */
    private static BufferedImage colour(byte[] image) throws IOException {
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image));
        BufferedImage out =
                new BufferedImage(
                        decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(decoded, 0, 0, null);
        g.dispose();
        return out;
    }

    private static BufferedImage raster(GreyImage grey) {
        BufferedImage image =
                new BufferedImage(grey.width(), grey.height(), BufferedImage.TYPE_BYTE_GRAY);
        int[] samples = new int[grey.pixels().length];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = grey.pixels()[i] & 0xff;
        }
        image.getRaster().setSamples(0, 0, grey.width(), grey.height(), 0, samples);
        return image;
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /**
     * Re-encoded as JPEG of {@code quality}: grey (the luminance), or in {@code colour} as a colour
     * scanner writes it (YCbCr, the colour subsampled 2 by 2: ImageIO's default).
     */
    private static Step jpeg(int quality, boolean colour) {
        return image -> {
            BufferedImage encoded = colour ? colour(image) : grey(image);
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
                writer.setOutput(stream);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality / 100f);
                writer.write(null, new IIOImage(encoded, null, null), param);
            } finally {
                writer.dispose();
            }
            return out.toByteArray();
        };
    }

    /** Another resolution: {@link #finer} above 1, {@link #coarser} up to it. */
    private static Step scale(double factor) {
        return factor > 1 ? finer(factor) : coarser(factor);
    }

    /**
     * A lower resolution: each new pixel the mean of the old ones it covers (a box filter, as a
     * scanner's sensor integrates a larger spot).
     */
    private static Step coarser(double factor) {
        return image -> {
            GreyImage grey = ImageDecoder.decodeGrey(image, null, ImageLimits.DEFAULT);
            int width = Math.max(1, (int) Math.round(grey.width() * factor));
            int height = Math.max(1, (int) Math.round(grey.height() * factor));
            byte[] out = new byte[width * height];
            for (int y = 0; y < height; y++) {
                int y0 = y * grey.height() / height;
                int y1 = Math.max(y0 + 1, (y + 1) * grey.height() / height);
                for (int x = 0; x < width; x++) {
                    int x0 = x * grey.width() / width;
                    int x1 = Math.max(x0 + 1, (x + 1) * grey.width() / width);
                    long sum = 0;
                    for (int sy = y0; sy < y1; sy++) {
                        for (int sx = x0; sx < x1; sx++) {
                            sum += grey.pixels()[sy * grey.width() + sx] & 0xff;
                        }
                    }
                    out[y * width + x] = (byte) Math.round(sum / (double) ((y1 - y0) * (x1 - x0)));
                }
            }
            return png(raster(new GreyImage(out, width, height)));
        };
    }

    /**
     * Bilinear interpolation between the input's pixel centres: the smooth strokes a finer scan
     * shows, without detail the coarser one did not have.
     */
    private static Step finer(double factor) {
        return image -> {
            GreyImage grey = ImageDecoder.decodeGrey(image, null, ImageLimits.DEFAULT);
            int w = grey.width();
            int h = grey.height();
            int width = (int) Math.round(w * factor);
            int height = (int) Math.round(h * factor);
            byte[] out = new byte[width * height];
            for (int y = 0; y < height; y++) {
                double sy = Math.min(h - 1, Math.max(0, (y + 0.5) * h / height - 0.5));
                int y0 = (int) sy;
                int y1 = Math.min(h - 1, y0 + 1);
                double fy = sy - y0;
                for (int x = 0; x < width; x++) {
                    double sx = Math.min(w - 1, Math.max(0, (x + 0.5) * w / width - 0.5));
                    int x0 = (int) sx;
                    int x1 = Math.min(w - 1, x0 + 1);
                    double fx = sx - x0;
                    double top = level(grey, x0, y0) * (1 - fx) + level(grey, x1, y0) * fx;
                    double bottom = level(grey, x0, y1) * (1 - fx) + level(grey, x1, y1) * fx;
                    out[y * width + x] = (byte) Math.round(top * (1 - fy) + bottom * fy);
                }
            }
            return png(raster(new GreyImage(out, width, height)));
        };
    }

    private static int level(GreyImage grey, int x, int y) {
        return grey.pixels()[y * grey.width() + x] & 0xff;
    }

    /** The luminance inverted: light strokes on dark paper, as a grey PNG. */
    private static Step negative() {
        return image -> {
            GreyImage grey = ImageDecoder.decodeGrey(image, null, ImageLimits.DEFAULT);
            byte[] inverted = new byte[grey.pixels().length];
            for (int i = 0; i < inverted.length; i++) {
                inverted[i] = (byte) (255 - (grey.pixels()[i] & 0xff));
            }
            return png(raster(new GreyImage(inverted, grey.width(), grey.height())));
        };
    }

    /** The level of {@code bitonal} without one: Otsu's, from each image's histogram. */
    private static final int OTSU = -1;

    private static Step bitonal(int fixedLevel) {
        return image -> {
            GreyImage grey = ImageDecoder.decodeGrey(image, null, ImageLimits.DEFAULT);
            int level = fixedLevel == OTSU ? otsu(grey.pixels()) : fixedLevel;
            BufferedImage binary =
                    new BufferedImage(grey.width(), grey.height(), BufferedImage.TYPE_BYTE_BINARY);
            for (int y = 0; y < grey.height(); y++) {
                for (int x = 0; x < grey.width(); x++) {
                    int luminance = grey.pixels()[y * grey.width() + x] & 0xff;
                    binary.getRaster().setSample(x, y, 0, luminance < level ? 0 : 1);
                }
            }
            return png(binary);
        };
    }

    /**
     * The printed line a cheque or a form puts under the signature box: black, straight, across the
     * whole image, {@code max(2, height / 100)} pixels thick (a 0.5-1 pt rule at 300 dpi), at a
     * share of the way from the ink's top to its bottom (Otsu's ink rows), so that it crosses the
     * descenders as a signature written on a line does.
     */
    private static Step line(double heightShare, boolean dashed) {
        return image -> {
            GreyImage grey = ImageDecoder.decodeGrey(image, null, ImageLimits.DEFAULT);
            int width = grey.width();
            int height = grey.height();
            byte[] pixels = grey.pixels().clone();
            InkBounds ink = InkBounds.of(grey);
            int thickness = Math.max(2, height / 100);
            int centre =
                    ink == null
                            ? height / 2
                            : ink.top()
                                    + (int) Math.round((ink.bottom() - ink.top()) * heightShare);
            int first = Math.max(0, Math.min(height - thickness, centre - thickness / 2));
            for (int y = first; y < first + thickness; y++) {
                for (int x = 0; x < width; x++) {
                    // Dashes 4 thicknesses long with gaps of 3: a form's dashed rule.
                    if (!dashed || x % (7 * thickness) < 4 * thickness) {
                        pixels[y * width + x] = (byte) 20;
                    }
                }
            }
            return png(raster(new GreyImage(pixels, width, height)));
        };
    }

    /**
     * The printed frame of a form's signature field: a rectangle of {@link #line}'s thickness
     * around the ink (Otsu's ink rows and columns), {@code padding} of the ink's height clear of it
     * on every side, on a canvas widened with paper (the page's median) where the frame would leave
     * it, as a field cropped at its own border shows it.
     */
    private static Step box(double padding) {
        return image -> {
            GreyImage grey = ImageDecoder.decodeGrey(image, null, ImageLimits.DEFAULT);
            int width = grey.width();
            int height = grey.height();
            byte[] in = grey.pixels();
            InkBounds found = InkBounds.of(grey);
            // A page without ink is framed whole.
            InkBounds ink = found != null ? found : new InkBounds(0, 0, width - 1, height - 1);
            int left = ink.left();
            int right = ink.right();
            int top = ink.top();
            int bottom = ink.bottom();
            int thickness = Math.max(2, height / 100);
            int gap = (int) Math.round((bottom - top + 1) * padding);
            int frameLeft = left - gap - thickness;
            int frameTop = top - gap - thickness;
            int frameRight = right + gap + thickness;
            int frameBottom = bottom + gap + thickness;
            // The canvas holds the image and the frame with a few pixels of paper outside it.
            int margin = thickness;
            int shiftX = Math.max(0, margin - frameLeft);
            int shiftY = Math.max(0, margin - frameTop);
            int outWidth = Math.max(width, frameRight + margin + 1) + shiftX;
            int outHeight = Math.max(height, frameBottom + margin + 1) + shiftY;
            byte[] out = new byte[outWidth * outHeight];
            Arrays.fill(out, (byte) median(in));
            for (int y = 0; y < height; y++) {
                System.arraycopy(in, y * width, out, (y + shiftY) * outWidth + shiftX, width);
            }
            int x0 = frameLeft + shiftX;
            int y0 = frameTop + shiftY;
            int x1 = frameRight + shiftX;
            int y1 = frameBottom + shiftY;
            for (int y = y0; y <= y1; y++) {
                for (int x = x0; x <= x1; x++) {
                    boolean edge =
                            y < y0 + thickness
                                    || y > y1 - thickness
                                    || x < x0 + thickness
                                    || x > x1 - thickness;
                    if (edge) {
                        out[y * outWidth + x] = (byte) 20;
                    }
                }
            }
            return png(raster(new GreyImage(out, outWidth, outHeight)));
        };
    }

    /** The ink's extent in an image: the rows and columns with a pixel darker than Otsu's level. */
    private record InkBounds(int left, int top, int right, int bottom) {

        /** Null where no pixel is darker than the level. */
        static InkBounds of(GreyImage grey) {
            int width = grey.width();
            byte[] pixels = grey.pixels();
            int level = otsu(pixels);
            int left = width;
            int right = -1;
            int top = -1;
            int bottom = -1;
            for (int y = 0; y < grey.height(); y++) {
                for (int x = 0; x < width; x++) {
                    if ((pixels[y * width + x] & 0xff) < level) {
                        left = Math.min(left, x);
                        right = Math.max(right, x);
                        top = top < 0 ? y : top;
                        bottom = y;
                    }
                }
            }
            return right < 0 ? null : new InkBounds(left, top, right, bottom);
        }
    }

    /**
     * A cheque's security background: fine printed waves (a guilloche-like pattern, period about a
     * hundredth of the image's height, at least 6 pixels) up to {@code depth} luminance levels
     * darker than the paper, under the ink (each pixel the product of the scan and the pattern, as
     * ink on printed paper absorbs both).
     */
    private static Step tint(int depth) {
        return image -> {
            GreyImage grey = ImageDecoder.decodeGrey(image, null, ImageLimits.DEFAULT);
            int width = grey.width();
            int height = grey.height();
            byte[] in = grey.pixels();
            double period = wavePeriod(height);
            byte[] out = new byte[in.length];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double wave = wave(x, y, period);
                    double pattern = (255 - depth * wave * wave) / 255.0;
                    out[y * width + x] =
                            (byte) (int) Math.round((in[y * width + x] & 0xff) * pattern);
                }
            }
            return png(raster(new GreyImage(out, width, height)));
        };
    }

    /** The tint's wave period: about a hundredth of the image's height, at least 6 pixels. */
    private static double wavePeriod(int height) {
        return Math.max(6, height / 100.0);
    }

    /** The tint's pattern at (x, y), 0 to 1: waves along the rows, swaying down the page. */
    private static double wave(int x, int y, double period) {
        double phase = x / period + 1.5 * Math.sin(2 * Math.PI * y / (7 * period));
        return 0.5 + 0.5 * Math.sin(2 * Math.PI * phase);
    }

    /**
     * A cheque scanned in colour: the scan's ink as blue ballpoint (absorbing most of the red and
     * green light, little of the blue), on paper printed with {@link #tint}'s waves in pale green
     * (absorbing red and blue, little green), {@code depth} luminance levels deep at most; each
     * channel the product of ink and print.
     */
    private static Step cheque(int depth) {
        double[] ink = {0.85, 0.75, 0.35};
        double[] print = {1.0, 0.35, 0.8};
        // The print's depth per channel, such that its luminance is depth levels below the paper.
        double perLuminance = depth / (0.30 * print[0] + 0.59 * print[1] + 0.11 * print[2]);
        return image -> {
            GreyImage grey = ImageDecoder.decodeGrey(image, null, ImageLimits.DEFAULT);
            int width = grey.width();
            int height = grey.height();
            byte[] in = grey.pixels();
            double period = wavePeriod(height);
            BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double wave = wave(x, y, period);
                    double coverage = 1 - (in[y * width + x] & 0xff) / 255.0;
                    int rgb = 0;
                    for (int c = 0; c < 3; c++) {
                        double printed = 1 - perLuminance * print[c] * wave * wave / 255;
                        double inked = 1 - ink[c] * coverage;
                        int v = (int) Math.round(255 * Math.max(0, inked * printed));
                        rgb = rgb << 8 | v;
                    }
                    out.setRGB(x, y, rgb);
                }
            }
            return png(out);
        };
    }

    /**
     * A round company stamp pressed over the signature, as contracts carry them: two concentric
     * rings with a band of lettering between them and two lines of lettering across the middle, in
     * stamp-pad ink of {@code colour}. Its centre sits at three quarters of the ink's width (Otsu's
     * ink) and half its height, its diameter 1.8 times the ink's height, clipped to the image. Each
     * pixel is the scan, in its own colours, times what the stamp lets through (inks on paper
     * absorb, they do not cover), at 85 % of the pad's full density: lighter than a pen where the
     * stamp lies alone, darker where it crosses the pen.
     */
    private static Step stamp(String colour) {
        // The share of red, green and blue light each pad ink absorbs at full density.
        double[] absorbs =
                switch (colour) {
                    case "red" -> new double[] {0.12, 0.80, 0.70};
                    case "blue" -> new double[] {0.80, 0.62, 0.15};
                    case "violet" -> new double[] {0.50, 0.78, 0.25};
                    default ->
                            throw new IllegalArgumentException(
                                    "channel step 'stamp:"
                                            + colour
                                            + "' needs a colour: red, blue or violet");
                };
        return image -> {
            GreyImage grey = ImageDecoder.decodeGrey(image, null, ImageLimits.DEFAULT);
            // The scan's own colours as core reads them; a page without colour is its luminance.
            List<GreyImage> planes = ImageDecoder.decodePlanes(image, null, ImageLimits.DEFAULT);
            byte[][] scanned = new byte[3][];
            for (int c = 0; c < 3; c++) {
                scanned[c] = planes.isEmpty() ? grey.pixels() : planes.get(c).pixels();
            }
            int width = grey.width();
            int height = grey.height();
            InkBounds found = InkBounds.of(grey);
            InkBounds ink = found != null ? found : new InkBounds(0, 0, width - 1, height - 1);
            StampShape shape =
                    new StampShape(
                            ink.left() + 0.75 * (ink.right() - ink.left()),
                            (ink.top() + ink.bottom()) / 2.0,
                            0.9 * (ink.bottom() - ink.top() + 1));
            BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double coverage = 0.85 * shape.coverage(x, y);
                    int rgb = 0;
                    for (int c = 0; c < 3; c++) {
                        int v = scanned[c][y * width + x] & 0xff;
                        rgb = rgb << 8 | (int) Math.round(v * (1 - absorbs[c] * coverage));
                    }
                    out.setRGB(x, y, rgb);
                }
            }
            return png(out);
        };
    }

    /**
     * A stamp's marks about a centre, of radius {@code r}: how much of a pixel they cover (0-1,
     * edges anti-aliased over a pixel), the strokes {@code r / 30} wide (at least 1.5 pixels).
     */
    private record StampShape(double cx, double cy, double r) {

        /** Letters in the ring's band, and their number along each middle line. */
        private static final int RING_LETTERS = 26;

        private static final int LINE_LETTERS = 7;

        double coverage(int x, int y) {
            double dx = x - cx;
            double dy = y - cy;
            double d = Math.hypot(dx, dy);
            if (d > r + stroke()) {
                return 0;
            }
            double mark = Math.max(band(d - r), band(d - 0.70 * r));
            // Lettering between the rings: per letter two radial bars and, on some, a bar across.
            double t = (d - 0.76 * r) / (0.18 * r);
            if (t >= 0 && t <= 1) {
                double turn = (Math.atan2(dy, dx) + Math.PI) / (2 * Math.PI) * RING_LETTERS;
                int letter = (int) turn;
                double along = (turn - letter) * 2 * Math.PI * d / RING_LETTERS;
                double letterWidth = 2 * Math.PI * d / RING_LETTERS;
                mark = Math.max(mark, letterStrokes(letter, along / letterWidth, t, letterWidth));
            }
            // Two lines of lettering across the middle.
            for (double line : new double[] {-0.25, 0.08}) {
                double u = (dx + 0.5 * r) / r * LINE_LETTERS;
                double v = (dy - line * r) / (0.17 * r);
                if (u >= 0 && u < LINE_LETTERS && v >= 0 && v <= 1) {
                    int letter = (int) u;
                    mark = Math.max(mark, letterStrokes(letter, u - letter, v, r / LINE_LETTERS));
                }
            }
            return mark;
        }

        /**
         * A letter's strokes at {@code (u, v)} of its box (0-1 across, 0-1 down), the box {@code
         * size} pixels wide: two uprights, and a bar across at the top, middle or bottom by letter.
         */
        private double letterStrokes(int letter, double u, double v, double size) {
            double across = u * size;
            double mark =
                    Math.max(band(across - 0.15 * size), band(across - 0.60 * size))
                            * (u < 0.8 ? 1 : 0);
            double height = 0.18 * r;
            double bar = (new double[] {0.05, 0.5, 0.95})[Math.floorMod(letter, 3)];
            if (u >= 0.15 && u <= 0.60 && letter % 4 != 3) {
                mark = Math.max(mark, band((v - bar) * height));
            }
            return mark;
        }

        /** Coverage of a pixel {@code offset} from a stroke's centre line. */
        private double band(double offset) {
            return Math.max(0, Math.min(1, stroke() / 2 - Math.abs(offset) + 0.5));
        }

        private double stroke() {
            return Math.max(1.5, r / 30);
        }
    }

    /** A broader pen: core's {@link BroaderPen}, the service's pen view of a reference. */
    private static Step thicken(int radius) {
        return image ->
                png(
                        raster(
                                BroaderPen.apply(
                                        ImageDecoder.decodeGrey(image, null, ImageLimits.DEFAULT),
                                        radius)));
    }

    /**
     * A document scanned askew: the whole image turned by {@code degrees} anticlockwise about its
     * centre onto a canvas that holds all of it (bilinear), the corners left bare filled with the
     * page's own paper (its median luminance), as a flatbed scanner shows a skewed sheet.
     */
    private static Step rotate(double degrees) {
        return image -> {
            GreyImage grey = ImageDecoder.decodeGrey(image, null, ImageLimits.DEFAULT);
            int width = grey.width();
            int height = grey.height();
            byte[] in = grey.pixels();
            double radians = Math.toRadians(degrees);
            double cos = Math.cos(radians);
            double sin = Math.sin(radians);
            int outWidth = (int) Math.ceil(Math.abs(width * cos) + Math.abs(height * sin));
            int outHeight = (int) Math.ceil(Math.abs(width * sin) + Math.abs(height * cos));
            int paper = median(in);
            double cx = (width - 1) / 2.0;
            double cy = (height - 1) / 2.0;
            double ox = (outWidth - 1) / 2.0;
            double oy = (outHeight - 1) / 2.0;
            byte[] out = new byte[outWidth * outHeight];
            for (int y = 0; y < outHeight; y++) {
                for (int x = 0; x < outWidth; x++) {
                    // The source point that lands here (y grows downwards, so anticlockwise on
                    // the page is this sign of the sine).
                    double sx = cx + (x - ox) * cos - (y - oy) * sin;
                    double sy = cy + (x - ox) * sin + (y - oy) * cos;
                    out[y * outWidth + x] = (byte) bilinear(in, width, height, sx, sy, paper);
                }
            }
            return png(raster(new GreyImage(out, outWidth, outHeight)));
        };
    }

    private static int bilinear(
            byte[] pixels, int width, int height, double x, double y, int outside) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        double top =
                (1 - fx) * at(pixels, width, height, x0, y0, outside)
                        + fx * at(pixels, width, height, x0 + 1, y0, outside);
        double bottom =
                (1 - fx) * at(pixels, width, height, x0, y0 + 1, outside)
                        + fx * at(pixels, width, height, x0 + 1, y0 + 1, outside);
        return (int) Math.round((1 - fy) * top + fy * bottom);
    }

    private static int at(byte[] pixels, int width, int height, int x, int y, int outside) {
        return x < 0 || y < 0 || x >= width || y >= height ? outside : pixels[y * width + x] & 0xff;
    }

    private static int median(byte[] pixels) {
        int[] histogram = Histogram.of(pixels);
        int seen = 0;
        for (int level = 0; level < 256; level++) {
            seen += histogram[level];
            if (2 * seen >= pixels.length) {
                return level;
            }
        }
        return 255;
    }

    /**
     * Otsu's level for an image's luminance (core's {@link Otsu}, which splits darkness in
     * preprocessing): pixels below it are ink; 128 for an image of a single level.
     */
    static int otsu(byte[] pixels) {
        return Otsu.firstPaperLevel(pixels);
    }
}
