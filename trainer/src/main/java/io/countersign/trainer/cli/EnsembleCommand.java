package io.countersign.trainer.cli;

import ai.onnx.proto.OnnxMl;
import io.countersign.core.model.ModelCard;
import io.countersign.core.scoring.Normalization;
import io.countersign.datasets.SignatureDataset;
import io.countersign.trainer.data.WriterImages;
import io.countersign.trainer.evaluation.DistanceSet;
import io.countersign.trainer.evaluation.EmbeddingSpread;
import io.countersign.trainer.evaluation.ProtocolFit;
import io.countersign.trainer.export.CardMapping;
import io.countersign.trainer.export.EnsembleGraph;
import io.countersign.trainer.report.Charts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code countersign ensemble}: joins trained models into one model directory whose embedding is
 * the members' embeddings side by side, each divided by its spread on the training writers, and
 * fits the ensemble's scoring rule on the validation writers as {@code calibrate} does. The service
 * runs it like any other model.
 */
@Command(
        name = "ensemble",
        mixinStandardHelpOptions = true,
        description =
                "Join trained models into one model directory and fit its scoring rule on"
                        + " validation writers that every member held out.")
final class EnsembleCommand implements Callable<Integer> {

    /** What the ensemble's card keeps of its first member's training record. */
    private static final List<String> SHARED =
            List.of(
                    "dataset",
                    "dataTerms",
                    "seed",
                    "validationShare",
                    "testShare",
                    "trainWriters",
                    "validationWriters",
                    "testWriters",
                    "references",
                    "targetFar");

    @Option(
            names = "--member",
            required = true,
            description = "a trained model directory; repeat it (two or more)")
    List<Path> members;

    @Option(
            names = "--dataset",
            required = true,
            description =
                    "the dataset(s) to fit the ensemble's rule on (their validation writers): those"
                            + " member 0 was trained on, in its order; of a corpus a member split"
                            + " otherwise, only the writers every member held out")
    List<String> dataset;

    @Option(
            names = "--model-version",
            required = true,
            description = "version string of the ensemble (its references are re-embedded by it)")
    String version;

    @Mixin ScoringFitOptions scoringFit = new ScoringFitOptions();

    @Mixin PenViewOption penView = new PenViewOption();

    @Mixin OrientationOption orientation = new OrientationOption();

    @Option(names = "--out", required = true, description = "model directory to write")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<ModelDirectory> directories = new ArrayList<>();
        for (Path member : members) {
            directories.add(ModelDirectory.open(member));
        }
        List<ModelCard> cards = directories.stream().map(ModelDirectory::card).toList();
        EnsembleMembers.requireCompatible(cards);

        List<EnsembleGraph.InputAdapter> inputs = inputAdapters(cards);
        List<Double> scales = trainingSpreads(directories, inputs);
        List<EnsembleGraph.Member> graphMembers = new ArrayList<>();
        for (int i = 0; i < directories.size(); i++) {
            graphMembers.add(
                    new EnsembleGraph.Member(
                            read(directories.get(i).onnx()),
                            cards.get(i).embeddingSize(),
                            scales.get(i).floatValue(),
                            inputs.get(i)));
        }
        Files.createDirectories(out);
        try (OutputStream file = Files.newOutputStream(out.resolve("model.onnx"))) {
            EnsembleGraph.join(graphMembers, version).writeTo(file);
        }
        // A card with the first member's rule, only so the directory opens: refitted below.
        ModelCard provisional = orientation.applyTo(card(cards, scales));
        provisional.write(out.resolve(ModelCard.FILE_NAME));

