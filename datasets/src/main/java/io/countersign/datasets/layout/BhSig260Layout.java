package io.countersign.datasets.layout;

import io.countersign.datasets.DatasetException;
import io.countersign.datasets.SignatureDataset;
import io.countersign.datasets.SignatureSample;
import io.countersign.datasets.WriterId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads BHSig260 (Pal et al. 2016) in the corpus's own layout: {@code Bengali/<w>/B-S-<w>-G-01.tif}
 * genuine and {@code ...-F-01.tif} forged, likewise {@code Hindi/<w>/H-S-<w>-...}, as TIFF or PNG.
 * The root may hold both languages or be one language's folder; writer ids are qualified by the
 * language ({@code Bengali/12}), so the two scripts stay apart in splits and metrics.
 */
public final class BhSig260Layout {

    static final String LAYOUT = "bhsig260";
    private static final List<String> LANGUAGES = List.of("Bengali", "Hindi");
    private static final Pattern FILE =
            Pattern.compile(
                    "([BH])-S-(\\d+)-([GF])-(\\d+)\\.(png|tif|tiff)", Pattern.CASE_INSENSITIVE);

    private BhSig260Layout() {}

    /** Reads the dataset under {@code root}; the description is the spec that named it. */
    public static SignatureDataset read(Path root, String description) {
        ImageFiles.requireFolder(LAYOUT, root);
        List<Path> languages = new ArrayList<>();
        for (String language : LANGUAGES) {
            if (Files.isDirectory(root.resolve(language))) {
                languages.add(root.resolve(language));
            }
        }
        if (languages.isEmpty()) {
            String name = root.getFileName() == null ? "" : root.getFileName().toString();
            if (!LANGUAGES.contains(name)) {
                throw new DatasetException(
                        LAYOUT
                                + ": "
                                + root
                                + " has neither Bengali/ nor Hindi/ (expected"
                                + " Bengali/<w>/B-S-<w>-G-01.tif ...)");
            }
            languages.add(root);
        }
        List<SignatureSample> samples = new ArrayList<>();
        for (Path language : languages) {
            samples.addAll(readLanguage(language));
        }
        samples.sort(
                Comparator.comparing((SignatureSample s) -> WriterId.corpus(s.writer()))
                        .thenComparing(
                                s ->
                                        Integer.parseInt(
                                                s.writer()
                                                        .substring(
                                                                s.writer().lastIndexOf('/') + 1)))
                        .thenComparing(s -> !s.genuine())
                        .thenComparing(s -> s.path().getFileName().toString()));
        return new SignatureDataset(description, samples);
    }

    private static List<SignatureSample> readLanguage(Path folder) {
        String language = folder.getFileName().toString();
        char initial = language.charAt(0);
        List<SignatureSample> samples = new ArrayList<>();
        for (Path writerFolder : ImageFiles.folders(folder)) {
            String writer = writerFolder.getFileName().toString();
            if (!writer.matches("\\d+")) {
                throw new DatasetException(
                        LAYOUT
                                + ": "
                                + writerFolder
                                + " is not a writer folder (expected numbered folders such as "
                                + language
                                + "/1/)");
            }
            for (Path image : ImageFiles.in(writerFolder)) {
                Matcher m = FILE.matcher(image.getFileName().toString());
                if (!m.matches()
                        || Character.toUpperCase(m.group(1).charAt(0)) != initial
                        || Integer.parseInt(m.group(2)) != Integer.parseInt(writer)) {
                    throw new DatasetException(
                            LAYOUT
                                    + ": "
                                    + image
                                    + " is not named like "
                                    + initial
                                    + "-S-"
                                    + writer
                                    + "-G-01.tif (genuine) or "
                                    + initial
                                    + "-S-"
                                    + writer
                                    + "-F-01.tif (forged)");
                }
                boolean genuine = m.group(3).toUpperCase(Locale.ROOT).equals("G");
                samples.add(
                        new SignatureSample(
                                WriterId.qualify(
                                        language, String.valueOf(Integer.parseInt(writer))),
                                image,
                                genuine,
                                ""));
            }
        }
        if (samples.isEmpty()) {
            throw new DatasetException(
                    LAYOUT
                            + ": no signature images under "
                            + folder
                            + " (expected <w>/"
                            + initial
                            + "-S-<w>-G-01.tif)");
        }
        return samples;
    }
}
