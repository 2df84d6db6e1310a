package io.countersign.trainer.cli;

import io.countersign.core.image.ImageLimits;
import io.countersign.core.image.ImageRejectedException;
import io.countersign.core.preprocess.PreprocessingSpec;
import io.countersign.core.preprocess.SignaturePreprocessor;
import io.countersign.datasets.SignatureDataset;
import io.countersign.datasets.SignatureSample;
import io.countersign.trainer.data.ScanChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What each scan channel does to the service's preprocessing, without a model run: per channel, how
 * many images preprocessing refuses through it that it reads as they are, and how much of the
 * model's canvas is ink through it against as they are. A refusal is a request dead-lettered; an
 * ink share far from 1 is print read as ink, or strokes lost. Run on the training writers by
 * default: a check of preprocessing, not of accuracy, so it never needs the held-out writers.
 */
@Command(
        name = "channels",
        mixinStandardHelpOptions = true,
        description =
                "Per scan channel: images the card's preprocessing refuses through it, and the ink's"
                        + " share of the canvas against the images as they are.")
final class ChannelsCommand implements Callable<Integer> {

    /** An image's ink share through a channel this far from its own, either way, is counted. */
    static final double FAR_SHARE = 0.25;

    @Option(
            names = "--model",
            required = true,
            description = "model directory: its card's preprocessing is the one measured")
    Path model;

    @Option(
            names = "--dataset",
            required = true,
            description = "as for evaluate; repeat it for several corpora")
    List<String> dataset;

    @Option(
            names = "--split",
            defaultValue = "train",
            description =
                    "train, validation or test writers of the model's own run, or 'all'"
                            + " (default: ${DEFAULT-VALUE})")
    String split;

    @Option(
            names = "--channel",
            required = true,
            description = "a scan channel as for evaluate --channel; repeat it for several")
    List<String> channels;

    @Option(
            names = "--every",
            defaultValue = "1",
            description = "every N-th image of the dataset (default: ${DEFAULT-VALUE})")
    int every;

    @Override
    public Integer call() throws Exception {
        if (every < 1) {
            throw new IllegalArgumentException("--every must be at least 1, was " + every);
        }
        List<ScanChannel> scans = channels.stream().map(ScanChannel::parse).toList();
        ModelDirectory directory = ModelDirectory.open(model);
        PreprocessingSpec spec = directory.card().preprocessing();
        SignaturePreprocessor preprocessor = new SignaturePreprocessor(spec, ImageLimits.DEFAULT);
        SignatureDataset data =
                EvaluationData.select(
                        dataset, "", split.equalsIgnoreCase("all") ? "" : split, directory.card());
        List<SignatureSample> samples = new ArrayList<>();
        for (int i = 0; i < data.samples().size(); i += every) {
            samples.add(data.samples().get(i));
        }
        float paper = (0f - spec.mean()) / spec.std();
        // Each image as it is, once for every channel; one it cannot read has nothing to change.
        List<AsIs> readable = new ArrayList<>();
        for (SignatureSample sample : samples) {
            try {
                byte[] image = Files.readAllBytes(sample.path());
                readable.add(
                        new AsIs(sample, inkShare(preprocessor.preprocess(image, null), paper)));
            } catch (ImageRejectedException e) {
                // Refused as it is: a channel can only refuse it again.
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%s, %s writers, %d images (%d read as they are): preprocessing of %s%n",
                data.description(),
                split,
                samples.size(),
                readable.size(),
                directory.card().version());
        System.out.printf(
                Locale.ROOT,
                "  %-20s %8s %8s %14s %10s  %s%n",
                "channel",
                "read",
                "refused",
                "ink share x",
                "far (±25%)",
                "writers refused");
        for (ScanChannel scan : scans) {
            System.out.println(row(scan, readable, preprocessor, paper));
        }
        return 0;
    }

    /** An image the card's preprocessing reads as it is, and the ink's share of its canvas. */
    private record AsIs(SignatureSample sample, double inkShare) {}

    private static String row(
            ScanChannel scan, List<AsIs> images, SignaturePreprocessor preprocessor, float paper)
            throws Exception {
        int read = 0;
        int refused = 0;
        int far = 0;
        double ratios = 0;
        TreeSet<String> writers = new TreeSet<>();
        for (AsIs image : images) {
            byte[] bytes = Files.readAllBytes(image.sample().path());
            try {
                float[] canvas = preprocessor.preprocess(scan.apply(bytes), null);
                double ratio = inkShare(canvas, paper) / image.inkShare();
                ratios += ratio;
                far += Math.abs(ratio - 1) > FAR_SHARE ? 1 : 0;
                read++;
            } catch (ImageRejectedException e) {
                refused++;
                writers.add(image.sample().writer());
            }
        }
        return String.format(
                Locale.ROOT,
                "  %-20s %8d %8d %14s %10d  %s",
                scan,
                read,
                refused,
                read == 0 ? "-" : String.format(Locale.ROOT, "%.3f", ratios / read),
                far,
                writers.isEmpty() ? "-" : String.join(" ", writers));
    }

    /** The share of the canvas brighter than paper: the ink the model sees. */
    static double inkShare(float[] canvas, float paper) {
        long ink = 0;
        for (float v : canvas) {
            ink += v > paper + 1e-4f ? 1 : 0;
        }
        return (double) ink / canvas.length;
    }
}
