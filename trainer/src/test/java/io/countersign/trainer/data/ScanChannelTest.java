package io.countersign.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void stepsApplyInOrder() throws IOException {
        ScanChannel channel = ScanChannel.parse("scale:0.5, JPEG:80");
        byte[] out = channel.apply(scan());

        assertThat(out[1] & 0xff).isEqualTo(0xd8);
        assertThat(read(out).getWidth()).isEqualTo(100);
        assertThat(channel).hasToString("scale:0.5, jpeg:80");
    }

    @Test
    void unknownStepsAndValuesSayWhatIsAllowed() {
        assertThatThrownBy(() -> ScanChannel.parse("jpeg:0"))
                .hasMessage("channel step 'jpeg:0' needs a number from 1.0 to 100.0");
        assertThatThrownBy(() -> ScanChannel.parse("scale:half"))
                .hasMessage("channel step 'scale:half' needs a number from 0.1 to 1.0");
        assertThatThrownBy(() -> ScanChannel.parse("blur:2"))
                .hasMessage(
                        "unknown channel step 'blur:2': use jpeg:QUALITY, scale:FACTOR,"
                                + " bitonal[:LEVEL], line[:HEIGHT] or thicken:PIXELS,"
                                + " comma-separated, or none");
        assertThatThrownBy(() -> ScanChannel.parse("line:1.5"))
                .hasMessage("channel step 'line:1.5' needs a number from 0.0 to 1.0");
    }
}
