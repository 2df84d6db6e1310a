package io.countersign.core.preprocess;

import io.countersign.core.image.GreyImage;
import io.countersign.core.image.ImageDecoder;
import io.countersign.core.image.ImageLimits;
import io.countersign.core.image.ImageRejectedException;
import io.countersign.core.image.ImageTone;
import io.countersign.core.image.Region;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one preprocessing of Countersign, shared byte for byte by trainer and service: decode (with
 * size guards), crop to the signature region, greyscale (a negative turned positive: {@link
 * NegativeScan}; or, where a printed background hides the ink in grey, read it from the page's
 * colours: {@link #read}), separate ink from paper, crop to the ink, turn as the card's orientation
 * says ({@link PrincipalAxis}), fit into the model's canvas keeping the aspect ratio, centred, ink
 * bright, normalised.
 *
 * <p>Thread-safe: it holds only its immutable settings.
 */
public final class SignaturePreprocessor {

    private final PreprocessingSpec spec;
    private final ImageLimits limits;

    public SignaturePreprocessor(PreprocessingSpec spec, ImageLimits limits) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** The canvas this preprocessor fills. */
    public PreprocessingSpec spec() {
        return spec;
    }

    /**
     * Preprocesses encoded image bytes, cropped to {@code region} first when it is not null.
     *
     * @return {@code height * width} floats, row-major (NCHW with N = C = 1)
     * @throws ImageRejectedException when the image is too large, corrupt or blank
     */
    public float[] preprocess(byte[] encoded, Region region) {
        Reading page = read(unstamped(encoded, region), encoded, region);
        return render(page.ink(), false, turnAngle(page.ink()));
    }

    /** Preprocesses an image already decoded (and cropped), by its luminance alone. */
    public float[] preprocess(BufferedImage image) {
        return preprocess(GreyImage.of(image));
    }

    /** Preprocesses an image already decoded to luminance (and cropped): by luminance alone. */
    public float[] preprocess(GreyImage image) {
        GreyImage page = NegativeScan.positive(image);
        InkMap ink = new InkMap(page.pixels(), page.width(), page.height());
        return render(ink, false, turnAngle(ink));
    }

    /**
     * A questioned image: its tensor and its tone, so that it can be compared like with like
     * (core's {@code ReferenceViews#viewFor}; a grey image compared as bitonal is rendered by
     * {@link #prepareReference}).
     *
     * @throws ImageRejectedException when the image is too large, corrupt or blank
     */
    public PreparedImage prepare(byte[] encoded, Region region) {
        // The tone is the page's without its stamp: a bitonal scan stamped in red is still bitonal.
        GreyImage image = unstamped(encoded, region);
        Reading page = read(image, encoded, region);
        return new PreparedImage(
                render(page.ink(), false, turnAngle(page.ink())), ImageTone.of(image));
    }

    /**
     * A reference image: its tensor as scanned and as a bitonal scan of it would look (every ink
     * pixel at full intensity), from one decoding. A bitonal image is its own bitonal view: both
     * are the same array.
     *
     * @throws ImageRejectedException when the image is too large, corrupt or blank
     */
    public PreparedReference prepareReference(byte[] encoded, Region region) {
        return prepareReference(encoded, region, 0);
    }

    /**
     * The same, and, where {@code broaderPen} is positive, both views of the signature as a pen
     * that many pixels broader on each side would have written it ({@link BroaderPen}).
     *
     * @throws ImageRejectedException when the image is too large, corrupt or blank
     */
    public PreparedReference prepareReference(byte[] encoded, Region region, int broaderPen) {
        GreyImage image = unstamped(encoded, region);
        Reading page = read(image, encoded, region);
        PreparedReference asWritten = views(image, page.ink());
        if (broaderPen <= 0) {
            return asWritten;
        }
        GreyImage broadPen = BroaderPen.apply(page.image(), broaderPen);
        PreparedReference broader =
                views(broadPen, new InkMap(broadPen.pixels(), broadPen.width(), broadPen.height()));
        return new PreparedReference(asWritten.asScanned(), asWritten.bitonal(), broader);
    }

    /** A page and its ink map, in the reading {@link #read} chose. */
    private record Reading(GreyImage image, InkMap ink) {}

    /**
     * How the page is read: by its luminance, or, where that mixes the ink with a printed
     * background (a cheque's security tint, {@link InkMap#onPrintedBackground}) and the page came
     * in colour, by the colour plane in which the ink stands clearest of the print: a tint absorbs
     * little of the light the ink absorbs most (blue ballpoint on a green tint: the green plane),
     * the colour dropout a cheque scanner makes. Grey pages, and colour ones on plain paper (every
     * page of the corpora), are read by luminance alone and decoded once; {@code luminance} is
     * already without a stamp ({@link #unstamped}). A JPEG's print is taken out over 3 by 3 pixels
     * ({@link BoxSmoothing}).
     */
    private Reading read(GreyImage luminance, byte[] encoded, Region region) {
        GreyImage positive = NegativeScan.positive(luminance);
        if (positive != luminance) {
            // A negative (microfilm, an inverted corpus) is read by its luminance alone: its
            // colours, if any, are not a cheque's print.
            return new Reading(
                    positive, new InkMap(positive.pixels(), positive.width(), positive.height()));
        }
        Reading clearest = null;
        ImageRejectedException unread = null;
        try {
            clearest =
                    new Reading(
                            luminance,
                            new InkMap(luminance.pixels(), luminance.width(), luminance.height()));
            if (!clearest.ink().onPrintedBackground) {
                return clearest;
            }
        } catch (ImageRejectedException blankInLuminance) {
            // Faint ink under a deep tint can vanish in luminance and stand clear in one colour.
            unread = blankInLuminance;
        }
        List<GreyImage> planes = ImageDecoder.decodePlanes(encoded, region, limits);
        List<GreyImage> readings = new ArrayList<>();
        if (!planes.isEmpty()) {
            // A JPEG keeps the colour at a quarter of the resolution (2 by 2), so pixel by pixel
            // the print's colour no longer lies along one direction, and what its removal leaves
            // keeps the print's waves, as dark as faint ink: over 3 by 3 the colour holds again.
            GreyImage withoutPrint =
                    PrintRemoval.of(isJpeg(encoded) ? BoxSmoothing.of(planes) : planes);
            if (withoutPrint != null) {
                try {
                    InkMap ink =
                            new InkMap(
                                    withoutPrint.pixels(),
                                    withoutPrint.width(),
                                    withoutPrint.height());
                    if (!ink.onPrintedBackground) {
                        // The print is gone: no single colour can read the ink more clearly.
                        return new Reading(withoutPrint, ink);
                    }
                    readings.add(withoutPrint);
                } catch (ImageRejectedException noInkOnceThePrintIsOut) {
                    // The ink was the print's colour, or absent: the planes may still read it.
                }
            }
            readings.addAll(planes);
        }
        for (GreyImage plane : readings) {
            try {
                InkMap ink = new InkMap(plane.pixels(), plane.width(), plane.height());
                if (clearest == null || ink.clearance > clearest.ink().clearance) {
                    clearest = new Reading(plane, ink);
                }
            } catch (ImageRejectedException noInkInThisColour) {
                // Blue ink all but vanishes in the blue plane: another plane reads it.
            }
        }
        if (planes.isEmpty()
                && isJpeg(encoded)
                && (clearest == null || clearest.ink().onPrintedBackground)) {
            clearest = smoothedIfClearer(luminance, clearest);
        }
        if (clearest == null) {
            throw unread;
        }
        return clearest;
    }

    /**
     * A grey JPEG of a printed background read over 3 by 3 ({@link BoxSmoothing}): its 8-pixel
     * blocks break a fine print into specks as dark as the ink, which the ink map takes for ink.
     * Kept where it leaves no printed background or reads the ink more clearly than {@code reading}
     * (null where the page was refused pixel by pixel).
     */
    private static Reading smoothedIfClearer(GreyImage luminance, Reading reading) {
        GreyImage smoothed = BoxSmoothing.of(luminance);
        try {
            InkMap ink = new InkMap(smoothed.pixels(), smoothed.width(), smoothed.height());
            if (reading == null
                    || !ink.onPrintedBackground
                    || ink.clearance > reading.ink().clearance) {
                return new Reading(smoothed, ink);
            }
        } catch (ImageRejectedException noInkSmoothedEither) {
            // The reading pixel by pixel stands (or the page is refused as blank).
        }
        return reading;
    }

    /** Whether the bytes are a JPEG (its start-of-image marker). */
    private static boolean isJpeg(byte[] encoded) {
        return encoded.length > 2 && (encoded[0] & 0xff) == 0xff && (encoded[1] & 0xff) == 0xd8;
    }

    /**
     * The page's luminance with a stamp pressed over the signature taken out ({@link
     * StampRemoval}), or as it is: a red or magenta stamp of any shape, by its colour; a round
     * stamp of another colour (blue, violet, black), by its ring ({@link StampRing}), where the
     * pen's colour differs from it (each ring the page may show tried, the most inked first). Only
     * a page whose decoding counted enough strongly red pixels, or ink of two colours, is looked at
     * again: for its ring, on the luminance, and where it has a red stamp or a ring, for its colour
     * planes, decoded a second time. A page of blue ink alone, the commonest colour page, pays
     * nothing.
     */
    private GreyImage unstamped(byte[] encoded, Region region) {
        ImageDecoder.GreyPage decoded = ImageDecoder.decodeGreyPage(encoded, region, limits);
        GreyImage luminance = decoded.luminance();
        List<GreyImage> planes = null;
        if (decoded.redPixels() >= StampRemoval.STAMP_PIXELS) {
            planes = ImageDecoder.decodePlanes(encoded, region, limits);
            GreyImage unstamped = planes.isEmpty() ? null : StampRemoval.of(planes, luminance);
            if (unstamped != null) {
                return unstamped;
            }
        }
        if (!decoded.twoColours(StampRemoval.STAMP_PIXELS)) {
            return luminance; // ink of one colour: no stamp a split by colour could take out
        }
        List<StampRing> rings = StampRing.find(luminance);
        if (rings.isEmpty()) {
            return luminance;
        }
        if (planes == null) {
            planes = ImageDecoder.decodePlanes(encoded, region, limits);
        }
        GreyImage unstamped = planes.isEmpty() ? null : StampRemoval.of(planes, luminance, rings);
        return unstamped != null ? unstamped : luminance;
    }

    /** Both tone views of a page read through {@code ink}; {@code image} says its tone. */
    private PreparedReference views(GreyImage image, InkMap ink) {
        double angle = turnAngle(ink);
        float[] asScanned = render(ink, false, angle);
        return ImageTone.of(image) == ImageTone.BITONAL
                ? new PreparedReference(asScanned, asScanned)
                : new PreparedReference(asScanned, render(ink, true, angle));
    }

    /** How far the card's orientation turns this ink, radians (0: as scanned). */
    private double turnAngle(InkMap ink) {
        if (spec.orientation() == Orientation.AS_SCANNED) {
            return 0;
        }
        return PrincipalAxis.angle(ink.cropWidth(), ink.cropHeight(), ink::inkInCrop);
    }

    private float[] render(InkMap ink, boolean solidInk, double angle) {
        PrincipalAxis.Crop crop =
                PrincipalAxis.turn(
                        new PrincipalAxis.Crop(
                                ink.croppedIntensities(solidInk),
                                ink.cropWidth(),
                                ink.cropHeight()),
                        angle);
        return fitIntoCanvas(crop.pixels(), crop.width(), crop.height());
    }

    private float[] fitIntoCanvas(float[] crop, int cw, int ch) {
        int canvasWidth = spec.width();
        int canvasHeight = spec.height();
        double scale = Math.min((double) canvasWidth / cw, (double) canvasHeight / ch);
        int dw = Math.max(1, Math.min(canvasWidth, (int) Math.round(cw * scale)));
        int dh = Math.max(1, Math.min(canvasHeight, (int) Math.round(ch * scale)));
        float[] scaled = Resampler.resample(crop, cw, ch, dw, dh);
        float paper = (0f - spec.mean()) / spec.std();
        float[] canvas = new float[spec.size()];
        java.util.Arrays.fill(canvas, paper);
        int offsetX = (canvasWidth - dw) / 2;
        int offsetY = (canvasHeight - dh) / 2;
        for (int y = 0; y < dh; y++) {
            int row = (offsetY + y) * canvasWidth + offsetX;
            for (int x = 0; x < dw; x++) {
                canvas[row + x] = (scaled[y * dw + x] - spec.mean()) / spec.std();
            }
        }
        return canvas;
    }
}
