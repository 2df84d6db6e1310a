package io.countersign.datasets.synthetic;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws one sample of a prototype as a scan: the rendition's distortions applied to the knots, a
 * dense pen path with pressure and taper, anti-aliased ink on paper-like backgrounds.
 */
final class SignatureRenderer {

    private static final double STEP = 0.03;

    private SignatureRenderer() {}

    static BufferedImage render(Prototype prototype, Rendition rendition, SplittableRandom r) {
        List<InkPath> paths = new ArrayList<>();
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        for (Curve stroke : prototype.strokes()) {
            minX = Math.min(minX, stroke.minX());
            maxX = Math.max(maxX, stroke.maxX());
        }
        double length = Math.max(1, maxX - minX);
        double warpPhase = r.nextDouble() * 2 * Math.PI;
        for (Curve stroke : prototype.strokes()) {
            Curve distorted = distort(stroke, rendition, length, warpPhase, r);
            double[][] dense = CatmullRom.sample(distorted, STEP);
            paths.addAll(pen(dense, prototype.style(), rendition, r));
        }
        return draw(paths, prototype.style(), rendition, r);
    }

    /** Smooth knot jitter, slow proportion warps, then slant, tilt, rotation and scale. */
    private static Curve distort(
            Curve c, Rendition rd, double length, double phase, SplittableRandom r) {
        int n = c.size();
        double[] dx = new double[n];
        double[] dy = new double[n];
        for (int i = 0; i < n; i++) {
            dx[i] = r.nextGaussian() * rd.jitter();
            dy[i] = r.nextGaussian() * rd.jitter();
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            // 1-2-1 smoothing: neighbouring knots move together, as a hand does.
            double sx = (dx[Math.max(0, i - 1)] + 2 * dx[i] + dx[Math.min(n - 1, i + 1)]) / 4;
            double sy = (dy[Math.max(0, i - 1)] + 2 * dy[i] + dy[Math.min(n - 1, i + 1)]) / 4;
            double u = (c.x()[i]) / length * 2 * Math.PI;
            double px = c.x()[i] + sx + rd.warp() * Math.sin(u * 0.8 + phase);
            double py = (c.y()[i] + sy) * (1 + rd.heightWarp() * Math.sin(u * 1.3 + phase * 2));
            x[i] = px;
            y[i] = py;
        }
        return new Curve(x, y);
    }

    /** The pen's path: tremor across the stroke, hesitations, width from pressure and taper. */
    private static List<InkPath> pen(
            double[][] dense, WriterStyle style, Rendition rd, SplittableRandom r) {
        double[] xs = dense[0];
        double[] ys = dense[1];
        int n = xs.length;
        double slant = style.slant() + rd.slant();
        double angle = style.tilt() + rd.rotation();
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double[] x = new double[n];
        double[] y = new double[n];
        double[] w = new double[n];
        double wobble = 0;
        double pressure = 0;
        for (int i = 0; i < n; i++) {
            wobble = 0.6 * wobble + r.nextGaussian() * rd.tremor();
            pressure = 0.95 * pressure + 0.05 * r.nextGaussian();
            double tx = i + 1 < n ? xs[i + 1] - xs[i] : (i > 0 ? xs[i] - xs[i - 1] : 1);
            double ty = i + 1 < n ? ys[i + 1] - ys[i] : (i > 0 ? ys[i] - ys[i - 1] : 0);
            double norm = Math.max(1e-9, Math.hypot(tx, ty));
            double px = xs[i] - ty / norm * wobble;
            double py = ys[i] + tx / norm * wobble;
            px = (px + slant * py) * rd.xScale();
            x[i] = (px * cos - py * sin) * rd.scale();
            y[i] = (px * sin + py * cos) * rd.scale();
            double t = n == 1 ? 0.5 : (double) i / (n - 1);
            double taper = Math.min(1, rd.taper() + (1 - rd.taper()) * Math.sin(Math.PI * t) * 1.6);
            w[i] =
                    style.penWidth()
                            * rd.pressure()
                            * taper
                            * Math.max(0.3, 1 + rd.pressureNoise() * pressure * 4);
        }
        List<InkPath> pieces = new ArrayList<>();
        int from = 0;
        for (int h = 0; h < rd.hesitations() && n > 20; h++) {
            int at = from + 5 + r.nextInt(Math.max(1, n - from - 10));
            if (at >= n - 2) {
                break;
            }
            pieces.add(slice(x, y, w, from, at + 1));
            w[at + 1] *= 1.8; // the blot where the pen rests and restarts
            from = at + 1;
        }
        pieces.add(slice(x, y, w, from, n));
        return pieces;
    }

