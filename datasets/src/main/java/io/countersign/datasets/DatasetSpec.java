package io.countersign.datasets;

import io.countersign.datasets.layout.BhSig260Layout;
import io.countersign.datasets.layout.CedarLayout;
import io.countersign.datasets.layout.FolderLayout;
import io.countersign.datasets.layout.GpdsLayout;
import io.countersign.datasets.layout.McytLayout;
import io.countersign.datasets.layout.SignDataLayout;
import io.countersign.datasets.synthetic.SyntheticDatasetWriter;
import io.countersign.datasets.synthetic.SyntheticSignatures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves a dataset spec ({@code sign_data:DIR}, {@code bhsig260:DIR}, {@code cedar:DIR}, {@code
 * gpds:DIR}, {@code mcyt:DIR}, {@code folders:DIR}, {@code
 * synthetic[:writers=N,genuine=G,forgeries=F,seed=S]}) to a loaded dataset, or several specs to one
 * dataset of several corpora.
 */
public final class DatasetSpec {

    private DatasetSpec() {}

    /**
     * Loads several corpora as one dataset: each writer id is qualified by its corpus (the spec's
     * kind, e.g. {@code sign_data/049}, {@code bhsig260/Hindi/7}), so writers of two corpora never
     * merge and splits and metrics can keep each corpus apart. One spec loads as {@link #load}.
     */
    public static SignatureDataset load(List<String> specs) {
        if (specs.isEmpty()) {
            throw new DatasetException("no dataset spec given");
        }
        return loadAs(specs, corpusNames(specs));
    }

    /**
     * The corpus name each spec's writer ids get when the specs are loaded together: none for a
     * single spec; otherwise the spec's kind, numbered from the second of a kind on ({@code
     * synthetic}, {@code synthetic-2}).
     */
    public static List<String> corpusNames(List<String> specs) {
        if (specs.size() == 1) {
            return List.of("");
        }
        List<String> names = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (String spec : specs) {
            String corpus = kind(spec);
            for (int n = 2; !taken.add(corpus); n++) {
                corpus = kind(spec) + "-" + n;
            }
            names.add(corpus);
        }
        return names;
    }