        ProtocolFit fit =
                CalibrateCommand.fitOnValidation(
                        ModelDirectory.open(out), dataset, scoringFit, penView.orNone());
        String table = CalibrateCommand.describeFit(fit);
        CardMapping.withFit(provisional, fit, heldOutWriters(provisional, fit))
                .write(out.resolve(ModelCard.FILE_NAME));
        plots(fit, out);
        Files.writeString(out.resolve("report.md"), report(cards, scales, table));
        System.out.printf(Locale.ROOT, "ensemble written to %s%n", out);
        return 0;
    }

    /**
     * The ensemble's own validation and test writers, for its card: member 0's unless a network
     * split a corpus otherwise, when only the writers every network held out are the ensemble's
     * (its rule was fitted on those, and {@code evaluate --split test} measures those).
     */
    private Map<String, Object> heldOutWriters(ModelCard provisional, ProtocolFit fit) {
        int test;
        try {
            test = EvaluationData.select(dataset, "", "test", provisional).writers().size();
        } catch (IllegalArgumentException everyOneTrainedANetwork) {
            test = 0;
        }
        // (each writer is scored once per enrolment draw)
        Set<String> validation = new HashSet<>(fit.validation().skipped());
        fit.validation().writers().forEach(w -> validation.add(w.writer()));
        return Map.of("validationWriters", validation.size(), "testWriters", test);
    }

    /**
     * How the ensemble's input (standardised as the first member's card says) is re-standardised
     * for each member: members trained on the same canvas with other pixel statistics (training
     * images preprocessed by a later version) read exactly what they were trained on.
     */
    static List<EnsembleGraph.InputAdapter> inputAdapters(List<ModelCard> cards) {
        ModelCard served = cards.get(0);
        return cards.stream()
                .map(
                        card ->
                                EnsembleGraph.InputAdapter.between(
                                        served.mean(), served.std(), card.mean(), card.std()))
                .toList();
    }

    /** Each member's embedding spread on the training writers' images (no labels used). */
    private List<Double> trainingSpreads(
            List<ModelDirectory> directories, List<EnsembleGraph.InputAdapter> inputs)
            throws InterruptedException {
        ModelCard first = directories.get(0).card();
        SignatureDataset train = EvaluationData.select(dataset, "", "train", first);
        List<WriterImages> images = directories.get(0).images(train);
        List<float[]> all = new ArrayList<>();
        for (WriterImages writer : images) {
            all.addAll(writer.genuine());
            all.addAll(writer.forgeries());
        }
        List<Double> scales = new ArrayList<>();
        for (int i = 0; i < directories.size(); i++) {
            ModelDirectory directory = directories.get(i);
            EnsembleGraph.InputAdapter input = inputs.get(i);
            List<float[]> own = all.stream().map(input::apply).toList();
            double spread = EmbeddingSpread.rms(directory.embed(own));
            System.out.printf(
                    Locale.ROOT,
                    "%s: embedding spread %.4f on %d training images%n",
                    directory.card().version(),
                    spread,
                    all.size());
            scales.add(spread);
        }
        return scales;
    }

    private ModelCard card(List<ModelCard> cards, List<Double> scales) {
        ModelCard first = cards.get(0);
        Map<String, Object> training = new LinkedHashMap<>();
        SHARED.forEach(
                key -> {
                    if (first.training().containsKey(key)) {
                        training.put(key, first.training().get(key));
                    }
                });
        List<Map<String, Object>> described = new ArrayList<>();
        for (int i = 0; i < cards.size(); i++) {
            Map<String, Object> member = new LinkedHashMap<>();
            member.put("version", cards.get(i).version());
            member.put("architecture", cards.get(i).architecture());
            member.put("embeddingSize", cards.get(i).embeddingSize());
            member.put("scale", scales.get(i));
            if (cards.get(i).mean() != first.mean() || cards.get(i).std() != first.std()) {
                // Its own standardisation, restored in the graph from the ensemble's.
                member.put("mean", cards.get(i).mean());
                member.put("std", cards.get(i).std());
            }
            member.put("training", cards.get(i).training());
            described.add(member);
        }
        training.put("ensemble", described);
        training.put("date", LocalDate.now(ZoneOffset.UTC).toString());
        training.put("command", command());
        return new ModelCard(
                version,
                "ensemble("
                        + cards.stream()
                                .map(ModelCard::architecture)
                                .collect(Collectors.joining(","))
                        + ")",
                first.inputName(),
                first.outputName(),
                first.inputHeight(),
                first.inputWidth(),
                first.mean(),
                first.std(),
                first.orientation(),
                cards.stream().mapToInt(ModelCard::embeddingSize).sum(),
                first.thresholds(),
                first.calibration(),
                first.scoring(),
                training,
                Map.of());
    }

    private String command() {
        return "countersign ensemble"
                + members.stream().map(m -> " --member " + m).collect(Collectors.joining())
                + dataset.stream().map(d -> " --dataset " + d).collect(Collectors.joining())
                + " --model-version "
                + version
                + scoringFit.asArguments()
                + PenViewOption.asArguments(penView.orNone())
                + orientation.asGiven()
                + " --out "
                + out;
    }

    /**
     * How many networks an architecture runs: one, or for an ensemble ({@code
     * ensemble(signet-s,ensemble(...))}) the networks it names, however nested.
     */
    static int networks(String architecture) {
        return (int)
                Math.max(
                        1,
                        Arrays.stream(architecture.split("[(),]"))
                                .map(String::strip)
                                .filter(t -> !t.isEmpty() && !t.equals("ensemble"))
                                .count());
    }

    private String report(List<ModelCard> cards, List<Double> scales, String table) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(version).append("\n\n");
        int networks = cards.stream().mapToInt(c -> networks(c.architecture())).sum();
        md.append("An ensemble of ")
                .append(networks)
                .append(" embedding networks")
                .append(networks == cards.size() ? "" : " in " + cards.size() + " members")
                .append(": one ONNX graph runs each on the same input and")
                .append(" outputs their embeddings side by side, each divided by its spread on")
                .append(" the training writers, so the service's Euclidean distance is")
                .append(" sqrt(d1² + d2² ...) of the members' scaled distances.\n\n");
        md.append("| member | architecture | loss | scale |\n| --- | --- | --- | --- |\n");
        for (int i = 0; i < cards.size(); i++) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %.4f |%n",
                            cards.get(i).version(),
                            cards.get(i).architecture(),
                            cards.get(i)
                                    .training()
                                    .getOrDefault(
                                            "loss",
                                            networks(cards.get(i).architecture()) > 1
                                                    ? "its members' (see its card)"
                                                    : "?"),
                            scales.get(i)));
        }
        md.append("\nBuilt with\n\n```bash\n").append(command()).append("\n```\n\n");
        md.append("Scoring rule fitted on the validation writers (service protocol; the plots are")
                .append(" of these validation trials):\n\n```\n")
                .append(table)
                .append("\n```\n\n")
                .append("![ROC under the service protocol](report/protocol-roc.png)\n\n")
                .append("![DET under the service protocol](report/protocol-det.png)\n\n")
                .append("![Scores under the service protocol](report/protocol-scores.png)\n\n")
                .append("Measure the test writers with `countersign evaluate --split")
                .append(" test`; each member's own report is in its directory.\n");
        return md.toString();
    }

    /** ROC, DET and score histograms of the validation trials the rule was fitted on. */
    /** The service-protocol ROC, DET and score histogram of a fit, into {@code out/report}. */
    static void plots(ProtocolFit fit, Path out) throws IOException {
        Path plots = Files.createDirectories(out.resolve("report"));
        DistanceSet validation = fit.validation().pooled();
        String title = "service protocol, validation writers";
        Charts.roc(validation, title, plots.resolve("protocol-roc.png"));
        Charts.det(validation, title, plots.resolve("protocol-det.png"));
        Charts.histogram(
                validation,
                "Scores under the service protocol (validation writers)",
                "mean reference distance"
                        + (fit.rule().normalization() == Normalization.NONE ? "" : ", normalised"),
                fit.rule().threshold(),
                plots.resolve("protocol-scores.png"));
    }

    private static OnnxMl.ModelProto read(Path onnx) throws IOException {
        try (InputStream in = Files.newInputStream(onnx)) {
            return OnnxMl.ModelProto.parseFrom(in);
        }
    }
}
