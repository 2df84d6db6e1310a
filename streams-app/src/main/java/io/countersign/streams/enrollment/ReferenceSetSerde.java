package io.countersign.streams.enrollment;

import io.countersign.core.image.Region;
import io.countersign.core.scoring.ReferenceSpread;
import io.countersign.core.scoring.ReferenceViews;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact, versioned binary form of a {@link ReferenceSet} for the reference store and its
 * changelog. Format 4, for a set with a pen view (one without is written in format 3): a format
 * byte, the model version, enrolment time, the spreads of both views, their mean ink levels, the
 * pen width of the pen view (0 for none) and, where there is one, the pen view's two spreads and
 * two ink levels; then per reference its image, its float32 embedding and, unless the reference is
 * bitonal itself, the embedding of its bitonal view, and where there is a pen view the same two of
 * the reference as the broader pen writes it. Formats 3 (no ink levels, no pen view), 2 (no bitonal
 * view either) and 1 (no spread either) are still read, and written where an upgrade is under way
 * ({@link ReferencesFormat}). A reader refuses a format byte it does not know rather than guess.
 */
public final class ReferenceSetSerde implements Serde<ReferenceSet> {

    /** Before normalisation: no spread, which a reader recomputes from the embeddings. */
    static final byte FORMAT_V1 = 1;

    /** Format 1 plus the spread, after the enrolment time. */
    static final byte FORMAT_V2 = 2;

    /**
     * Format 2 plus the bitonal view: its spread after the spread, its embeddings per reference.
     */
    static final byte FORMAT_V3 = 3;

    /**
     * Format 3 plus, after the spreads, both views' ink levels and the pen width, then the pen
     * view's spreads and ink levels where it has one, and per reference its pen view's embeddings
     * after its own.
     */
    static final byte FORMAT_V4 = 4;

    private static final byte BITONAL_ITSELF = 1;
    private static final byte OWN_BITONAL_VIEW = 0;

    private final ReferencesFormat format;

    /** Writes the current format. */
    public ReferenceSetSerde() {
        this(ReferencesFormat.current());
    }

    /**
     * @param format the newest format to write: an older one for the first rolling restart of an
     *     upgrade, so that the versions being replaced read every set written meanwhile
     */
    public ReferenceSetSerde(ReferencesFormat format) {
        this.format = format;
    }

    @Override
    public Serializer<ReferenceSet> serializer() {
        return (topic, set) -> set == null ? null : write(set, format);
    }

    @Override
    public Deserializer<ReferenceSet> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    /**
     * The set in the current format; one without a pen view in format 3, which every version since
     * bitonal views reads (so that serving a card without a pen view needs no two-step upgrade; its
     * ink levels, only used to choose a pen, are left out); one without a bitonal view yet (read
     * from format 1 or 2, not re-embedded since) in format 2, as it was, so that it reads back as
     * needing its bitonal view.
     */
    static byte[] write(ReferenceSet set) {
        return write(set, ReferencesFormat.current());
    }