    /**
     * Loads the specs as one dataset, each spec's writer ids qualified by the corpus name given for
     * it ("" for none): to read a corpus as a run that loaded it beside others named it, so that
     * its writers split as they did there.
     */
    public static SignatureDataset loadAs(List<String> specs, List<String> corpora) {
        if (specs.size() != corpora.size()) {
            throw new IllegalArgumentException("one corpus name per spec");
        }
        if (specs.size() == 1 && corpora.get(0).isEmpty()) {
            return load(specs.get(0));
        }
        List<SignatureSample> samples = new ArrayList<>();
        List<SignaturePair> pairs = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            SignatureDataset data = load(specs.get(i));
            String corpus = corpora.get(i);
            Map<SignatureSample, SignatureSample> renamed = new HashMap<>();
            for (SignatureSample s : data.samples()) {
                SignatureSample q =
                        new SignatureSample(
                                WriterId.qualify(corpus, s.writer()),
                                s.path(),
                                s.genuine(),
                                s.partition());
                renamed.put(s, q);
                samples.add(q);
            }
            for (SignaturePair p : data.pairs()) {
                pairs.add(
                        new SignaturePair(
                                renamed.get(p.reference()),
                                renamed.get(p.questioned()),
                                p.forged()));
            }
        }
        return new SignatureDataset(String.join(" + ", specs), samples, pairs);
    }

    /**
     * The terms under which the corpora named in a dataset description (one spec, or several joined
     * by " + ") were released, for the model card of a model trained on them; empty for synthetic
     * data and layouts whose source is the user's own.
     */
    public static List<String> terms(String description) {
        List<String> terms = new ArrayList<>();
        for (String spec : description.split(" \\+ ")) {
            switch (kind(spec.trim())) {
                case "sign_data" ->
                        terms.add(
                                "ICDAR 2011 Signature Verification Competition (SigComp 2011), Dutch"
                                        + " offline set: released for research use");
                case "bhsig260" ->
                        terms.add(
                                "BHSig260 (Pal et al., ICPR 2016), Bengali and Hindi: released for"
                                        + " research use");
                case "cedar" ->
                        terms.add("CEDAR signature database (CEDAR, Buffalo): for research use");
                case "gpds" ->
                        terms.add(
                                "GPDS signature databases (GPDS, Universidad de Las Palmas de Gran"
                                        + " Canaria): licensed for research use; see the licence"
                                        + " your copy came with");
                case "mcyt" ->
                        terms.add(
                                "MCYT-75 offline signature subcorpus (MCYT bimodal database, UPM):"
                                        + " licensed for research use; see the licence your copy"
                                        + " came with");
                default -> {}
            }
        }
        return terms;
    }

    private static String kind(String spec) {
        int colon = spec.indexOf(':');
        return colon < 0 ? spec : spec.substring(0, colon);
    }

    public static SignatureDataset load(String spec) {
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? spec : spec.substring(0, colon);
        String rest = colon < 0 ? "" : spec.substring(colon + 1);
        SignatureDataset data =
                switch (kind) {
                    case "sign_data" -> SignDataLayout.read(folder(spec, rest), spec);
                    case "bhsig260" -> BhSig260Layout.read(folder(spec, rest), spec);
                    case "cedar" -> CedarLayout.read(folder(spec, rest), spec);
                    case "gpds" -> GpdsLayout.read(folder(spec, rest), spec);
                    case "mcyt" -> McytLayout.read(folder(spec, rest), spec);
                    case "folders" -> FolderLayout.read(folder(spec, rest), spec);
                    case "synthetic" -> synthetic(spec, rest);
                    default ->
                            throw new DatasetException(
                                    "unknown dataset spec '"
                                            + spec
                                            + "': use synthetic[:writers=N,genuine=G,forgeries=F,seed=S],"
                                            + " sign_data:DIR, bhsig260:DIR, cedar:DIR,"
                                            + " gpds:DIR, mcyt:DIR or folders:DIR");
                };
        if (data.samples().isEmpty()) {
            throw new DatasetException(spec + " holds no signature images: check the path");
        }
        return data;
    }

    private static Path folder(String spec, String rest) {
        if (rest.isBlank()) {
            throw new DatasetException(
                    "dataset spec '" + spec + "' needs a folder after the colon");
        }
        Path path = Path.of(rest);
        if (!Files.isDirectory(path)) {
            throw new DatasetException(
                    "dataset folder " + path + " does not exist (from '" + spec + "')");
        }
        return path;
    }

    /** Generates into a cache folder keyed by the parameters, reused when complete. */
    private static SignatureDataset synthetic(String spec, String rest) {
        Map<String, Integer> params =
                new HashMap<>(Map.of("writers", 40, "genuine", 12, "forgeries", 12, "seed", 7));
        if (!rest.isBlank()) {
            for (String part : rest.split(",")) {
                String[] kv = part.split("=", 2);
                if (kv.length != 2 || !params.containsKey(kv[0].trim())) {
                    throw new DatasetException(
                            "bad synthetic parameter '"
                                    + part
                                    + "' in '"
                                    + spec
                                    + "': use writers=N,genuine=G,forgeries=F,seed=S");
                }
                try {
                    params.put(kv[0].trim(), Integer.parseInt(kv[1].trim()));
                } catch (NumberFormatException e) {
                    throw new DatasetException(
                            "'" + part + "' in '" + spec + "' needs a whole number");
                }
            }
        }
        int writers = params.get("writers");
        int genuine = params.get("genuine");
        int forgeries = params.get("forgeries");
        int seed = params.get("seed");
        if (writers < 2 || genuine < 2 || forgeries < 0) {
            throw new DatasetException(spec + ": need writers >= 2, genuine >= 2, forgeries >= 0");
        }
        Path dir =
                Path.of(
                        System.getProperty("java.io.tmpdir"),
                        "countersign-synthetic",
                        String.format(
                                "w%d-g%d-f%d-s%d-v%d",
                                writers, genuine, forgeries, seed, SyntheticSignatures.VERSION));
        try {
            if (!Files.isRegularFile(dir.resolve("pairs.csv"))) {
                Path partial =
                        Files.createDirectories(
                                dir.resolveSibling(
                                        dir.getFileName()
                                                + ".partial-"
                                                + ProcessHandle.current().pid()));
                SyntheticDatasetWriter.write(partial, writers, genuine, forgeries, seed);
                try {
                    Files.move(partial, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    // Another process finished the same dataset first: use theirs.
                }
            }
        } catch (IOException e) {
            throw new DatasetException(
                    "cannot generate " + spec + " into " + dir + ": " + e.getMessage(), e);
        }
        return FolderLayout.read(dir, spec);
    }
}
