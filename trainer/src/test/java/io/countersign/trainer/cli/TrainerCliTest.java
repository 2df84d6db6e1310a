package io.countersign.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.countersign.core.model.ModelCard;
import io.countersign.core.preprocess.Orientation;
import io.countersign.core.scoring.ScoringRule;
import io.countersign.trainer.export.CardMapping;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerCliTest {

    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream stdout;
    private PrintStream stderr;

    @BeforeEach
    void capture() {
        stdout = System.out;
        stderr = System.err;
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
        System.setErr(stderr);
    }

    @Test
    void aMissingDatasetIsOneClearLineAndExitCode2() {
        int code =
                TrainerCli.execute(
                        "train",
                        "--dataset",
                        "sign_data:" + dir.resolve("nowhere"),
                        "--out",
                        dir.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(err.toString())
                .contains("nowhere")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void aMissingCheckpointOrModelIsOneClearLineAndExitCode2() {
        assertThat(
                        TrainerCli.execute(
                                "export",
                                "--checkpoint",
                                dir.resolve("none").toString(),
                                "--out",
                                dir.toString()))
                .isEqualTo(2);
        assertThat(
                        TrainerCli.execute(
                                "evaluate", "--model", dir.toString(), "--dataset", "synthetic"))
                .isEqualTo(2);
        assertThat(err.toString().strip().lines())
                .hasSize(2)
                .allMatch(l -> !l.contains("Exception"));
        assertThat(err.toString()).contains("checkpoint").contains("model.onnx");
    }

    @Test
    void channelsTellsPerChannelWhatPreprocessingRefusesAndHowMuchInkItReads() {
        // Given the synthetic model's preprocessing and a small synthetic corpus
        String data = "synthetic:writers=4,genuine=3,forgeries=1,seed=5";
        String model = Path.of("..", "models", "signet-s-synthetic").toString();

        // When no channel, a bitonal scan and a lighter pen's half-resolution scan are compared
        int code =
                TrainerCli.execute(
                        "channels",
                        "--model",
                        model,
                        "--dataset",
                        data,
                        "--split",
                        "all",
                        "--channel",
                        "none",
                        "--channel",
                        "bitonal",
                        "--channel",
                        "scale:0.5");

        // Then each has its row; with no channel every image reads as it is, ink for ink
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("16 images");
        assertThat(row(out.toString(), "none").replaceAll("\\s+", " ")).startsWith("16 0 1.000 0");
        assertThat(out.toString()).contains("  bitonal ").contains("  scale:0.5 ");

        // And a channel that does not parse is one clear line
        err.reset();
        assertThat(
                        TrainerCli.execute(
                                "channels",
                                "--model",
                                model,
                                "--dataset",
                                data,
                                "--channel",
                                "blur:3"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("blur").doesNotContain("\tat ");
    }

    @Test
    void calibratesAShippedModelOnEveryWriterOfACorpusItNeverSaw() throws Exception {
        // Given the shipped synthetic model, and synthetic writers of another seed than its own
        Path model = Path.of("..", "models", "signet-s-synthetic");
        String ownCorpus = "synthetic:writers=8,genuine=8,forgeries=4,seed=99";
        Path own = dir.resolve("own");

        // When its rule is fitted on every one of those writers, into a new directory
        int code =
                TrainerCli.execute(
                        "calibrate",
                        "--model",
                        model.toString(),
                        "--dataset",
                        ownCorpus,
                        "--writers",
                        "all",
                        "--target-far",
                        "0.05",
                        "--band-edges",
                        "strictest-corpus",
                        "--out",
                        own.toString());

        // Then the new card says on whom it was fitted and how to fit it again, keeps the card's
        // aggregation and normalisation (a few writers would otherwise choose among rules by
        // their noise), decides at its calibration's even odds, and keeps the network
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("every writer of the dataset, each scoring rule tried");
        ModelCard card = ModelCard.read(own.resolve(ModelCard.FILE_NAME));
        ModelCard shipped = ModelCard.read(model.resolve(ModelCard.FILE_NAME));
        String recalibration = card.training().get("recalibration").toString();
        assertThat(recalibration)
                .contains("all writers of " + ownCorpus)
                .contains("--writers all")
                .contains("--target-far 0.05")
                .contains("--band-edges strictest-corpus")
                .contains("bandEdges=strictest-corpus")
                .contains("aggregation and normalisation, kept");
        // its review band at the rate asked for, and what it refers on those writers
        assertThat(card.thresholds().targetFar()).isEqualTo(0.05);
        assertThat(card.thresholds().targetFrr()).isEqualTo(0.05);
        assertThat(card.thresholds().atTargetFrr()).isGreaterThan(card.thresholds().atTargetFar());
        assertThat(card.reviewBand(card.thresholds().eer())).isPresent();
        assertThat(row(out.toString(), "review_genuine")).endsWith("%");
        assertThat(row(out.toString(), "frr_automatic")).endsWith("%");
        assertThat(card.scoringRule().aggregation()).isEqualTo(shipped.scoringRule().aggregation());
        assertThat(card.scoringRule().normalization())
                .isEqualTo(shipped.scoringRule().normalization());
        assertThat(card.thresholds().eer()).isNotEqualTo(shipped.thresholds().eer());
        assertThat(out.toString().lines().filter(l -> l.startsWith("  EER ")))
                .as("the one candidate tried")
                .hasSize(1);
        assertThat(card.calibration().probabilityGenuine(card.thresholds().eer()))
                .isCloseTo(0.5, within(1e-9));
        assertThat(Files.readAllBytes(own.resolve("model.onnx")))
                .isEqualTo(Files.readAllBytes(model.resolve("model.onnx")));
        // The fit's figures are named for the bank's writers, the training run's are gone
        assertThat(card.metrics())
                .containsKey("calibration_typical_spread")
                .doesNotContainKey("validation_typical_spread");
        assertThat(card.metrics().keySet())
                .anyMatch(name -> name.startsWith("calibration_protocol_eer_"))
                .noneMatch(name -> name.startsWith("validation_protocol_"));

        // And a later refit without --band-edges fits the band as the card's was
        assertThat(
                        TrainerCli.execute(
                                "calibrate",
                                "--model",
                                own.toString(),
                                "--dataset",
                                ownCorpus,
                                "--writers",
                                "all",
                                "--out",
                                dir.resolve("again").toString()))
                .as(err.toString())
                .isZero();
        ModelCard again = ModelCard.read(dir.resolve("again").resolve(ModelCard.FILE_NAME));
        assertThat(again.training()).containsEntry("bandEdges", "strictest-corpus");
        assertThat(again.thresholds().targetFar()).isEqualTo(0.05);

        // And the corpus the model was trained on is refused: all its writers include those
        String trainedOn = shipped.training().get("dataset").toString();
        err.reset();
        int refused =
                TrainerCli.execute(
                        "calibrate",
                        "--model",
                        model.toString(),
                        "--dataset",
                        trainedOn,
                        "--writers",
                        "all",
                        "--out",
                        dir.resolve("refused").toString());
        assertThat(refused).isEqualTo(2);
        assertThat(err.toString()).contains("holds writers the model was trained on");
        assertThat(dir.resolve("refused")).doesNotExist();

        // And so is a target rate that is no share of trials
        assertRefused(
                "--target-far must be at least 0 and below 0.5",
                "calibrate",
                "--model",
                model.toString(),
                "--dataset",
                ownCorpus,
                "--writers",
                "all",
                "--target-far",
                "5",
                "--out",
                dir.resolve("refused").toString());
        // and band edges fitted to no one's rates
        assertRefused(
                "unknown band edges 'widest': use one of pooled, strictest-corpus",
                "calibrate",
                "--model",
                model.toString(),
                "--dataset",
                ownCorpus,
                "--writers",
                "all",
                "--band-edges",
                "widest",
                "--out",
                dir.resolve("refused").toString());
    }

    @Test
    void keepsACardsRuleWholeAndFitsOnlyItsReviewBand() throws Exception {
        // Given the shipped synthetic model, whose band was fitted on its own validation writers
        Path model = Path.of("..", "models", "signet-s-synthetic");
        ModelCard shipped = ModelCard.read(model.resolve(ModelCard.FILE_NAME));
        Path banded = dir.resolve("banded");

        // When only its band is fitted, on writers of another seed
        int code =
                calibrate(
                        model.toString(),
                        "synthetic:writers=8,genuine=8,forgeries=4,seed=99",
                        "all",
                        "band",
                        banded.toString());

        // Then the card decides exactly as before (rule, threshold, calibration), keeps the test
        // writers' metrics measured under it, and has a band of those writers around its
        // threshold; the note of the band's first fit is kept
        assertThat(code).as(err.toString()).isZero();
        ModelCard card = ModelCard.read(banded.resolve(ModelCard.FILE_NAME));
        assertThat(card.scoringRule()).isEqualTo(shipped.scoringRule());
        assertThat(card.metrics())
                .containsEntry("test_eer_skilled", shipped.metrics().get("test_eer_skilled"));
        assertThat(card.reviewBand(card.thresholds().eer()))
                .isPresent()
                .isNotEqualTo(shipped.reviewBand(shipped.thresholds().eer()));
        List<Object> history = new java.util.ArrayList<>();
        if (shipped.training().get(CardMapping.EARLIER_RECALIBRATIONS) instanceof List<?> before) {
            history.addAll(before);
        }
        history.add(shipped.training().get(CardMapping.RECALIBRATION));
        assertThat(card.training().get(CardMapping.EARLIER_RECALIBRATIONS)).isEqualTo(history);
        assertThat(card.training().get("recalibration").toString())
                .contains("the card's, kept whole: only the review band fitted")
                .contains("--rule band");
        assertThat(out.toString()).contains("the card's, kept whole");

        // And a rule choice that does not exist is refused, naming those that do
        assertRefused(
                "unknown --rule 'threshold': use best, card, band or spread",
                "calibrate",
                "--model",
                model.toString(),
                "--dataset",
                "synthetic:writers=8,genuine=8,forgeries=4,seed=99",
                "--writers",
                "all",
                "--rule",
                "threshold",
                "--out",
                dir.resolve("refused").toString());
    }

    @Test
    void measuresOnlyTheTypicalSpreadOnACorpusReferencesAlone() throws Exception {
        // Given a model whose rule divides by the references' spread, with a typical spread far
        // from that of the writers it will serve (a corpus on another scale)
        Path model = dir.resolve("spread-card");
        Path shipped = Path.of("..", "models", "signet-s-synthetic");
        Files.createDirectories(model);
        Files.copy(shipped.resolve("model.onnx"), model.resolve("model.onnx"));
        String json = Files.readString(shipped.resolve(ModelCard.FILE_NAME));
        String normalised =
                json.replace(
                                "\"normalization\" : \"none\"",
                                "\"normalization\" : \"reference-spread-prior\"")
                        .replace(
                                "\"typicalSpread\" : null",
                                "\"typicalSpread\" : 5.0, \"spreadPrior\" : 10.0");
        assertThat(normalised).isNotEqualTo(json);
        Files.writeString(model.resolve(ModelCard.FILE_NAME), normalised);
        ModelCard before = ModelCard.read(model.resolve(ModelCard.FILE_NAME));
        String corpus = "synthetic:writers=8,genuine=8,forgeries=4,seed=99";

        // When only the typical spread is measured again, on every writer of that corpus
        Path measured = dir.resolve("measured");
        int code = calibrate(model.toString(), corpus, "all", "spread", measured.toString());

        // Then the card decides with the same threshold, calibration and review band, on the
        // typical spread of those writers' enrolments (as a full refit on them measures it), and
        // says so
        assertThat(code).as(err.toString()).isZero();
        ModelCard card = ModelCard.read(measured.resolve(ModelCard.FILE_NAME));
        assertThat(card.thresholds()).isEqualTo(before.thresholds());
        assertThat(card.calibration()).isEqualTo(before.calibration());
        assertThat(card.scoringRule().aggregation()).isEqualTo(before.scoringRule().aggregation());
        assertThat(card.scoringRule().spreadPrior()).isEqualTo(10.0);
        double typical = card.scoringRule().typicalSpread();
        assertThat(typical).isNotEqualTo(5.0).isBetween(0.01, 3.0);
        assertThat(card.metrics()).containsEntry("calibration_typical_spread", typical);
        assertThat(card.training().get("recalibration").toString())
                .contains("typical spread measured on these writers' references")
                .contains("--rule spread");
        assertThat(out.toString()).contains("only the typical spread measured");
        Path refitted = dir.resolve("refitted");
        assertThat(calibrate(model.toString(), corpus, "all", "card", refitted.toString()))
                .as(err.toString())
                .isZero();
        assertThat(ModelCard.read(refitted.resolve(ModelCard.FILE_NAME)).scoringRule())
                .extracting(ScoringRule::typicalSpread)
                .isEqualTo(typical);

        // And evaluate says how far apart the scales are, and what to do where they part
        out.reset();
        assertThat(TrainerCli.execute("evaluate", "--model", model.toString(), "--dataset", corpus))
                .as(err.toString())
                .isZero();
        assertThat(out.toString())
                .contains("times the card's typical spread 5.0000: another scale")
                .contains("calibrate --rule spread");
        out.reset();
        assertThat(
                        TrainerCli.execute(
                                "evaluate", "--model", measured.toString(), "--dataset", corpus))
                .as(err.toString())
                .isZero();
        assertThat(out.toString())
                .contains("times the card's typical spread")
                .doesNotContain("another scale");

        // And on half of them, the other half is shown under the card as it came and as adapted
        out.reset();
        assertThat(
                        calibrate(
                                model.toString(),
                                corpus,
                                "half",
                                "spread",
                                dir.resolve("half").toString()))
                .as(err.toString())
                .isZero();
        assertThat(out.toString())
                .contains("adapted to the first half's references")
                .contains("threshold kept: the card written");
        assertThat(row(out.toString(), "frr").split("\\s+")).hasSize(2);

        // And writers without a single forgery are enough
        assertThat(
                        calibrate(
                                model.toString(),
                                "synthetic:writers=8,genuine=8,forgeries=0,seed=99",
                                "all",
                                "spread",
                                dir.resolve("unlabelled").toString()))
                .as(err.toString())
                .isZero();
        assertThat(
                        ModelCard.read(dir.resolve("unlabelled").resolve(ModelCard.FILE_NAME))
                                .thresholds())
                .isEqualTo(before.thresholds());

        // And a rule without a spread, or the writers that measured it, are refused in one line
        assertRefused(
                "does not divide by the references' spread",
                "calibrate",
                "--model",
                shipped.toString(),
                "--dataset",
                corpus,
                "--writers",
                "all",
                "--rule",
                "spread",
                "--out",
                dir.resolve("refused").toString());
        assertRefused(
                "--rule spread measures the typical spread of a corpus the model never saw",
                "calibrate",
                "--model",
                model.toString(),
                "--dataset",
                corpus,
                "--rule",
                "spread",
                "--out",
                dir.resolve("refused").toString());
    }

    @Test
    void fitsOnHalfOfACorpusAndMeasuresTheOtherHalf() throws Exception {
        // Given the shipped synthetic model, and 12 synthetic writers of another seed
        Path model = Path.of("..", "models", "signet-s-synthetic");
        String ownCorpus = "synthetic:writers=12,genuine=8,forgeries=4,seed=99";
        Path half = dir.resolve("half");

        // When its rule is fitted on half of them
        int code =
                TrainerCli.execute(
                        "calibrate",
                        "--model",
                        model.toString(),
                        "--dataset",
                        ownCorpus,
                        "--writers",
                        "half",
                        "--out",
                        half.toString());

        // Then it fits on 6 writers, scores the 6 others under the card as it came and as
        // refitted, side by side, and the card written is the half's, with what the other half
        // measured under it and the command that fits it again
        assertThat(code).as(err.toString()).isZero();
        String printed = out.toString();
        assertThat(printed)
                .contains("the fitted half of the dataset's writers (6 writers)")
                .contains("the other half (6 writers, not fitted on, 5 draws)");
        String frr = row(printed, "frr");
        assertThat(frr.split("\\s+")).as("as it came, refitted: %s", frr).hasSize(2);
        ModelCard card = ModelCard.read(half.resolve(ModelCard.FILE_NAME));
        String recalibration = card.training().get("recalibration").toString();
        assertThat(recalibration)
                .contains("a seeded half of the writers of " + ownCorpus)
                .contains("otherHalf")
                .contains("--writers half");
        assertThat(printed)
                .contains(String.format(java.util.Locale.ROOT, "%.4f", card.thresholds().eer()));
        assertThat(card.calibration().probabilityGenuine(card.thresholds().eer()))
                .isCloseTo(0.5, within(1e-9));

        // And a value it does not know is one line naming the three it does
        err.reset();
        int refused =
                TrainerCli.execute(
                        "calibrate",
                        "--model",
                        model.toString(),
                        "--dataset",
                        ownCorpus,
                        "--writers",
                        "halves",
                        "--out",
                        dir.resolve("refused").toString());
        assertThat(refused).isEqualTo(2);
        assertThat(err.toString()).contains("use validation, all or half").doesNotContain("\tat ");
    }

    @Test
    void trainsExportsAndEvaluatesThroughOnnxRuntime() throws Exception {
        // Given a tiny training run from the command line
        Path model = dir.resolve("model");
        String data = "synthetic:writers=8,genuine=6,forgeries=3,seed=11";
        int trained =
                TrainerCli.execute(
                        "train",
                        "--dataset",
                        data,
                        "--epochs",
                        "1",
                        "--pairs-per-epoch",
                        "64",
                        "--validation-share",
                        "0.25",
                        "--test-share",
                        "0.25",
                        "--out",
                        model.toString());

        // When it is exported again and evaluated
        Path copy = dir.resolve("copy");
        int exported =
                TrainerCli.execute(
                        "export",
                        "--checkpoint",
                        model.resolve("checkpoint").toString(),
                        "--out",
                        copy.toString());
        int evaluated =
                TrainerCli.execute("evaluate", "--model", copy.toString(), "--dataset", data);

        // Then
        assertThat(trained).as(err.toString()).isZero();
        assertThat(exported).as(err.toString()).isZero();
        assertThat(evaluated).as(err.toString()).isZero();
        assertThat(Files.readAllBytes(copy.resolve("model.onnx")))
                .isEqualTo(Files.readAllBytes(model.resolve("model.onnx")));
        assertThat(out.toString())
                .contains("eer_skilled")
                .contains("far_random")
                .contains("with ONNX Runtime");
        // train shows the validation writers only; the test writers wait in the report
        assertThat(out.toString())
                .contains("validation writers, service protocol")
                .doesNotContain("test writers, service protocol");

        // And compared with its own export on the same writers, draws and images (enrolled as
        // they are, questioned JPEG-compressed), the paired difference is nil and no resample
        // favours either
        out.reset();
        assertThat(
                        TrainerCli.execute(
                                "evaluate",
                                "--model",
                                model.toString(),
                                "--baseline",
                                copy.toString(),
                                "--channel",
                                "jpeg:70",
                                "--enrol-clean",
                                "--dataset",
                                data))
                .as(err.toString())
                .isZero();
        assertThat(out.toString())
                .contains("through channel jpeg:70, references enrolled without it");
        String comparison =
                out.toString().substring(out.toString().indexOf("same writers and draws"));
        assertThat(row(comparison, "difference")).startsWith("0.00%");
        assertThat(row(comparison, "difference_ci_high")).startsWith("0.00%");
        assertThat(row(comparison, "resamples_model_better")).startsWith("0.00%");
        assertThat(row(comparison, "eer_skilled_baseline"))
                .isEqualTo(row(comparison, "eer_skilled"));

        // And enrolled through a bitonal channel and questioned as scanned, it is measured the
        // other way round; both ways at once is refused in one line
        out.reset();
        assertThat(
                        TrainerCli.execute(
                                "evaluate",
                                "--model",
                                model.toString(),
                                "--channel",
                                "bitonal",
                                "--question-clean",
                                "--dataset",
                                data))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("through channel bitonal, questioned without it");
        err.reset();
        assertThat(
                        TrainerCli.execute(
                                "evaluate",
                                "--model",
                                model.toString(),
                                "--channel",
                                "bitonal",
                                "--question-clean",
                                "--enrol-clean",
                                "--dataset",
                                data))
                .isNotZero();
        assertThat(err.toString()).contains("exclude each other");

        // And when its rule is fitted again against both kinds of forgery, into a new directory
        Path recalibrated = dir.resolve("recalibrated");
        Files.copy(
                model.resolve("report.md"),
                Files.createDirectories(recalibrated).resolve("report.md"));
        int calibrated =
                TrainerCli.execute(
                        "calibrate",
                        "--model",
                        model.toString(),
                        "--dataset",
                        data,
                        "--calibrate-against",
                        "skilled+random",
                        "--broader-pen",
                        "1",
                        "--orientation",
                        "principal-axis",
                        "--out",
                        recalibrated.toString());

        // Then the new card decides at its own even odds, says how it was fitted (a pen view 1
        // pixel broader and the ink turned to its axis included), and carries no test metric
        // measured under the old rule
        assertThat(calibrated).as(err.toString()).isZero();
        ModelCard before = ModelCard.read(model.resolve(ModelCard.FILE_NAME));
        ModelCard after = ModelCard.read(recalibrated.resolve(ModelCard.FILE_NAME));
        assertThat(before.broaderPen()).isZero();
        assertThat(after.broaderPen()).isEqualTo(1);
        assertThat(after.training().get("recalibration").toString())
                .contains("--broader-pen 1")
                .contains("--orientation principal-axis");
        assertThat(before.preprocessing().orientation()).isEqualTo(Orientation.AS_SCANNED);
        assertThat(after.preprocessing().orientation()).isEqualTo(Orientation.PRINCIPAL_AXIS);
        assertThat(after.version()).isEqualTo(before.version());
        assertThat(after.calibration().probabilityGenuine(after.thresholds().eer()))
                .isCloseTo(0.5, within(1e-9));
        assertThat(after.training()).containsEntry("calibratedAgainst", "skilled+random");
        assertThat(before.training()).containsEntry("calibratedAgainst", "skilled");
        assertThat(after.metrics().keySet()).noneMatch(k -> k.startsWith("test_"));
        assertThat(after.metrics()).containsKey("validation_protocol_eer_skilled_min_none");
        assertThat(Files.readAllBytes(recalibrated.resolve("model.onnx")))
                .isEqualTo(Files.readAllBytes(model.resolve("model.onnx")));
        assertThat(Files.readString(recalibrated.resolve("report.md"))).contains("## Recalibrated");
        assertThat(out.toString()).contains("each scoring rule tried");

        // And evaluate on the validation writers, five draws, reads what calibrate fitted on:
        // the same trials under the same rule, pen views and turned ink included, so the same
        // table (the Brier
        // score, continuous,
        // would differ on any other enrolment draws)
        String calibrateTable = out.toString();
        out.reset();
        int validated =
                TrainerCli.execute(
                        "evaluate",
                        "--model",
                        recalibrated.toString(),
                        "--dataset",
                        data,
                        "--split",
                        "validation",
                        "--draws",
                        "5");
        assertThat(validated).as(err.toString()).isZero();
        // (its protocol table only: the isolated-pairs table after it has an eer_skilled too)
        String evaluateTable = out.toString().split("isolated pairs")[0];
        for (String metric : java.util.List.of("eer_skilled", "frr", "far_skilled", "brier")) {
            assertThat(row(evaluateTable, metric))
                    .as(metric)
                    .isEqualTo(row(calibrateTable, metric));
        }

        // And calibrating in place, at the calibration's own even odds this time, also rewrites the
        // checkpoint's card, which export reads
        Path checkpointCard = model.resolve("checkpoint").resolve(ModelCard.FILE_NAME);
        assertThat(checkpointCard).exists();
        int inPlace =
                TrainerCli.execute(
                        "calibrate",
                        "--model",
                        model.toString(),
                        "--dataset",
                        data,
                        "--calibrate-against",
                        "skilled+random",
                        "--threshold-at",
                        "even-odds");
        assertThat(inPlace).as(err.toString()).isZero();
        assertThat(before.training()).containsEntry("thresholdAt", "equal-error");
        ModelCard atEvenOdds = ModelCard.read(checkpointCard);
        assertThat(atEvenOdds.training())
                .containsEntry("calibratedAgainst", "skilled+random")
                .containsEntry("thresholdAt", "even-odds");
        assertThat(atEvenOdds.calibration().probabilityGenuine(atEvenOdds.thresholds().eer()))
                .isCloseTo(0.5, within(1e-9));
        assertThat(Files.readString(checkpointCard))
                .isEqualTo(Files.readString(model.resolve(ModelCard.FILE_NAME)));

        // And when the model and its export are joined as an ensemble
        Path ensemble = dir.resolve("ensemble");
        int joined =
                TrainerCli.execute(
                        "ensemble",
                        "--member",
                        model.toString(),
                        "--member",
                        copy.toString(),
                        "--dataset",
                        data,
                        "--model-version",
                        "tiny-ensemble",
                        "--out",
                        ensemble.toString());

        // Then its card has both embeddings, records both members and their scales, decides at
        // its own even odds, and evaluate runs it through ONNX Runtime
        assertThat(joined).as(err.toString()).isZero();
        ModelCard pair = ModelCard.read(ensemble.resolve(ModelCard.FILE_NAME));
        assertThat(pair.embeddingSize()).isEqualTo(2 * before.embeddingSize());
        assertThat(pair.architecture()).isEqualTo("ensemble(signet-s,signet-s)");
        assertThat(pair.training()).containsKeys("ensemble", "command", "seed");
        assertThat(pair.training().get("ensemble").toString()).contains("scale=");
        // (both networks split the writers alike: the ensemble's held-out writers are theirs)
        assertThat(pair.training())
                .containsEntry("validationWriters", before.training().get("validationWriters"))
                .containsEntry("testWriters", before.training().get("testWriters"));
        assertThat(pair.calibration().probabilityGenuine(pair.thresholds().eer()))
                .isCloseTo(0.5, within(1e-9));
        assertThat(Files.readString(ensemble.resolve("report.md")))
                .contains("tiny-ensemble")
                .contains("report/protocol-det.png");
        assertThat(ensemble.resolve("report").resolve("protocol-det.png")).isNotEmptyFile();
        out.reset();
        assertThat(
                        TrainerCli.execute(
                                "evaluate", "--model", ensemble.toString(), "--dataset", data))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("tiny-ensemble on").contains("eer_skilled");

        // And when the ensemble's convolutions are quantised to int8
        Path int8 = dir.resolve("int8");
        out.reset();
        int quantized =
                TrainerCli.execute(
                        "quantize",
                        "--model",
                        ensemble.toString(),
                        "--dataset",
                        data,
                        "--model-version",
                        "tiny-int8",
                        "--images",
                        "12",
                        "--out",
                        int8.toString());

        // Then it is a new version with its own rule, its card says how it was made, and
        // evaluate runs it
        assertThat(quantized).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("8 convolutions in int8")
                .contains("int8 model written");
        ModelCard q = ModelCard.read(int8.resolve(ModelCard.FILE_NAME));
        assertThat(q.version()).isEqualTo("tiny-int8");
        assertThat(q.architecture()).isEqualTo(pair.architecture());
        assertThat(q.training().get("quantized").toString())
                .contains("convolutions=8")
                .contains("7 bits")
                .contains("countersign quantize --model");
        assertThat(q.calibration().probabilityGenuine(q.thresholds().eer()))
                .isCloseTo(0.5, within(1e-9));
        assertThat(Files.readString(int8.resolve("report.md"))).contains("tiny-int8");
        out.reset();
        assertThat(TrainerCli.execute("evaluate", "--model", int8.toString(), "--dataset", data))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("tiny-int8 on").contains("eer_skilled");

        // And an int8 model is not quantised again, nor a model written over
        assertRefused(
                "has no float convolution to quantise",
                "quantize",
                "--model",
                int8.toString(),
                "--dataset",
                data,
                "--model-version",
                "again",
                "--out",
                dir.resolve("again").toString());
        assertRefused(
                "--out is --model",
                "quantize",
                "--model",
                ensemble.toString(),
                "--dataset",
                data,
                "--model-version",
                "over",
                "--out",
                ensemble.toString());
    }

    /** {@code calibrate --model --dataset --writers --rule --out}: its exit code. */
    private static int calibrate(
            String model, String dataset, String writers, String rule, String out) {
        return TrainerCli.execute(
                "calibrate",
                "--model",
                model,
                "--dataset",
                dataset,
                "--writers",
                writers,
                "--rule",
                rule,
                "--out",
                out);
    }

    /** Runs a command that must be refused: exit code 2 and {@code message} on stderr. */
    private void assertRefused(String message, String... args) {
        err.reset();
        assertThat(TrainerCli.execute(args)).isEqualTo(2);
        assertThat(err.toString()).contains(message);
    }

    /** The values of a metric's row in the last table of a command's output that has it. */
    private static String row(String output, String metric) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("(?m)^\\s*" + metric + "\\s+(.*)$").matcher(output);
        String last = null;
        while (m.find()) {
            last = m.group(1).strip();
        }
        assertThat(last).as("a %s row in:%n%s", metric, output).isNotNull();
        return last;
    }
}
