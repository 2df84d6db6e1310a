package io.countersign.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.core.image.GreyImage;
import io.countersign.core.image.ImageDecoder;
import io.countersign.core.image.ImageLimits;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ScanChannelTest {

    /** A 200x80 grey scan: white paper, a dark stroke (luminance 40), a faint one (100). */
    private static byte[] scan() throws IOException {
        BufferedImage image = new BufferedImage(200, 80, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 80; y++) {
            for (int x = 0; x < 200; x++) {
                int v = 250;
                if (y >= 30 && y < 36 && x >= 20 && x < 180) {
                    v = 40;
                } else if (y >= 50 && y < 56 && x >= 20 && x < 180) {
                    v = 100;
                }
                image.getRaster().setSample(x, y, 0, v);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static BufferedImage read(byte[] bytes) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    /** The luminance as core reads it: the grey sample itself, or 0/255 for a bitonal one. */
    private static int luminance(BufferedImage image, int x, int y) {
        int sample = image.getRaster().getSample(x, y, 0);
        return image.getType() == BufferedImage.TYPE_BYTE_BINARY ? 255 * sample : sample;
    }

    @Test
    void noneLeavesTheBytesAlone() throws IOException {
        byte[] scan = scan();
        assertThat(ScanChannel.parse("none").isNone()).isTrue();
        assertThat(ScanChannel.parse(" ").apply(scan)).isSameAs(scan);
    }

    @Test
    void jpegReencodesAtTheSameSize() throws IOException {
        byte[] out = ScanChannel.parse("jpeg:50").apply(scan());

        assertThat(out[0] & 0xff).isEqualTo(0xff);
        assertThat(out[1] & 0xff).isEqualTo(0xd8);
        BufferedImage image = read(out);
        assertThat(image.getWidth()).isEqualTo(200);
        assertThat(image.getHeight()).isEqualTo(80);
        assertThat(luminance(image, 100, 33)).isBetween(30, 50);
        assertThat(luminance(image, 100, 53)).isBetween(90, 110);
        assertThat(luminance(image, 100, 5)).isBetween(240, 255);
    }

    @Test
    void colourJpegKeepsTheColoursWhereJpegKeepsTheLuminanceAlone() throws IOException {
        // Given a colour page (the scan under a cheque's pale green print, in blue ink)
        byte[] cheque = ScanChannel.parse("cheque").apply(scan());

        // When re-encoded as JPEG, grey and in colour
        byte[] grey = ScanChannel.parse("jpeg:75").apply(cheque);
        byte[] colour = ScanChannel.parse("colour-jpeg:75").apply(cheque);

        // Then only the colour one still has colour planes to read, and the same luminance
        assertThat(ImageDecoder.decodePlanes(grey, null, ImageLimits.DEFAULT)).isEmpty();
        assertThat(ImageDecoder.decodePlanes(colour, null, ImageLimits.DEFAULT)).hasSize(3);
        GreyImage a = ImageDecoder.decodeGrey(grey, null, ImageLimits.DEFAULT);
        GreyImage b = ImageDecoder.decodeGrey(colour, null, ImageLimits.DEFAULT);
        assertThat(b.width()).isEqualTo(a.width());
        double difference = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            difference += Math.abs((a.pixels()[i] & 0xff) - (b.pixels()[i] & 0xff));
        }
        assertThat(difference / a.pixels().length).isLessThan(4);
    }

    @Test
    void scaleKeepsAShareOfTheResolution() throws IOException {
        BufferedImage image = read(ScanChannel.parse("scale:0.5").apply(scan()));

        assertThat(image.getWidth()).isEqualTo(100);
        assertThat(image.getHeight()).isEqualTo(40);
        // the strokes, six pixels high, are three now, as dark as they were
        assertThat(luminance(image, 50, 16)).isEqualTo(40);
        assertThat(luminance(image, 50, 26)).isEqualTo(100);
        assertThat(luminance(image, 50, 3)).isEqualTo(250);
    }

    @Test
    void scaleAboveOneIsAFinerScanOfTheSameStrokes() throws IOException {
        BufferedImage image = read(ScanChannel.parse("scale:2").apply(scan()));

        assertThat(image.getWidth()).isEqualTo(400);
        assertThat(image.getHeight()).isEqualTo(160);
        // the stroke six pixels high (rows 30-35) is twelve now (60-71), as dark inside, with a
        // level between ink and paper at its edge, and the paper as it was
        assertThat(luminance(image, 100, 65)).isEqualTo(40);
        assertThat(luminance(image, 100, 60)).isStrictlyBetween(40, 250);
        assertThat(luminance(image, 100, 10)).isEqualTo(250);
    }

    @Test
    void bitonalKeepsInkDarkerThanItsLevelAndDropsTheRest() throws IOException {
        BufferedImage at128 = read(ScanChannel.parse("bitonal:128").apply(scan()));
        BufferedImage at90 = read(ScanChannel.parse("bitonal:90").apply(scan()));

        for (int y = 0; y < 80; y++) {
            for (int x = 0; x < 200; x++) {
                assertThat(luminance(at128, x, y)).isIn(0, 255);
            }
        }
        assertThat(luminance(at128, 100, 33)).isZero();
        assertThat(luminance(at128, 100, 53)).isZero();
        assertThat(luminance(at128, 100, 5)).isEqualTo(255);
        // a scanner set darker loses the faint stroke
        assertThat(luminance(at90, 100, 33)).isZero();
        assertThat(luminance(at90, 100, 53)).isEqualTo(255);
    }

    @Test
    void bitonalWithoutALevelSplitsPaperFromInkByOtsu() throws IOException {
        // Given a scan whose only ink is faint (luminance 170 on paper 250), which a fixed level
        // of 128 would drop
        byte[] faint = new byte[1000];
        java.util.Arrays.fill(faint, (byte) 250);
        java.util.Arrays.fill(faint, 0, 100, (byte) 170);

        // Then Otsu's level falls between them
        assertThat(ScanChannel.otsu(faint)).isGreaterThan(170).isLessThanOrEqualTo(250);
        // and on the test scan both strokes stay ink and the paper stays white
        BufferedImage auto = read(ScanChannel.parse("bitonal").apply(scan()));
        assertThat(luminance(auto, 100, 33)).isZero();
        assertThat(luminance(auto, 100, 53)).isZero();
        assertThat(luminance(auto, 100, 5)).isEqualTo(255);
    }

    @Test
    void lineDrawsAPrintedRuleAcrossTheWholeImageThroughTheInk() throws IOException {
        // Given the scan's ink from row 30 (the dark stroke) to row 55 (the faint one's bottom)
        BufferedImage lined = read(ScanChannel.parse("line").apply(scan()));
        BufferedImage halfway = read(ScanChannel.parse("line:0.5").apply(scan()));

        // Then a black rule two pixels thick (80 rows / 100, at least 2) crosses the whole width
        // 85 % of the way down the ink (row 51), over paper and strokes alike
        assertThat(lined.getWidth()).isEqualTo(200);
        for (int x = 0; x < 200; x++) {
            assertThat(luminance(lined, x, 50)).isEqualTo(20);
            assertThat(luminance(lined, x, 51)).isEqualTo(20);
            assertThat(luminance(halfway, x, 42)).isEqualTo(20);
        }
        assertThat(luminance(lined, 5, 49)).isEqualTo(250);
        assertThat(luminance(lined, 5, 52)).isEqualTo(250);
        assertThat(luminance(lined, 100, 33)).isEqualTo(40);
    }

    @Test
    void dashesDrawsTheSameLineInDashesOfFourThicknessesWithGapsOfThree() throws IOException {
        // Given the 80-row scan: the line 2 pixels thick at rows 50-51, dashes 8 long every 14
        BufferedImage dashed = read(ScanChannel.parse("dashes").apply(scan()));

        for (int x : new int[] {0, 7, 14, 21}) {
            assertThat(luminance(dashed, x, 50)).as("dash at " + x).isEqualTo(20);
        }
        for (int x : new int[] {8, 13}) {
            assertThat(luminance(dashed, x, 51)).as("gap at " + x).isEqualTo(250);
        }
        // and the faint stroke under a gap is left as it was
        assertThat(luminance(dashed, 36, 50)).isEqualTo(100);
    }

    @Test
    void thickenWidensEveryStrokeByItsRadiusAndKeepsItsTone() throws IOException {
        // Given the scan's strokes on rows 30-35 (luminance 40) and 50-55 (100), x 20-179
        BufferedImage wider = read(ScanChannel.parse("thicken:2").apply(scan()));

        // Then each is two pixels wider on every side, as dark as it was, and the paper between
        // them is still paper
        assertThat(luminance(wider, 100, 28)).isEqualTo(40);
        assertThat(luminance(wider, 100, 37)).isEqualTo(40);
        assertThat(luminance(wider, 100, 27)).isEqualTo(250);
        assertThat(luminance(wider, 18, 33)).isEqualTo(40);
        assertThat(luminance(wider, 100, 48)).isEqualTo(100);
        assertThat(luminance(wider, 100, 57)).isEqualTo(100);
        assertThat(luminance(wider, 100, 43)).isEqualTo(250);
    }

    @Test
    void rotateTurnsTheWholePageAnticlockwiseAndFillsTheCornersWithPaper() throws IOException {
        // Given the 200 x 80 scan, turned 10 degrees anticlockwise
        BufferedImage turned = read(ScanChannel.parse("rotate:10").apply(scan()));
        double cos = Math.cos(Math.toRadians(10));
        double sin = Math.sin(Math.toRadians(10));

        // Then the canvas holds all of it, its bare corners are the page's paper, and the dark
        // stroke (rows 30-35) runs up to the right: its two ends land where the turn puts them
        assertThat(turned.getWidth()).isEqualTo((int) Math.ceil(200 * cos + 80 * sin));
        assertThat(turned.getHeight()).isEqualTo((int) Math.ceil(200 * sin + 80 * cos));
        assertThat(luminance(turned, 0, 0)).isEqualTo(250);
        assertThat(luminance(turned, turned.getWidth() - 1, turned.getHeight() - 1)).isEqualTo(250);
        double ox = (turned.getWidth() - 1) / 2.0;
        double oy = (turned.getHeight() - 1) / 2.0;
        int[] left = turnedPoint(40, 32.5, ox, oy, cos, sin);
        int[] right = turnedPoint(160, 32.5, ox, oy, cos, sin);
        assertThat(luminance(turned, left[0], left[1])).isLessThan(60);
        assertThat(luminance(turned, right[0], right[1])).isLessThan(60);
        assertThat(left[1] - right[1]).isBetween(19, 23);
        assertThat(luminance(turned, right[0], right[1] + 12)).isGreaterThan(200);
        assertThatThrownBy(() -> ScanChannel.parse("rotate:45"))
                .hasMessage("channel step 'rotate:45' needs a number from -20.0 to 20.0");
    }

    @Test
    void boxDrawsAFrameAroundTheInkAndWidensThePageWhereItMust() throws IOException {
        // Given the scan's ink from row 30 to 55 (26 rows) and column 20 to 179
        BufferedImage boxed = read(ScanChannel.parse("box").apply(scan()));
        BufferedImage wide = read(ScanChannel.parse("box:2").apply(scan()));

        // Then a frame two pixels thick lies a quarter of the ink's height (7 pixels) clear of it
        // on every side, the ink inside as it was
        assertThat(boxed.getWidth()).isEqualTo(200);
        assertThat(boxed.getHeight()).isEqualTo(80);
        for (int y = 21; y <= 64; y++) {
            assertThat(luminance(boxed, 11, y)).isEqualTo(20);
            assertThat(luminance(boxed, 188, y)).isEqualTo(20);
        }
        for (int x = 11; x <= 188; x++) {
            assertThat(luminance(boxed, x, 21)).isEqualTo(20);
            assertThat(luminance(boxed, x, 64)).isEqualTo(20);
        }
        assertThat(luminance(boxed, 13, 40)).isEqualTo(250);
        assertThat(luminance(boxed, 100, 65)).isEqualTo(250);
        assertThat(luminance(boxed, 100, 33)).isEqualTo(40);
        // and twice the ink's height clear of it (52 pixels), the page grows with paper around
        // the old one, to the frame and two pixels beyond: the ink moved by the growth on the left
        // (36) and top (26)
        assertThat(wide.getWidth()).isEqualTo(36 + 200 + 36);
        assertThat(wide.getHeight()).isEqualTo(26 + 80 + 32);
        assertThat(luminance(wide, 0, 0)).isEqualTo(250);
        assertThat(luminance(wide, 2, 60)).isEqualTo(20);
        assertThat(luminance(wide, 100 + 36, 33 + 26)).isEqualTo(40);
    }

    @Test
    void tintPrintsAWavePatternUnderPaperAndInkAlike() throws IOException {
        // Given the scan's white paper (250) and dark stroke (40) under a pattern 40 levels deep
        BufferedImage tinted = read(ScanChannel.parse("tint").apply(scan()));

        // Then the paper ranges from its own level down to 40/255 darker (211), in waves along
        // every row, and the stroke is darkened by the same share at most
        int darkest = 255;
        int lightest = 0;
        int changes = 0;
        for (int x = 0; x < 200; x++) {
            int v = luminance(tinted, x, 5);
            darkest = Math.min(darkest, v);
            lightest = Math.max(lightest, v);
            changes += x > 0 && v != luminance(tinted, x - 1, 5) ? 1 : 0;
        }
        assertThat(darkest).isBetween(211, 214);
        assertThat(lightest).isBetween(248, 250);
        assertThat(changes).isGreaterThan(100);
        assertThat(luminance(tinted, 100, 33)).isBetween(34, 40);
        assertThat(read(ScanChannel.parse("tint:0").apply(scan())).getRaster().getSample(5, 5, 0))
                .isEqualTo(250);
    }

    @Test
    void chequePrintsTheWavesInPaleGreenUnderBlueInk() throws IOException {
        // Given the scan under a cheque's colour print 60 luminance levels deep
        BufferedImage cheque = read(ScanChannel.parse("cheque").apply(scan()));

        // Then the paper's luminance dips by up to 60 levels in waves (the sampled crests a little
        // short of the pattern's), greener than it is red or blue
        int darkest = 255;
        for (int x = 0; x < 200; x++) {
            darkest = Math.min(darkest, colourLuminance(cheque, x, 5));
        }
        assertThat(darkest).isBetween(250 - 60, 250 - 50);
        int paper = darkestAlongRow(cheque, 5);
        assertThat(paper >> 8 & 0xff).isGreaterThan(paper >> 16 & 0xff);
        assertThat(paper >> 8 & 0xff).isGreaterThan(paper & 0xff);
        // And the dark stroke is blue: far more of the blue light comes back than of the red
        int stroke = cheque.getRGB(100, 33);
        assertThat(stroke & 0xff).isGreaterThan((stroke >> 16 & 0xff) + 60);
    }

    @Test
    void stampPressesRedRingsOverTheInksRightHalfAndDarkensWhereItCrossesThePen()
            throws IOException {
        // Given the scan with a red stamp pressed over it (the ink spans rows 30-55, columns
        // 20-179: centre (139.25, 42.5), radius 0.9 x 26 = 23.4)
        BufferedImage stamped = read(ScanChannel.parse("stamp").apply(scan()));
        BufferedImage scan = read(scan());

        // Then its outer ring is red on the paper: green and blue absorbed, red let through
        int ring = stamped.getRGB(139, 42 - 23);
        assertThat(ring >> 16 & 0xff).isGreaterThan(200);
        assertThat(ring >> 8 & 0xff).isLessThan(120);
        assertThat(ring & 0xff).isLessThan(140);
        // And where the ring crosses the dark stroke (row 33: 9.5 above the centre, so 21.4 to
        // its left) it is darker than the stroke alone
        assertThat(colourLuminance(stamped, 118, 33)).isLessThan(luminance(scan, 118, 33));
        // And the left half of the signature and the paper beyond the stamp are as scanned
        assertThat(colourLuminance(stamped, 40, 33)).isEqualTo(40);
        assertThat(colourLuminance(stamped, 40, 5)).isEqualTo(250);
        // And a blue stamp is blue
        int blue = read(ScanChannel.parse("stamp:blue").apply(scan())).getRGB(139, 42 - 23);
        assertThat(blue & 0xff).isGreaterThan((blue >> 16 & 0xff) + 100);
        assertThatThrownBy(() -> ScanChannel.parse("stamp:green"))
                .hasMessage("channel step 'stamp:green' needs a colour: red, blue or violet");
    }

    /** The luminance of a colour pixel (0.30 R + 0.59 G + 0.11 B, as core reads it). */
    private static int colourLuminance(BufferedImage image, int x, int y) {
        int rgb = image.getRGB(x, y);
        return (77 * (rgb >> 16 & 0xff) + 150 * (rgb >> 8 & 0xff) + 29 * (rgb & 0xff)) >> 8;
    }

    /** The RGB of the darkest pixel (by luminance) of a row. */
    private static int darkestAlongRow(BufferedImage image, int y) {
        int darkest = 0;
        for (int x = 1; x < image.getWidth(); x++) {
            if (colourLuminance(image, x, y) < colourLuminance(image, darkest, y)) {
                darkest = x;
            }
        }
        return image.getRGB(darkest, y);
    }

    /** Where a point of the 200 x 80 scan lands on a canvas turned by (cos, sin). */
    private static int[] turnedPoint(
            double x, double y, double ox, double oy, double cos, double sin) {
        double dx = x - 99.5;
        double dy = y - 39.5;
        return new int[] {
            (int) Math.round(ox + dx * cos + dy * sin), (int) Math.round(oy - dx * sin + dy * cos)
        };
    }

    @Test
    void stepsApplyInOrder() throws IOException {
        ScanChannel channel = ScanChannel.parse("scale:0.5, JPEG:80");
        byte[] out = channel.apply(scan());

        assertThat(out[1] & 0xff).isEqualTo(0xd8);
        assertThat(read(out).getWidth()).isEqualTo(100);
        assertThat(channel).hasToString("scale:0.5, jpeg:80");
    }

    @Test
    void negativeInvertsEveryLevel() throws IOException {
        // Given the scan, and its negative
        BufferedImage scan = read(scan());
        BufferedImage negative = read(ScanChannel.parse("negative").apply(scan()));

        // Then every pixel is the paper's and the ink's level mirrored: ink light, paper dark
        assertThat(negative.getWidth()).isEqualTo(scan.getWidth());
        for (int y = 0; y < scan.getHeight(); y++) {
            for (int x = 0; x < scan.getWidth(); x++) {
                assertThat(luminance(negative, x, y)).isEqualTo(255 - luminance(scan, x, y));
            }
        }
    }

    @Test
    void unknownStepsAndValuesSayWhatIsAllowed() {
        assertThatThrownBy(() -> ScanChannel.parse("jpeg:0"))
                .hasMessage("channel step 'jpeg:0' needs a number from 1.0 to 100.0");
        assertThatThrownBy(() -> ScanChannel.parse("scale:half"))
                .hasMessage("channel step 'scale:half' needs a number from 0.1 to 4.0");
        assertThatThrownBy(() -> ScanChannel.parse("blur:2"))
                .hasMessage(
                        "unknown channel step 'blur:2': use jpeg:QUALITY, colour-jpeg:QUALITY,"
                                + " scale:FACTOR,"
                                + " bitonal[:LEVEL], line[:HEIGHT], dashes[:HEIGHT],"
                                + " thicken:PIXELS,"
                                + " rotate:DEGREES, box[:PADDING], tint[:DEPTH],"
                                + " cheque[:DEPTH], negative or stamp[:red|blue|violet],"
                                + " comma-separated, or none");
        assertThatThrownBy(() -> ScanChannel.parse("line:1.5"))
                .hasMessage("channel step 'line:1.5' needs a number from 0.0 to 1.0");
    }
}