    private static InkPath slice(double[] x, double[] y, double[] w, int from, int to) {
        return new InkPath(
                java.util.Arrays.copyOfRange(x, from, to),
                java.util.Arrays.copyOfRange(y, from, to),
                java.util.Arrays.copyOfRange(w, from, to));
    }

    private static BufferedImage draw(
            List<InkPath> paths, WriterStyle style, Rendition rd, SplittableRandom r) {
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (InkPath p : paths) {
            for (int i = 0; i < p.size(); i++) {
                minX = Math.min(minX, p.x()[i]);
                maxX = Math.max(maxX, p.x()[i]);
                minY = Math.min(minY, p.y()[i]);
                maxY = Math.max(maxY, p.y()[i]);
            }
        }
        double spanX = Math.max(0.5, maxX - minX);
        double spanY = Math.max(0.5, maxY - minY);
        double targetWidth = Seeds.uniform(r, 280, 820);
        double unit = Math.min(targetWidth / spanX, 500 / spanY);
        int margin = 12 + r.nextInt(50);
        int width = (int) Math.ceil(spanX * unit) + 2 * margin;
        int height = (int) Math.ceil(spanY * unit) + 2 * margin;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        paper(g, width, height, r);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(style.ink());
        for (InkPath p : paths) {
            for (int i = 0; i < p.size(); i++) {
                int j = Math.min(p.size() - 1, i + 1);
                double x0 = margin + (p.x()[i] - minX) * unit;
                double y0 = margin + (maxY - p.y()[i]) * unit;
                double x1 = margin + (p.x()[j] - minX) * unit;
                double y1 = margin + (maxY - p.y()[j]) * unit;
                float stroke = (float) Math.max(0.8, p.width()[i] * unit);
                g.setStroke(new BasicStroke(stroke, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(new Line2D.Double(x0, y0, x1, y1));
            }
        }
        g.dispose();
        if (r.nextDouble() < 0.35) {
            scanNoise(image, Seeds.uniform(r, 2, 7), r);
        }
        return image;
    }

    /** Off-white, grey or tinted paper with uneven light and sometimes a printed line. */
    private static void paper(Graphics2D g, int width, int height, SplittableRandom r) {
        int base = (int) Seeds.uniform(r, 215, 252);
        int tint = r.nextInt(3);
        Color paper =
                new Color(
                        Math.min(255, base + (tint == 0 ? 4 : 0)),
                        Math.min(255, base + (tint == 1 ? 3 : 0)),
                        Math.max(0, base - (tint == 2 ? 0 : (int) Seeds.uniform(r, 0, 14))));
        Color shade = paper.darker();
        Color lighter = new Color((paper.getRGB() & 0xffffff) | 0x10000000 | 0xff000000);
        float shift = (float) Seeds.uniform(r, 0.0, 0.12);
        g.setPaint(new GradientPaint(0, 0, lighter, width, height, blend(paper, shade, shift)));
        g.fillRect(0, 0, width, height);
        if (r.nextDouble() < 0.25) {
            g.setColor(new Color(150, 170, 210));
            int y = (int) (height * Seeds.uniform(r, 0.7, 0.9));
            g.drawLine(0, y, width, y);
        }
    }

    private static Color blend(Color a, Color b, float t) {
        return new Color(
                Math.round(a.getRed() * (1 - t) + b.getRed() * t),
                Math.round(a.getGreen() * (1 - t) + b.getGreen() * t),
                Math.round(a.getBlue() * (1 - t) + b.getBlue() * t));
    }

    private static void scanNoise(BufferedImage image, double sigma, SplittableRandom r) {
        byte[] data = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < data.length; i++) {
            int v = (data[i] & 0xff) + (int) Math.round(r.nextGaussian() * sigma);
            data[i] = (byte) Math.max(0, Math.min(255, v));
        }
    }
}