    /**
     * As {@link #write(ReferenceSet)}, in {@code format} at the newest: format 3 leaves out the ink
     * levels and the pen view (a set read back from it has neither), format 2 the bitonal view too.
     */
    static byte[] write(ReferenceSet set, ReferencesFormat format) {
        ReferenceViews views = set.views();
        byte written =
                !set.bitonalViewEmbedded() || !format.bitonalViews()
                        ? FORMAT_V2
                        : format.penViews() && set.hasPenView() ? FORMAT_V4 : FORMAT_V3;
        ReferenceViews penView = written == FORMAT_V4 ? views.broaderPen() : null;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(written);
            out.writeUTF(set.modelVersion());
            out.writeLong(set.enrolledAt().getEpochSecond());
            out.writeInt(set.enrolledAt().getNano());
            out.writeDouble(views.spread());
            if (written >= FORMAT_V3) {
                out.writeDouble(views.bitonalSpread());
            }
            if (penView != null) {
                // Format 4 is only written for a set with a pen view; a reader still takes a
                // width of 0 as none.
                writeInkLevels(out, views);
                out.writeByte(set.broaderPen());
                out.writeDouble(penView.spread());
                out.writeDouble(penView.bitonalSpread());
                writeInkLevels(out, penView);
            }
            out.writeInt(set.images().size());
            for (int i = 0; i < set.images().size(); i++) {
                writeImage(out, set.images().get(i));
                writeEmbedding(out, views.asScanned().get(i));
                if (written >= FORMAT_V3) {
                    writeBitonalView(out, views, i);
                }
                if (penView != null) {
                    writeEmbedding(out, penView.asScanned().get(i));
                    writeBitonalView(out, penView, i);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    static ReferenceSet read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format < FORMAT_V1 || format > FORMAT_V4) {
                throw new SerializationException("unknown reference-set format " + format);
            }
            String modelVersion = in.readUTF();
            Instant enrolledAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
            double spread = format >= FORMAT_V2 ? in.readDouble() : Double.NaN;
            double bitonalSpread = format >= FORMAT_V3 ? in.readDouble() : Double.NaN;
            double inkLevel = format == FORMAT_V4 ? in.readDouble() : Double.NaN;
            double bitonalInkLevel = format == FORMAT_V4 ? in.readDouble() : Double.NaN;
            int broaderPen = format == FORMAT_V4 ? in.readByte() : 0;
            double[] penFigures = new double[4];
            if (broaderPen != 0) {
                for (int i = 0; i < penFigures.length; i++) {
                    penFigures[i] = in.readDouble();
                }
            }
            int count = in.readInt();
            List<EnrolledImage> images = new ArrayList<>(count);
            List<float[]> embeddings = new ArrayList<>(count);
            List<float[]> bitonal = new ArrayList<>(count);
            List<float[]> penAsScanned = new ArrayList<>(count);
            List<float[]> penBitonal = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                images.add(readImage(in));
                float[] embedding = readEmbedding(in);
                embeddings.add(embedding);
                if (format >= FORMAT_V3) {
                    bitonal.add(readBitonalView(in, embedding));
                }
                if (broaderPen != 0) {
                    float[] penEmbedding = readEmbedding(in);
                    penAsScanned.add(penEmbedding);
                    penBitonal.add(readBitonalView(in, penEmbedding));
                }
            }
            if (format >= FORMAT_V3) {
                ReferenceViews penView =
                        broaderPen == 0
                                ? null
                                : new ReferenceViews(
                                        penAsScanned,
                                        penFigures[0],
                                        penBitonal,
                                        penFigures[1],
                                        penFigures[2],
                                        penFigures[3],
                                        null);
                return new ReferenceSet(
                        images,
                        new ReferenceViews(
                                embeddings,
                                spread,
                                bitonal,
                                bitonalSpread,
                                inkLevel,
                                bitonalInkLevel,
                                penView),
                        modelVersion,
                        enrolledAt,
                        true,
                        broaderPen);
            }
            // Sets stored before format 3 (an existing store or changelog) have no bitonal view:
            // they are re-embedded in both views before they score (ReferenceEncoder#current).
            // Before format 2 they had no spread either; it is computed from the very embeddings
            // it describes, so the set reads back valid.
            double asScannedSpread = format == FORMAT_V1 ? ReferenceSpread.of(embeddings) : spread;
            return ReferenceSet.asScannedOnly(
                    images, embeddings, asScannedSpread, modelVersion, enrolledAt);
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException("corrupt reference set", e);
        }
    }

    private static void writeInkLevels(DataOutputStream out, ReferenceViews views)
            throws IOException {
        out.writeDouble(views.inkLevel());
        out.writeDouble(views.bitonalInkLevel());
    }

    /** Reference {@code i}'s bitonal view: a marker, then its embedding unless it is its own. */
    private static void writeBitonalView(DataOutputStream out, ReferenceViews views, int i)
            throws IOException {
        float[] bitonal = views.bitonal().get(i);
        if (Arrays.equals(views.asScanned().get(i), bitonal)) {
            out.writeByte(BITONAL_ITSELF);
        } else {
            out.writeByte(OWN_BITONAL_VIEW);
            writeEmbedding(out, bitonal);
        }
    }

    /** The bitonal view of a reference whose embedding as scanned is {@code asScanned}. */
    private static float[] readBitonalView(DataInputStream in, float[] asScanned)
            throws IOException {
        return switch (in.readByte()) {
            case BITONAL_ITSELF -> asScanned;
            case OWN_BITONAL_VIEW -> readEmbedding(in);
            default -> throw new SerializationException("unknown bitonal-view marker");
        };
    }

    private static void writeEmbedding(DataOutputStream out, float[] embedding) throws IOException {
        out.writeInt(embedding.length);
        for (float value : embedding) {
            out.writeFloat(value);
        }
    }

    private static float[] readEmbedding(DataInputStream in) throws IOException {
        float[] embedding = new float[in.readInt()];
        for (int j = 0; j < embedding.length; j++) {
            embedding[j] = in.readFloat();
        }
        return embedding;
    }

    private static void writeImage(DataOutputStream out, EnrolledImage image) throws IOException {
        out.writeUTF(image.referenceId());
        out.writeBoolean(image.contentType() != null);
        if (image.contentType() != null) {
            out.writeUTF(image.contentType());
        }
        Region region = image.region();
        out.writeBoolean(region != null);
        if (region != null) {
            out.writeInt(region.x());
            out.writeInt(region.y());
            out.writeInt(region.width());
            out.writeInt(region.height());
        }
        out.writeInt(image.image().length);
        out.write(image.image());
    }

    private static EnrolledImage readImage(DataInputStream in) throws IOException {
        String referenceId = in.readUTF();
        String contentType = in.readBoolean() ? in.readUTF() : null;
        Region region =
                in.readBoolean()
                        ? new Region(in.readInt(), in.readInt(), in.readInt(), in.readInt())
                        : null;
        byte[] image = in.readNBytes(in.readInt());
        return new EnrolledImage(referenceId, image, contentType, region);
    }
}
