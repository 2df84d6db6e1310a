package io.countersign.datasets.layout;

import io.countersign.datasets.DatasetException;
import io.countersign.datasets.SignatureDataset;
import io.countersign.datasets.SignatureSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the CEDAR layout: {@code full_org/original_<writer>_<n>.png} genuine and {@code
 * full_forg/forgeries_<writer>_<n>.png} forged.
 */
public final class CedarLayout {

    private static final Logger log = LoggerFactory.getLogger(CedarLayout.class);
    static final String LAYOUT = "cedar";
    private static final Pattern GENUINE = Pattern.compile("original_(\\d+)_(\\d+)\\.\\w+");
    private static final Pattern FORGED = Pattern.compile("forgeries_(\\d+)_(\\d+)\\.\\w+");

    private CedarLayout() {}

    /** True if the folder has CEDAR's full_org/ folder. */
    public static boolean matches(Path root) {
        return Files.isDirectory(root.resolve("full_org"));
    }

    /** Reads the dataset under {@code root}; the description is the spec that named it. */
    public static SignatureDataset read(Path root, String description) {
        ImageFiles.requireFolder(LAYOUT, root);
        Path originals = root.resolve("full_org");
        if (!Files.isDirectory(originals)) {
            throw new DatasetException(
                    LAYOUT + ": missing " + originals + "/ (original_<writer>_<n>.png files)");
        }
        List<SignatureSample> samples = new ArrayList<>(scan(originals, GENUINE, true));
        if (samples.isEmpty()) {
            throw new DatasetException(
                    LAYOUT + ": no original_<writer>_<n> images in " + originals);
        }
        List<SignatureSample> forged = scan(root.resolve("full_forg"), FORGED, false);
        Set<String> writers = new TreeSet<>();
        samples.forEach(s -> writers.add(s.writer()));
        for (SignatureSample forgery : forged) {
            if (!writers.contains(forgery.writer())) {
                throw new DatasetException(
                        LAYOUT
                                + ": writer "
                                + forgery.writer()
                                + " has forgeries ("
                                + forgery.path().getFileName()
                                + ") but no original_"
                                + forgery.writer()
                                + "_<n> image in "
                                + originals);
            }
        }
        samples.addAll(forged);
        samples.sort(
                Comparator.comparing((SignatureSample s) -> Integer.parseInt(s.writer()))
                        .thenComparing(s -> !s.genuine())
                        .thenComparing(s -> s.path().getFileName().toString()));
        return new SignatureDataset(description, samples);
    }

    private static List<SignatureSample> scan(Path folder, Pattern pattern, boolean genuine) {
        List<SignatureSample> samples = new ArrayList<>();
        int skipped = 0;
        for (Path image : ImageFiles.in(folder)) {
            Matcher m = pattern.matcher(image.getFileName().toString());
            if (m.matches()) {
                samples.add(new SignatureSample(m.group(1), image, genuine, ""));
            } else {
                skipped++;
            }
        }
        if (skipped > 0) {
            log.warn(
                    "{}: skipped {} images in {} not named like {}",
                    LAYOUT,
                    skipped,
                    folder,
                    pattern);
        }
        return samples;
    }
}
