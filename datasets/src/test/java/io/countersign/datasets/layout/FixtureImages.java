package io.countersign.datasets.layout;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Small blank greyscale images in a corpus's layout, for the readers' fixtures. */
final class FixtureImages {

    private FixtureImages() {}

    /** Writes a 40x20 grey image to {@code file} (folders created) in ImageIO's {@code format}. */
    static void write(Path file, String format) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(40, 20, BufferedImage.TYPE_BYTE_GRAY);
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new IOException("no ImageIO writer for " + format);
        }
    }
}
