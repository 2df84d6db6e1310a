package io.countersign.core.preprocess;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Finds the printed rules a signature is written on (the line of a cheque or a form, the frame of a
 * signature box) and erases them from a darkness map, keeping the strokes that cross them. Left in,
 * a rule is ink to the ink separation: it stretches the ink's bounding box across the image and
 * squeezes the signature into a strip of the model's canvas (validation writers, a line under every
 * questioned signature and none under the references: 97 % of genuine signatures rejected;
 * docs/benchmarks.md, "Printed lines").
 *
 * <p>A rule lies within {@link #MAX_SLOPE} of level (about 20 degrees: a page scanned askew; the
 * service turns what is left to the ink's axis, {@link PrincipalAxis}), ink covers at least {@link
 * #MIN_COVER} of the image's width along one straight digital line of it, it is thin ({@link
 * #MAX_THICKNESS}), and it is straight to the pixel: the centres of its ink, where no stroke
 * crosses, stray from their fitted line by at most {@link #MAX_WOBBLE} pixels (root mean square;
 * {@link #MAX_STEEP_WOBBLE} beyond 2 degrees, where a pen's long straight stroke is likelier).
 * Handwriting can be that long (a flourish across a tightly cropped signature, the headline of a
 * Devanagari word) but not that straight: such strokes in the corpora stray 1-3 pixels, the printed
 * rules 0.3-0.4 (docs/benchmarks.md). A dashed or dotted rule (within 2 degrees of level) covers
 * less, down to {@link #DASHED_COVER}, and is taken only where its ink is evenly dashed ({@link
 * #evenlyDashed}): a pen does not lift that regularly.
 *
 * <p>Vertical rules are erased only as the sides of a printed frame (a form's signature box), never
 * alone: a straight down-stroke as tall as a short image is as straight as a printed line over so
 * few pixels, but no signature draws a rectangle. A frame is found in the ink's bounding box, where
 * it would be the outermost ink: a rule down each side of that box and one along its top or bottom,
 * each reaching the box's edge, thin and straight as above, searched by the same Hough accumulator
 * on a copy of the box, transposed for the sides. Within {@link #LEVEL_SLOPE} of square each covers
 * {@link #MIN_COVER} of the box; on a page askew (to about 20 degrees, where the sparse search
 * finds a steep top or bottom in the box) the sides, leaning the other way in the transposed copy,
 * need only cover {@link #ASKEW_SIDE_COVER}. Such a frame need not span the image, as a line to
 * write on does.
 */
final class PrintedRules {

    /**
     * Share of the image's width (of a frame's box, for a frame) that ink must cover along one
     * straight digital line.
     */
    static final double MIN_COVER = 0.75;

    /** The steepest rule looked for: about 20 degrees of skew. */
    static final double MAX_SLOPE = 0.364;

    /**
     * Slopes up to this (about 2 degrees) are searched at full resolution on every image; steeper
     * ones only where a sparser search ({@link #SPARSE_COLUMN_STEP}) finds enough ink along them.
     */
    static final double LEVEL_SLOPE = 0.035;

    /** Slope steps searched in full on each side of a sparse search's candidate. */
    private static final int WINDOW = 2;

    /** The sparse search counts every this many columns. */
    private static final int SPARSE_COLUMN_STEP = 16;

    /**
     * The share of the sparse search's columns a steeper candidate must reach: below {@link
     * #MIN_COVER}, as it samples fewer columns and must not miss what the fine search would find.
     */
    private static final double SPARSE_COVER = 0.6;

    /** How far a rule's centre may stray from a straight line, root mean square, in pixels. */
    static final double MAX_WOBBLE = 0.7;

    /**
     * The same, for a rule steeper than {@link #LEVEL_SLOPE}: a printed rule on a page scanned 8 to
     * 12 degrees askew strays 0.30-0.37 pixels (BHSig260 forms, turned), one Dutch writer's long,
     * nearly straight stroke at 2.4 degrees 0.69; a level pen stroke that straight is rarer.
     */
    static final double MAX_STEEP_WOBBLE = 0.5;

    /**
     * The thickest rule, as a share of the image's height (at least {@link #MIN_THICK_LIMIT}
     * pixels): printed rules are thin (2-3 pixels in BHSig260's 300 dpi forms); a long, straight,
     * thick block is a bar, not a line to write on.
     */
    static final double MAX_THICKNESS = 0.04;

    /** The thickest rule in a short image, in pixels. */
    static final int MIN_THICK_LIMIT = 6;

    private static final double SLOPE_STEP = 0.0025;

    private static final int COLUMN_STEP = 4;

    /**
     * Share of the width a dashed or dotted rule's ink must cover along one straight digital line:
     * a dotted rule prints about as much as it leaves out.
     */
    static final double DASHED_COVER = 0.3;

    /** The fewest dashes (or dots) a dashed rule has. */
    static final int MIN_DASHES = 8;

    /** How far a dash's or gap's length may lie from their median, as a factor either way. */
    static final double DASH_SPREAD = 1.6;

    /** Share of the ink trimmed from each side of the box a frame is looked for in (a speck's). */
    private static final double FRAME_TRIM = 0.002;

    /** The ink's box is counted on every this many rows and columns. */
    private static final int BOX_SAMPLING = 2;

    /** Pixels of paper the box a frame is looked for in keeps around the ink. */
    private static final int FRAME_MARGIN = 3;

    /**
     * How far inside the ink's box a frame's rule may begin, in pixels: the box is counted on every
     * other row and widened by one and by {@link #FRAME_MARGIN}, and a speck's worth of ink is
     * trimmed from it.
     */
    private static final int EDGE_SLACK = 4 + FRAME_MARGIN;

    /**
     * The share of the ink's box a side of a frame on a page askew must cover: a frame 2.3 times as
     * wide as high turned 10 degrees covers 71 % of its box's height with each side, 55 % at 20
     * degrees; one 5 times as wide 35 % at 20 degrees.
     */
    static final double ASKEW_SIDE_COVER = 0.35;

    /** The smallest box a frame is looked for in, in pixels each way. */
    private static final int MIN_FRAME = 24;

    private final byte[] darkness;
    private final int width;
    private final int height;
    private final int threshold;

    /**
     * {@link #inkRows} by column step, and the transposed map {@link #frame} reads the sides in,
     * kept until the next erasure changes the map: the frame search asks for them once per slope
     * window, and on a page with ink along every line (paper grain, a deep tint) that is every
     * window, which cost seconds a page when each was read afresh.
     */
    private final Map<Integer, int[][]> inkRowsByStep = new HashMap<>();

    private PrintedRules transposed;

    private PrintedRules(byte[] darkness, int width, int height, int threshold) {
        this.darkness = darkness;
        this.width = width;
        this.height = height;
        this.threshold = threshold;
    }

    /**
     * Erases the rules from {@code darkness} (row-major, {@code width * height}) in place: their
     * pixels become paper, except where a stroke crosses.
     *
     * @param threshold darkness at or below which a pixel is paper
     * @return whether any rule was found
     */
    static boolean erase(byte[] darkness, int width, int height, int threshold) {
        PrintedRules rules = new PrintedRules(darkness, width, height, threshold);
        boolean framed = rules.eraseFrame();
        boolean ruled = rules.eraseRules();
        if (ruled && !framed) {
            // A rule across the page outside a field's frame hid the frame from the first look:
            // the ink's bounding box was the rule's.
            framed = rules.eraseFrame();
        }
        return framed || ruled;
    }

    /** The rules across the image, level ones first, then the steeper ones. */
    private boolean eraseRules() {
        int level = (int) Math.round(LEVEL_SLOPE / SLOPE_STEP);
        Accumulator levels = accumulate(-level, level);
        boolean found = forEachStraightRule(levels, MIN_COVER, band -> true, this::eraseBand);
        // Steeper rules, only around slopes where a sparser search sees enough ink along a line
        // (few images have any): the full search over all of them would cost ten times as much.
        int steepest = (int) Math.round(MAX_SLOPE / SLOPE_STEP);
        List<Integer> searched = new ArrayList<>();
        for (int c : steeperCandidates()) {
            // A candidate inside a window already searched is a neighbour of its slope.
            if (searched.stream().anyMatch(done -> Math.abs(done - c) <= WINDOW)) {
                continue;
            }
            searched.add(c);
            int from = Math.max(level + 1, Math.abs(c) - WINDOW);
            int to = Math.min(steepest, Math.abs(c) + WINDOW);
            found |= c > 0 ? eraseStraightRules(from, to) : eraseStraightRules(-to, -from);
        }
        // Dashed and dotted rules last, on what the solid ones left: a rule of even dashes, too
        // little ink to count as a line, but no pen lifts that regularly.
        // The level accumulator serves again where nothing was erased (nearly every image).
        Accumulator left = found ? accumulate(-level, level) : levels;
        found |= forEachStraightRule(left, DASHED_COVER, this::evenlyDashed, this::eraseBand);
        return found;
    }

    /**
     * Whether the band's ink is a printed dashed or dotted rule: along it, at least {@link
     * #MIN_DASHES} dashes from one end of {@link #MIN_COVER} of the width to the other, most of
     * them (all but one in four: a stroke crossing a gap joins two) as long as their median within
     * a factor of {@link #DASH_SPREAD}, and most gaps likewise.
     */
    private boolean evenlyDashed(Band band) {
        List<Integer> dashes = new ArrayList<>();
        List<Integer> gaps = new ArrayList<>();
        int start = -1;
        int firstInk = -1;
        int lastInk = -1;
        int gapStart = -1;
        for (int x = 0; x <= width; x++) {
            boolean inked = x < width && inkAcross(band, x);
            if (inked && start < 0) {
                start = x;
                if (gapStart >= 0) {
                    gaps.add(x - gapStart);
                }
                firstInk = firstInk < 0 ? x : firstInk;
            } else if (!inked && start >= 0) {
                dashes.add(x - start);
                lastInk = x - 1;
                gapStart = x;
                start = -1;
            }
        }
        return dashes.size() >= MIN_DASHES
                && lastInk - firstInk + 1 >= MIN_COVER * width
                && mostlyEven(dashes)
                && mostlyEven(gaps);
    }

    /** Whether three in four of the lengths lie within {@link #DASH_SPREAD} of their median. */
    private static boolean mostlyEven(List<Integer> lengths) {
        if (lengths.isEmpty()) {
            return false;
        }
        List<Integer> sorted = new ArrayList<>(lengths);
        sorted.sort(null);
        double median = sorted.get(sorted.size() / 2);
        long even =
                lengths.stream()
                        .filter(l -> l >= median / DASH_SPREAD && l <= median * DASH_SPREAD)
                        .count();
        return even >= 0.75 * lengths.size();
    }

    /** Whether any pixel of the band's column {@code x} is ink. */
    private boolean inkAcross(Band band, int x) {
        for (int y = Math.max(0, band.top(x)); y <= Math.min(height - 1, band.bottom(x)); y++) {
            if (ink(x, y)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Slope steps beyond {@link #LEVEL_SLOPE} along which the ink could hold a rule: the same Hough
     * accumulator over every {@link #SPARSE_COLUMN_STEP}-th column only, one slope at a time, a
     * line taken where it covers {@link #SPARSE_COVER} of those columns (fewer columns sampled, so
     * a lower bar, not to miss what the full search would find).
     */
    private List<Integer> steeperCandidates() {
        int level = (int) Math.round(LEVEL_SLOPE / SLOPE_STEP);
        int steepest = (int) Math.round(MAX_SLOPE / SLOPE_STEP);
        int counted = (width + SPARSE_COLUMN_STEP - 1) / SPARSE_COLUMN_STEP;
        int reach = (int) Math.ceil(steepest * SLOPE_STEP * width) + 1;
        int needed = (int) Math.ceil(SPARSE_COVER * counted);
        int[][] inkRows = inkRows(SPARSE_COLUMN_STEP);
        int inkColumns = 0;
        for (int[] rows : inkRows) {
            inkColumns += rows.length > 0 ? 1 : 0;
        }
        List<Integer> candidates = new ArrayList<>();
        if (inkColumns < needed) {
            return candidates;
        }
        int[] cover = new int[height + 2 * reach];
        Map<Integer, Integer> best = new HashMap<>();
        for (int k = level + 1; k <= steepest; k++) {
            for (int s = -k; s <= k; s += 2 * k) {
                Arrays.fill(cover, 0);
                int most = 0;
                for (int col = 0; col < counted; col++) {
                    int rise = rise(s, col * SPARSE_COLUMN_STEP);
                    for (int y : inkRows[col]) {
                        most = Math.max(most, ++cover[y - rise + reach]);
                    }
                }
                if (most >= needed) {
                    candidates.add(s);
                    best.put(s, most);
                }
            }
        }
        if (candidates.size() > steepest - level) {
            // Ink along more than half of all the steeper slopes is a texture (paper grain, a
            // page of noise), not a rule: a rule stands out along its own slope and its
            // neighbours', and searching every window here cost a page more than a hundred
            // signed ones.
            return List.of();
        }
        // The best-covered slope first: a window around a slope near the rule's would erase it
        // only where the two run together, and leave its ends.
        candidates.sort(Comparator.comparingInt((Integer s) -> -best.get(s)));
        return candidates;
    }

    /**
     * A Hough accumulator over the slope steps {@code low} to {@code high}, one count of ink per
     * straight digital line: a line covered enough, with its neighbours as covered (the rule's
     * thickness), is a candidate, and a straight one is erased.
     */
    private boolean eraseStraightRules(int low, int high) {
        return forEachStraightRule(accumulate(low, high), MIN_COVER, band -> true, this::eraseBand);
    }

    /**
     * A Hough accumulator over the slope steps {@code low} to {@code high}: for each slope and each
     * offset (the row a line starts in, {@code reach} rows of slack above and below), the columns
     * whose pixel on that straight digital line is ink.
     */
    private record Accumulator(int low, int high, int reach, int counted, int[][] cover) {}

    private Accumulator accumulate(int low, int high) {
        int steepest = Math.max(Math.abs(low), Math.abs(high));
        int reach = (int) Math.ceil(steepest * SLOPE_STEP * width) + 1;
        int offsets = height + 2 * reach;
        int count = high - low + 1;
        // Every COLUMN_STEP-th column is counted: a rule covers them as it covers all, and the
        // search costs a quarter (the straightness is then measured on every column).
        int counted = (width + COLUMN_STEP - 1) / COLUMN_STEP;
        int[][] inkRows = inkRows(COLUMN_STEP);
        int[][] cover = new int[count][offsets];
        // Slope by slope, so that each slope's counts stay in the cache while every ink pixel is
        // added to them.
        for (int i = 0; i < count; i++) {
            int[] line = cover[i];
            for (int c = 0; c < counted; c++) {
                int shift = reach - rise(low + i, c * COLUMN_STEP);
                for (int y : inkRows[c]) {
                    line[y + shift]++;
                }
            }
        }
        return new Accumulator(low, high, reach, counted, cover);
    }

    /**
     * The rows where each counted column (every {@code step}-th) has ink, in order: read row by row
     * once, then counted along as many slopes as the search tries.
     */
    private int[][] inkRows(int step) {
        return inkRowsByStep.computeIfAbsent(step, this::readInkRows);
    }

    private int[][] readInkRows(int step) {
        int counted = (width + step - 1) / step;
        int[] perColumn = new int[counted];
        for (int y = 0; y < height; y++) {
            for (int c = 0; c < counted; c++) {
                if (ink(c * step, y)) {
                    perColumn[c]++;
                }
            }
        }
        int[][] rows = new int[counted][];
        for (int c = 0; c < counted; c++) {
            rows[c] = new int[perColumn[c]];
        }
        int[] filled = new int[counted];
        for (int y = 0; y < height; y++) {
            for (int c = 0; c < counted; c++) {
                if (ink(c * step, y)) {
                    rows[c][filled[c]++] = y;
                }
            }
        }
        return rows;
    }

    /**
     * The accumulator's straight rules, lines covering {@code minCover} of the columns that {@code
     * accept} takes too, each handed to {@code action} as soon as it is found (erasing one before
     * the next is looked at, as the search has always gone).
     */
    private boolean forEachStraightRule(
            Accumulator accumulator,
            double minCover,
            Predicate<Band> accept,
            Consumer<Band> action) {
        int low = accumulator.low();
        int steepest = Math.max(Math.abs(low), Math.abs(accumulator.high()));
        int reach = accumulator.reach();
        int counted = accumulator.counted();
        int[][] cover = accumulator.cover();
        int count = cover.length;
        int offsets = cover[0].length;
        int needed = (int) Math.ceil(minCover * counted);
        int maxThickness = Math.max(MIN_THICK_LIMIT, (int) Math.round(MAX_THICKNESS * height));
        double straightness =
                steepest * SLOPE_STEP > LEVEL_SLOPE + 1e-9 ? MAX_STEEP_WOBBLE : MAX_WOBBLE;
        boolean[] taken = new boolean[offsets];
        boolean found = false;
        // Flattest first: of slopes that cover a rule equally, the flatter one is its own.
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> flatness(low + a) - flatness(low + b));
        for (int s : order) {
            for (int b = 0; b < offsets; b++) {
                if (cover[s][b] < needed || taken[b] || !bestSlope(cover, s, b)) {
                    continue;
                }
                int first = b;
                int last = b;
                while (first > 0 && cover[s][first - 1] >= needed) {
                    first--;
                }
                while (last < offsets - 1 && cover[s][last + 1] >= needed) {
                    last++;
                }
                for (int t = first; t <= last; t++) {
                    taken[t] = true;
                }
                Band band = new Band(low + s, first - reach, last - reach);
                if (last - first + 1 <= maxThickness
                        && accept.test(band)
                        && wobble(band) <= straightness) {
                    action.accept(band);
                    found = true;
                }
            }
        }
        return found;
    }

    /**
     * Erases a printed frame around the ink, if there is one: see the class comment. The search
     * runs on copies of the ink's bounding box, and only a whole frame (both sides and a top or a
     * bottom) is written back; a quick count of the ink along the box's edges first spares the
     * copies on most images that have no frame (all but about one in a hundred of the corpora's).
     */
    private boolean eraseFrame() {
        Box box = inkBox();
        if (box == null) {
            return false;
        }
        int boxWidth = box.right() - box.left() + 1;
        int boxHeight = box.bottom() - box.top() + 1;
        int tolerance = frameTolerance(boxWidth, boxHeight);
        boolean square =
                sideCovered(box, box.left(), box.left() + tolerance)
                        && sideCovered(box, box.right() - tolerance, box.right())
                        && (endCovered(box, box.top(), box.top() + tolerance)
                                || endCovered(box, box.bottom() - tolerance, box.bottom()));
        byte[] window = new byte[boxWidth * boxHeight];
        for (int y = 0; y < boxHeight; y++) {
            System.arraycopy(
                    darkness, (box.top() + y) * width + box.left(), window, y * boxWidth, boxWidth);
        }
        PrintedRules across = new PrintedRules(window, boxWidth, boxHeight, threshold);
        int level = (int) Math.round(LEVEL_SLOPE / SLOPE_STEP);
        Frame frame = square ? across.frame(-level, level, MIN_COVER) : null;
        // A frame on a page scanned askew: its top and bottom are long lines at a steeper slope
        // in the box, found by the sparse search as rules across a page are; its sides, leaning
        // as much, cover less of the box's height (about half at 20 degrees).
        if (frame == null) {
            int steepest = (int) Math.round(MAX_SLOPE / SLOPE_STEP);
            List<Integer> searched = new ArrayList<>();
            for (int c : across.steeperCandidates()) {
                // As for rules: a candidate inside a window already searched is a neighbour of its
                // slope (on paper grain every slope is a candidate, and each window cost a search).
                if (searched.stream().anyMatch(done -> Math.abs(done - c) <= WINDOW)) {
                    continue;
                }
                searched.add(c);
                int from = Math.max(level + 1, Math.abs(c) - WINDOW);
                int to = Math.min(steepest, Math.abs(c) + WINDOW);
                frame =
                        c > 0
                                ? across.frame(from, to, ASKEW_SIDE_COVER)
                                : across.frame(-to, -from, ASKEW_SIDE_COVER);
                if (frame != null) {
                    break;
                }
            }
        }
        if (frame == null) {
            return false;
        }
        // The top and bottom first, then the sides in the transposed copy of what is left, so
        // that each corner, kept as a crossing by the first, goes with the second.
        frame.ends().forEach(across::eraseBand);
        byte[] turned = transpose(window, boxWidth, boxHeight);
        PrintedRules sidesLeft = new PrintedRules(turned, boxHeight, boxWidth, threshold);
        frame.sides().forEach(sidesLeft::eraseBand);
        window = transpose(turned, boxHeight, boxWidth);
        changed();
        for (int y = 0; y < boxHeight; y++) {
            System.arraycopy(
                    window, y * boxWidth, darkness, (box.top() + y) * width + box.left(), boxWidth);
        }
        return true;
    }

    /** A frame's rules: its top and/or bottom, and its two sides (in the transposed box). */
    private record Frame(List<Band> ends, List<Band> sides) {}

    /**
     * The frame in this map (a copy of the ink's box) with its top or bottom at slope steps {@code
     * low} to {@code high} and its sides, in the transposed copy, leaning the other way (a frame
     * turned by an angle turns its sides by the same), covering {@code sideCover} of the box's
     * height; null unless there are both sides and a top or bottom, each at the box's edge.
     */
    private Frame frame(int low, int high, double sideCover) {
        List<Band> ends = new ArrayList<>();
        forEachStraightRule(accumulate(low, high), MIN_COVER, band -> true, ends::add);
        ends.removeIf(band -> !touchesStart(band) && !touchesEnd(band));
        if (ends.isEmpty()) {
            return null;
        }
        if (transposed == null) {
            transposed =
                    new PrintedRules(transpose(darkness, width, height), height, width, threshold);
        }
        PrintedRules down = transposed;
        List<Band> sides = new ArrayList<>();
        down.forEachStraightRule(down.accumulate(-high, -low), sideCover, band -> true, sides::add);
        sides.removeIf(band -> !down.touchesStart(band) && !down.touchesEnd(band));
        boolean left = sides.stream().anyMatch(down::touchesStart);
        boolean right = sides.stream().anyMatch(down::touchesEnd);
        return left && right ? new Frame(ends, sides) : null;
    }

    /**
     * The ink's bounding box, a speck's worth trimmed from each side; null if it is too small.
     * Counted on every other row and column (a quarter of the reads: every image pays for this
     * look), the box then widened by the pixel that sampling can miss and a margin.
     */
    private Box inkBox() {
        int[] rows = new int[height];
        int[] cols = new int[width];
        int total = 0;
        for (int y = 0; y < height; y += BOX_SAMPLING) {
            int row = y * width;
            for (int x = 0; x < width; x += BOX_SAMPLING) {
                if ((darkness[row + x] & 0xff) > threshold) {
                    rows[y]++;
                    cols[x]++;
                    total++;
                }
            }
        }
        int trim = (int) (FRAME_TRIM * total);
        // The pixel sampling can miss, and a margin for a rule's grey edges and the ink trimmed.
        int reach = BOX_SAMPLING - 1 + FRAME_MARGIN;
        Box box =
                new Box(
                        Math.max(0, first(cols, trim) - reach),
                        Math.max(0, first(rows, trim) - reach),
                        Math.min(width - 1, last(cols, trim) + reach),
                        Math.min(height - 1, last(rows, trim) + reach));
        return total == 0
                        || box.right() - box.left() < MIN_FRAME
                        || box.bottom() - box.top() < MIN_FRAME
                ? null
                : box;
    }

    private record Box(int left, int top, int right, int bottom) {}

    /** The first index after {@code trim} counts have been passed. */
    private static int first(int[] counts, int trim) {
        int seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen > trim) {
                return i;
            }
        }
        return counts.length - 1;
    }

    /** The last index before the final {@code trim} counts. */
    private static int last(int[] counts, int trim) {
        int seen = 0;
        for (int i = counts.length - 1; i >= 0; i--) {
            seen += counts[i];
            if (seen > trim) {
                return i;
            }
        }
        return 0;
    }

    /**
     * How far from the box's edge the quick count looks for a frame's rule: its thickness, the
     * drift of a slope within {@link #LEVEL_SLOPE} over the box, and the trim's pixel or two.
     */
    private static int frameTolerance(int boxWidth, int boxHeight) {
        int longest = Math.max(boxWidth, boxHeight);
        int thickest = Math.max(MIN_THICK_LIMIT, (int) Math.round(MAX_THICKNESS * longest));
        return thickest + (int) Math.ceil(LEVEL_SLOPE * longest) + 2;
    }

    /**
     * Whether ink in columns {@code from} to {@code to} covers {@link #MIN_COVER} of the box's
     * rows.
     */
    private boolean sideCovered(Box box, int from, int to) {
        int covered = 0;
        for (int y = box.top(); y <= box.bottom(); y++) {
            for (int x = Math.max(0, from); x <= Math.min(width - 1, to); x++) {
                if (ink(x, y)) {
                    covered++;
                    break;
                }
            }
        }
        return covered >= MIN_COVER * (box.bottom() - box.top() + 1);
    }

    /**
     * Whether ink in rows {@code from} to {@code to} covers {@link #MIN_COVER} of the box's
     * columns.
     */
    private boolean endCovered(Box box, int from, int to) {
        int covered = 0;
        for (int x = box.left(); x <= box.right(); x++) {
            for (int y = Math.max(0, from); y <= Math.min(height - 1, to); y++) {
                if (ink(x, y)) {
                    covered++;
                    break;
                }
            }
        }
        return covered >= MIN_COVER * (box.right() - box.left() + 1);
    }

    /**
     * Whether the band reaches this map's first row (within {@link #EDGE_SLACK}) at one end of its
     * ink: a frame's rule is the outermost ink of the box it is looked for in, so at its highest
     * end it is the box's edge, however it slopes.
     */
    private boolean touchesStart(Band band) {
        int[] ends = inkEnds(band);
        return ends != null && Math.min(band.top(ends[0]), band.top(ends[1])) <= EDGE_SLACK;
    }

    /** Whether the band reaches this map's last row (within {@link #EDGE_SLACK}) at one end. */
    private boolean touchesEnd(Band band) {
        int[] ends = inkEnds(band);
        return ends != null
                && Math.max(band.bottom(ends[0]), band.bottom(ends[1])) >= height - 1 - EDGE_SLACK;
    }

    /** The first and last column with ink along the band; null if it has none. */
    private int[] inkEnds(Band band) {
        int first = 0;
        while (first < width && !inkAcross(band, first)) {
            first++;
        }
        int last = width - 1;
        while (last > first && !inkAcross(band, last)) {
            last--;
        }
        return first < width ? new int[] {first, last} : null;
    }

    private static byte[] transpose(byte[] pixels, int width, int height) {
        byte[] out = new byte[pixels.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out[x * height + y] = pixels[y * width + x];
            }
        }
        return out;
    }

    /** Sorts slope steps level first, then -1, 1, -2, 2 ... as the search has always gone. */
    private static int flatness(int s) {
        return s < 0 ? -2 * s - 1 : 2 * s;
    }

    /** Whether no other slope covers more along the same offset or a neighbouring one. */
    private static boolean bestSlope(int[][] cover, int s, int b) {
        for (int[] bySlope : cover) {
            for (int n = Math.max(0, b - 1); n <= Math.min(bySlope.length - 1, b + 1); n++) {
                if (bySlope[n] > cover[s][b]) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The digital lines from offset {@code first} to {@code last} (the row each starts in) at slope
     * step {@code s}: a candidate rule as thick as the band.
     */
    private record Band(int s, int first, int last) {

        int top(int x) {
            return first + rise(s, x);
        }

        int bottom(int x) {
            return last + rise(s, x);
        }
    }

    /**
     * How far the band's ink centres stray from their least-squares line, root mean square: at each
     * column, the centre of the vertical ink run through the band's middle, skipped where the run
     * is much thicker than the median (a stroke crosses there) or there is no ink.
     */
    private double wobble(Band band) {
        double[] centres = new double[width];
        int[] thickness = new int[width];
        int[] columns = new int[width];
        int n = 0;
        for (int x = 0; x < width; x++) {
            int middle = (band.top(x) + band.bottom(x)) / 2;
            if (middle < 0 || middle >= height || !ink(x, middle)) {
                continue;
            }
            int low = runTop(x, middle);
            int high = runBottom(x, middle);
            columns[n] = x;
            centres[n] = (low + high) / 2.0;
            thickness[n] = high - low + 1;
            n++;
        }
        if (n < 2) {
            return Double.POSITIVE_INFINITY;
        }
        int[] sorted = Arrays.copyOf(thickness, n);
        Arrays.sort(sorted);
        double crossing = 1.5 * sorted[n / 2] + 1;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int used = 0;
        for (int i = 0; i < n; i++) {
            if (thickness[i] <= crossing) {
                sx += columns[i];
                sy += centres[i];
                sxx += (double) columns[i] * columns[i];
                sxy += columns[i] * centres[i];
                used++;
            }
        }
        double denominator = used * sxx - sx * sx;
        if (used < 2 || denominator == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double slope = (used * sxy - sx * sy) / denominator;
        double intercept = (sy - slope * sx) / used;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            if (thickness[i] <= crossing) {
                double error = centres[i] - (intercept + slope * columns[i]);
                squares += error * error;
            }
        }
        return Math.sqrt(squares / used);
    }

    /**
     * Erases the rule column by column: the run of ink through the band (one pixel wider on each
     * side, for a rule's blurred edges and a slope only approximated), unless that run is thicker
     * than the rule by more than its edges, where a stroke crosses it and is kept.
     */
    private void eraseBand(Band band) {
        int thickness = band.last() - band.first() + 1;
        // A steep rule (a page scanned askew) has grey edges where the turn blended it with the
        // paper: the pixels beside its run down to half the ink level go with it, or they are ink
        // once the rule is gone and the split falls (a level rule's edges are the scan's own).
        boolean steep = Math.abs(band.s()) * SLOPE_STEP > LEVEL_SLOPE + 1e-9;
        int fringe = steep ? threshold / 2 : threshold;
        changed();
        for (int x = 0; x < width; x++) {
            int top = Math.max(0, band.top(x) - 1);
            int bottom = Math.min(height - 1, band.bottom(x) + 1);
            int y = top;
            while (y <= bottom) {
                if (!ink(x, y)) {
                    y++;
                    continue;
                }
                int low = runTop(x, y);
                int high = runBottom(x, y);
                if (high - low + 1 <= thickness + 2) {
                    while (low > 0 && (darkness[(low - 1) * width + x] & 0xff) > fringe) {
                        low--;
                    }
                    while (high < height - 1
                            && (darkness[(high + 1) * width + x] & 0xff) > fringe) {
                        high++;
                    }
                    for (int r = low; r <= high; r++) {
                        darkness[r * width + x] = 0;
                    }
                }
                y = high + 1;
            }
        }
    }

    /** The top row of the vertical run of ink through (x, y). */
    private int runTop(int x, int y) {
        int top = y;
        while (top > 0 && ink(x, top - 1)) {
            top--;
        }
        return top;
    }

    /** The bottom row of the vertical run of ink through (x, y). */
    private int runBottom(int x, int y) {
        int bottom = y;
        while (bottom < height - 1 && ink(x, bottom + 1)) {
            bottom++;
        }
        return bottom;
    }

    /** Forgets what was read from the map: it is about to change. */
    private void changed() {
        inkRowsByStep.clear();
        transposed = null;
    }

    private boolean ink(int x, int y) {
        return (darkness[y * width + x] & 0xff) > threshold;
    }

    /** How far a line of slope step {@code s} has risen after {@code x} pixels. */
    private static int rise(int s, int x) {
        return (int) Math.round(s * SLOPE_STEP * x);
    }
}
