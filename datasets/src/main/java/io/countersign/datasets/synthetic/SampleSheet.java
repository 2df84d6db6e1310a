package io.countersign.datasets.synthetic;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A contact sheet for people to judge the generator by eye: one row per writer, four genuine
 * signatures, a red line, then three skilled forgeries.
 */
final class SampleSheet {

    private static final int GENUINE = 4;
    private static final int FORGERIES = 3;
    private static final int CELL_WIDTH = 160;
    private static final int CELL_HEIGHT = 80;

    private SampleSheet() {}

    static void write(SyntheticSignatures signatures, int writers, Path file) throws IOException {
        int columns = GENUINE + FORGERIES;
        BufferedImage sheet =
                new BufferedImage(
                        columns * CELL_WIDTH, writers * CELL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.setRenderingHint(
                RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        for (int w = 0; w < writers; w++) {
            for (int c = 0; c < columns; c++) {
                BufferedImage image =
                        c < GENUINE
                                ? signatures.genuine(w, c)
                                : signatures.skilledForgery(w, c - GENUINE);
                double scale =
                        Math.min(
                                (CELL_WIDTH - 6.0) / image.getWidth(),
                                (CELL_HEIGHT - 6.0) / image.getHeight());
                g.drawImage(
                        image,
                        c * CELL_WIDTH + 3,
                        w * CELL_HEIGHT + 3,
                        (int) (image.getWidth() * scale),
                        (int) (image.getHeight() * scale),
                        null);
            }
        }
        g.setColor(Color.RED);
        g.drawLine(GENUINE * CELL_WIDTH, 0, GENUINE * CELL_WIDTH, sheet.getHeight());
        g.dispose();
        ImageIO.write(sheet, "png", file.toFile());
    }
}
