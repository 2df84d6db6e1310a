package io.countersign.core.preprocess;

import io.countersign.core.image.GreyImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The outer ring of a round stamp, found by its shape on a page's luminance: a circle inked along
 * most of its visible length. Blue and violet stamps share a pen's colours, so colour alone cannot
 * say a page carries one (see {@link StampRemoval}); a ring can, and the ring's own pixels then say
 * the stamp's colour.
 *
 * <p>Found as OpenCV's gradient Hough transform finds circles: on the page shrunk to at most {@link
 * #SIDE} pixels a side (each pixel the darkest of its block, so a thin ring survives any
 * shrinking), every edge pixel votes for the centres that lie along its gradient at every radius in
 * range; about each of the {@link #PEAKS} most voted centres, a circle inked along at least {@link
 * #COVERAGE} of its visible length, with at least {@link #VISIBLE} of it on the page, is a ring,
 * and the outermost such is the stamp's edge, refined by a least-squares fit. A signature's own
 * loop can pass that; it is then of the pen's colour, and the split by colour refuses it.
 *
 * @param centreX the ring's centre, in the page's pixels
 * @param centreY the ring's centre, in the page's pixels
 * @param radius the outer ring's radius, in the page's pixels
 * @param band how far either side of the radius the ring's own ink may lie, in the page's pixels
 */
record StampRing(double centreX, double centreY, double radius, double band) {

    /** The shrunk page's longer side: the votes' cost grows with its square. */
    static final int SIDE = 160;

    /** The share of a circle's visible length that must be inked for it to be a ring. */
    static final double COVERAGE = 0.75;

    /** The share of a ring that must lie on the page: a stamp clipped by the crop still counts. */
    static final double VISIBLE = 0.2;

    /** The smallest ring, as a share of the page's shorter side. */
    static final double MIN_RADIUS = 0.2;

    /** Ink: at least this many levels below the paper (a stamp at full pad density reads 100+). */
    private static final int INK_CONTRAST = 40;

    /** An edge: a Sobel gradient at least this strong. */
    private static final int EDGE = 160;

    private static final int ANGLES = 180;

    /** The stamp taken out reaches this far beyond its ring's radius, as a share of it. */
    private static final double MARGIN = 1.05;

    /** Centres tried, and how far apart (in the shrunk page's pixels). */
    private static final int PEAKS = 3;

    private static final int PEAK_DISTANCE = 3;

    /** Votes are summed this far about each pixel. */
    private static final int SMOOTH = 2;

    /** How far from a circle, in the shrunk page's pixels, ink counts towards fitting it. */
    private static final double FIT_BAND = 2;

    private static final double[] COS = new double[ANGLES];

    private static final double[] SIN = new double[ANGLES];

    static {
        for (int a = 0; a < ANGLES; a++) {
            COS[a] = Math.cos(2 * Math.PI * a / ANGLES);
            SIN[a] = Math.sin(2 * Math.PI * a / ANGLES);
        }
    }

    /**
     * The rings the page may show, the most inked first: about each of the most voted centres, its
     * outermost ring; none where the page shows no ring. More than one, because a pen's large loop
     * can be a better circle than a stamp clipped by the crop, and only colour tells them apart.
     */
    static List<StampRing> find(GreyImage page) {
        int factor = Math.max(1, (Math.max(page.width(), page.height()) + SIDE - 1) / SIDE);
        int width = (page.width() + factor - 1) / factor;
        int height = (page.height() + factor - 1) / factor;
        int[] small = darkestOfBlocks(page, factor, width, height);
        int paper = PrintRemoval.brightest(toBytes(small));
        boolean[] ink = new boolean[small.length];
        for (int i = 0; i < small.length; i++) {
            ink[i] = small[i] <= paper - INK_CONTRAST;
        }
        // A stamp over a signature is larger than the signature is high, so on a crop tight
        // about the signature most of its ring may lie off the page.
        int minRadius = Math.max(6, (int) Math.round(MIN_RADIUS * Math.min(width, height)));
        int maxRadius = Math.max(width, height);
        int[] votes = centreVotes(small, width, height, minRadius, maxRadius);
        List<int[]> found = new ArrayList<>(); // {inked, cx, cy, outermost radius}
        for (int centre : peaks(votes, width, height)) {
            int cx = centre % width;
            int cy = centre / width;
            int mostInked = 0;
            int outermost = 0;
            for (int r = minRadius; r <= maxRadius; r++) {
                int inked = inked(ink, width, height, cx, cy, r);
                mostInked = Math.max(mostInked, inked);
                outermost = inked > 0 ? r : outermost;
            }
            if (mostInked > 0) {
                found.add(new int[] {mostInked, cx, cy, outermost});
            }
        }
        found.sort((a, b) -> Integer.compare(b[0], a[0]));
        List<StampRing> rings = new ArrayList<>();
        for (int[] ring : found) {
            rings.add(fitted(ink, width, height, ring[1], ring[2], ring[3], factor));
        }
        return rings;
    }

    /**
     * The {@link #PEAKS} most voted centres with votes, each at least {@link #PEAK_DISTANCE} from
     * any more voted one.
     */
    private static List<Integer> peaks(int[] votes, int width, int height) {
        List<Integer> peaks = new ArrayList<>();
        boolean[] taken = new boolean[votes.length];
        for (int k = 0; k < PEAKS; k++) {
            int best = -1;
            for (int i = 0; i < votes.length; i++) {
                if (!taken[i] && votes[i] > 0 && (best < 0 || votes[i] > votes[best])) {
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            peaks.add(best);
            int bx = best % width;
            int by = best / width;
            for (int y = Math.max(0, by - PEAK_DISTANCE);
                    y <= Math.min(height - 1, by + PEAK_DISTANCE);
                    y++) {
                for (int x = Math.max(0, bx - PEAK_DISTANCE);
                        x <= Math.min(width - 1, bx + PEAK_DISTANCE);
                        x++) {
                    taken[y * width + x] = true;
                }
            }
        }
        return peaks;
    }

    /**
     * The circle through the ink near the one found, fitted by least squares (Kasa's algebraic fit:
     * x² + y² + a x + b y + c = 0) twice, each time to the ink within {@link #FIT_BAND} of the last
     * circle, in the page's pixels: the vote's centre is only as exact as its pixel, which on a
     * shrunk page is several of the page's, and the pen's strokes across the ring pull a single
     * fit.
     */
    private static StampRing fitted(
            boolean[] ink, int width, int height, int cx, int cy, int r, int factor) {
        double[] circle = {cx, cy, r};
        for (int pass = 0; pass < 2; pass++) {
            double[] next = fit(ink, width, height, circle);
            if (next == null || Math.hypot(next[0] - cx, next[1] - cy) > 3) {
                break; // a degenerate fit keeps the last circle
            }
            circle = next;
        }
        double offset = (factor - 1) / 2.0;
        return new StampRing(
                circle[0] * factor + offset,
                circle[1] * factor + offset,
                circle[2] * factor,
                1.5 * factor);
    }

    /** The least-squares circle through the ink within {@link #FIT_BAND} of {@code circle}. */
    private static double[] fit(boolean[] ink, int width, int height, double[] circle) {
        double[][] normal = new double[3][3];
        double[] rhs = new double[3];
        int reach = (int) Math.ceil(circle[2] + FIT_BAND);
        int x0 = (int) circle[0];
        int y0 = (int) circle[1];
        for (int y = Math.max(0, y0 - reach); y <= Math.min(height - 1, y0 + reach); y++) {
            for (int x = Math.max(0, x0 - reach); x <= Math.min(width - 1, x0 + reach); x++) {
                if (!ink[y * width + x]
                        || Math.abs(Math.hypot(x - circle[0], y - circle[1]) - circle[2])
                                > FIT_BAND) {
                    continue;
                }
                double[] row = {x, y, 1};
                double z = -(x * (double) x + y * (double) y);
                for (int i = 0; i < 3; i++) {
                    rhs[i] += row[i] * z;
                    for (int j = 0; j < 3; j++) {
                        normal[i][j] += row[i] * row[j];
                    }
                }
            }
        }
        double[] abc = solve(normal, rhs);
        if (abc == null) {
            return null;
        }
        double cx = -abc[0] / 2;
        double cy = -abc[1] / 2;
        double squared = cx * cx + cy * cy - abc[2];
        return squared <= 0 ? null : new double[] {cx, cy, Math.sqrt(squared)};
    }

    /** The 3 by 3 system's solution by Cramer's rule, or null where it is singular. */
    private static double[] solve(double[][] m, double[] v) {
        double det = determinant(m);
        if (Math.abs(det) < 1e-9) {
            return null;
        }
        double[] out = new double[3];
        for (int k = 0; k < 3; k++) {
            double[][] replaced = new double[3][];
            for (int i = 0; i < 3; i++) {
                replaced[i] = m[i].clone();
                replaced[i][k] = v[i];
            }
            out[k] = determinant(replaced) / det;
        }
        return out;
    }

    private static double determinant(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }

    /**
     * How many of the circle's {@link #ANGLES} points are inked, where it is a ring (inked along
     * {@link #COVERAGE} of its visible length, {@link #VISIBLE} of it on the page); 0 where not.
     */
    private static int inked(boolean[] ink, int width, int height, int cx, int cy, int r) {
        int visible = 0;
        int covered = 0;
        for (int a = 0; a < ANGLES; a++) {
            double cos = COS[a];
            double sin = SIN[a];
            int x = (int) Math.round(cx + r * cos);
            int y = (int) Math.round(cy + r * sin);
            if (x < 0 || y < 0 || x >= width || y >= height) {
                continue;
            }
            visible++;
            // Within a pixel of the circle, across it: the centre is a vote's pixel, not exact.
            for (int dr = -1; dr <= 1; dr++) {
                int px = (int) Math.round(cx + (r + dr) * cos);
                int py = (int) Math.round(cy + (r + dr) * sin);
                if (px >= 0 && py >= 0 && px < width && py < height && ink[py * width + px]) {
                    covered++;
                    break;
                }
            }
            if (visible - covered > (1 - COVERAGE) * ANGLES) {
                return 0; // missed along more than any ring may be, however much of it is visible
            }
        }
        return visible >= VISIBLE * ANGLES && covered >= COVERAGE * visible ? covered : 0;
    }

    /**
     * Per pixel of the shrunk page, how many edge pixels point at it from a distance in range,
     * smoothed: a ring's centre gathers its whole length's votes.
     */
    private static int[] centreVotes(
            int[] small, int width, int height, int minRadius, int maxRadius) {
        int[] votes = new int[width * height];
        for (int y = 1; y < height - 1; y++) {
            for (int x = 1; x < width - 1; x++) {
                int i = y * width + x;
                int gx =
                        small[i - width + 1]
                                + 2 * small[i + 1]
                                + small[i + width + 1]
                                - small[i - width - 1]
                                - 2 * small[i - 1]
                                - small[i + width - 1];
                int gy =
                        small[i + width - 1]
                                + 2 * small[i + width]
                                + small[i + width + 1]
                                - small[i - width - 1]
                                - 2 * small[i - width]
                                - small[i - width + 1];
                double magnitude = Math.hypot(gx, gy);
                if (magnitude < EDGE) {
                    continue;
                }
                // Along the gradient both ways, in 16.16 fixed point: the ring's outer edge
                // points away from its centre, the inner edge towards it.
                int stepX = (int) Math.round(gx / magnitude * 65536);
                int stepY = (int) Math.round(gy / magnitude * 65536);
                for (int sign = -1; sign <= 1; sign += 2) {
                    int fx = (x << 16) + 32768 + sign * minRadius * stepX;
                    int fy = (y << 16) + 32768 + sign * minRadius * stepY;
                    for (int r = minRadius; r <= maxRadius; r++) {
                        int vx = fx >> 16;
                        int vy = fy >> 16;
                        if (vx < 0 || vy < 0 || vx >= width || vy >= height) {
                            break;
                        }
                        votes[vy * width + vx]++;
                        fx += sign * stepX;
                        fy += sign * stepY;
                    }
                }
            }
        }
        // Summed over 5 by 5 (across, then down): a large ring's votes land a few pixels apart.
        int[] across = new int[votes.length];
        for (int y = 0; y < height; y++) {
            for (int x = SMOOTH; x < width - SMOOTH; x++) {
                int sum = 0;
                for (int d = -SMOOTH; d <= SMOOTH; d++) {
                    sum += votes[y * width + x + d];
                }
                across[y * width + x] = sum;
            }
        }
        int[] smoothed = new int[votes.length];
        for (int y = SMOOTH; y < height - SMOOTH; y++) {
            for (int x = 0; x < width; x++) {
                int sum = 0;
                for (int d = -SMOOTH; d <= SMOOTH; d++) {
                    sum += across[(y + d) * width + x];
                }
                smoothed[y * width + x] = sum;
            }
        }
        return smoothed;
    }

    private static int[] darkestOfBlocks(GreyImage page, int factor, int width, int height) {
        int[] small = new int[width * height];
        Arrays.fill(small, 255);
        byte[] pixels = page.pixels();
        int pageWidth = page.width();
        for (int y = 0; y < page.height(); y++) {
            int row = (y / factor) * width;
            int p = y * pageWidth;
            for (int block = 0, x = 0; block < width; block++) {
                int darkest = small[row + block];
                for (int end = Math.min(pageWidth, x + factor); x < end; x++) {
                    darkest = Math.min(darkest, pixels[p + x] & 0xff);
                }
                small[row + block] = darkest;
            }
        }
        return small;
    }

    private static byte[] toBytes(int[] levels) {
        byte[] bytes = new byte[levels.length];
        for (int i = 0; i < levels.length; i++) {
            bytes[i] = (byte) levels[i];
        }
        return bytes;
    }

    /**
     * Whether the page's pixel (x, y) lies on the ring itself (its stroke), where only the stamp's
     * ink is.
     */
    boolean onRing(int x, int y) {
        double squared = squaredDistance(x, y);
        double inner = Math.max(0, radius - band);
        return squared >= inner * inner && squared <= (radius + band) * (radius + band);
    }

    /**
     * Whether the page's pixel (x, y) lies inside the stamp, its ring included, with a margin: a
     * stamp is seldom a perfect circle, and any of it left outside would read as the pen's.
     */
    boolean covers(int x, int y) {
        double reach = MARGIN * radius + 2 * band;
        return squaredDistance(x, y) <= reach * reach;
    }

    private double squaredDistance(int x, int y) {
        double dx = x - centreX;
        double dy = y - centreY;
        return dx * dx + dy * dy;
    }
}
