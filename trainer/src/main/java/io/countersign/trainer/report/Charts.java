package io.countersign.trainer.report;

import io.countersign.trainer.evaluation.DistanceSet;
import io.countersign.trainer.evaluation.ErrorRates;
import io.countersign.trainer.training.EpochStats;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.Arrays;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.statistics.HistogramType;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The training report's plots, written as PNG with JFreeChart (headless). */
public final class Charts {

    private static final int WIDTH = 720;
    private static final int HEIGHT = 480;
    private static final double DET_FLOOR = 1e-3;

    private Charts() {}

    /** Training and validation loss per epoch. */
    public static void losses(List<EpochStats> history, Path file) throws IOException {
        XYSeries train = new XYSeries("train (contrastive/triplet, augmented)");
        XYSeries validation = new XYSeries("validation (contrastive)");
        for (EpochStats s : history) {
            train.add(s.epoch(), s.trainLoss());
            validation.add(s.epoch(), s.validationLoss());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(train);
        data.addSeries(validation);
        JFreeChart chart =
                ChartFactory.createXYLineChart(
                        "Loss per epoch",
                        "epoch",
                        "loss",
                        data,
                        PlotOrientation.VERTICAL,
                        true,
                        false,
                        false);
        XYPlot plot = (XYPlot) chart.getPlot();
        plot.setRenderer(new XYLineAndShapeRenderer(true, true));
        ((NumberAxis) plot.getDomainAxis())
                .setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        save(chart, file);
    }

    /** ROC curves (true acceptance vs false acceptance) for skilled and random forgeries. */
    public static void roc(DistanceSet test, String title, Path file) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        addCurve(data, "skilled forgeries", test.genuine(), test.skilled(), false);
        addCurve(data, "random forgeries", test.genuine(), test.random(), false);
        JFreeChart chart =
                ChartFactory.createXYLineChart(
                        "ROC (" + title + ")",
                        "false acceptance rate",
                        "genuine acceptance rate (1 - FRR)",
                        data,
                        PlotOrientation.VERTICAL,
                        true,
                        false,
                        false);
        save(chart, file);
    }

    /** DET curves: FRR against FAR on logarithmic axes. */
    public static void det(DistanceSet test, String title, Path file) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        addCurve(data, "skilled forgeries", test.genuine(), test.skilled(), true);
        addCurve(data, "random forgeries", test.genuine(), test.random(), true);
        JFreeChart chart =
                ChartFactory.createXYLineChart(
                        "DET (" + title + "; rates below 0.1% drawn at 0.1%)",
                        "false acceptance rate",
                        "false rejection rate",
                        data,
                        PlotOrientation.VERTICAL,
                        true,
                        false,
                        false);
        XYPlot plot = (XYPlot) chart.getPlot();
        LogAxis far = logAxis("false acceptance rate");
        LogAxis frr = logAxis("false rejection rate");
        plot.setDomainAxis(far);
        plot.setRangeAxis(frr);
        save(chart, file);
    }

    private static LogAxis logAxis(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setRange(DET_FLOOR, 1);
        // One tick per decade, labelled as plain rates (0.001, 0.01, 0.1, 1).
        axis.setTickUnit(new NumberTickUnit(1));
        axis.setNumberFormatOverride(new DecimalFormat("0.###"));
        return axis;
    }

    /**
     * Histograms of the distances of genuine, skilled-forgery and random-forgery trials, with the
     * threshold marked unless it is NaN.
     */
    public static void histogram(
            DistanceSet test, String title, String axis, double threshold, Path file)
            throws IOException {
        HistogramDataset data = new HistogramDataset();
        data.setType(HistogramType.RELATIVE_FREQUENCY);
        double max =
                Arrays.stream(new double[][] {test.genuine(), test.skilled(), test.random()})
                        .flatMapToDouble(Arrays::stream)
                        .max()
                        .orElse(1);
        add(data, "genuine", test.genuine(), max);
        add(data, "skilled forgeries", test.skilled(), max);
        add(data, "random forgeries", test.random(), max);
        JFreeChart chart =
                ChartFactory.createHistogram(
                        Double.isNaN(threshold)
                                ? title
                                : String.format(
                                        java.util.Locale.ROOT,
                                        "%s (threshold %.3f)",
                                        title,
                                        threshold),
                        axis,
                        "share of trials",
                        data,
                        PlotOrientation.VERTICAL,
                        true,
                        false,
                        false);
        XYPlot plot = (XYPlot) chart.getPlot();
        plot.setForegroundAlpha(0.55f);
        ((XYBarRenderer) plot.getRenderer()).setShadowVisible(false);
        if (!Double.isNaN(threshold)) {
            plot.addDomainMarker(
                    new org.jfree.chart.plot.ValueMarker(
                            threshold, Color.BLACK, new java.awt.BasicStroke(2f)));
        }
        save(chart, file);
    }

    private static void add(HistogramDataset data, String name, double[] values, double max) {
        if (values.length > 0) {
            data.addSeries(name, values, 40, 0, max);
        }
    }

    private static void addCurve(
            XYSeriesCollection data, String name, double[] genuine, double[] forged, boolean det) {
        if (forged.length == 0 || genuine.length == 0) {
            return;
        }
        XYSeries series = new XYSeries(name, false, true);
        for (ErrorRates.Point p : ErrorRates.curve(genuine, forged)) {
            if (det) {
                series.add(Math.max(DET_FLOOR, p.far()), Math.max(DET_FLOOR, p.frr()));
            } else {
                series.add(p.far(), 1 - p.frr());
            }
        }
        data.addSeries(series);
    }

    private static void save(JFreeChart chart, Path file) throws IOException {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        if (chart.getPlot() instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(Color.LIGHT_GRAY);
            xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }
}
