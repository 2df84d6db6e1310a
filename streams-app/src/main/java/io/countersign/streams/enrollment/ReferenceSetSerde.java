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
 * changelog: a format byte, then the model version, enrolment time, the spreads of both views, and
 * per reference its image, its float32 embedding and, unless the reference is bitonal itself, the
 * embedding of its bitonal view. A reader refuses a format byte it does not know rather than guess.
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

    private static final byte BITONAL_ITSELF = 1;
    private static final byte OWN_BITONAL_VIEW = 0;

    private final boolean bitonalViews;

    /** Writes format 3. */
    public ReferenceSetSerde() {
        this(true);
    }

    /**
     * @param bitonalViews false to write every set in format 2, without its bitonal view, which
     *     versions before format 3 read (the first rolling restart of an upgrade)
     */
    public ReferenceSetSerde(boolean bitonalViews) {
        this.bitonalViews = bitonalViews;
    }

    @Override
    public Serializer<ReferenceSet> serializer() {
        return (topic, set) -> set == null ? null : write(set, bitonalViews);
    }

    @Override
    public Deserializer<ReferenceSet> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    /**
     * The set in format 3; one without a bitonal view yet (read from format 1 or 2, not re-embedded
     * since) in format 2, as it was, so that it reads back as needing its bitonal view.
     */
    static byte[] write(ReferenceSet set) {
        return write(set, true);
    }

    /** As {@link #write(ReferenceSet)}, or every set in format 2 without {@code bitonalViews}. */
    static byte[] write(ReferenceSet set, boolean bitonalViews) {
        ReferenceViews views = set.views();
        boolean withBitonal = bitonalViews && set.bitonalViewEmbedded();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(withBitonal ? FORMAT_V3 : FORMAT_V2);
            out.writeUTF(set.modelVersion());
            out.writeLong(set.enrolledAt().getEpochSecond());
            out.writeInt(set.enrolledAt().getNano());
            out.writeDouble(views.spread());
            if (withBitonal) {
                out.writeDouble(views.bitonalSpread());
            }
            out.writeInt(set.images().size());
            for (int i = 0; i < set.images().size(); i++) {
                writeImage(out, set.images().get(i));
                float[] asScanned = views.asScanned().get(i);
                float[] bitonal = views.bitonal().get(i);
                writeEmbedding(out, asScanned);
                if (!withBitonal) {
                    continue;
                }
                if (Arrays.equals(asScanned, bitonal)) {
                    out.writeByte(BITONAL_ITSELF);
                } else {
                    out.writeByte(OWN_BITONAL_VIEW);
                    writeEmbedding(out, bitonal);
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
            if (format != FORMAT_V1 && format != FORMAT_V2 && format != FORMAT_V3) {
                throw new SerializationException("unknown reference-set format " + format);
            }
            String modelVersion = in.readUTF();
            Instant enrolledAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
            double spread = format >= FORMAT_V2 ? in.readDouble() : Double.NaN;
            double bitonalSpread = format == FORMAT_V3 ? in.readDouble() : Double.NaN;
            int count = in.readInt();
            List<EnrolledImage> images = new ArrayList<>(count);
            List<float[]> embeddings = new ArrayList<>(count);
            List<float[]> bitonal = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                images.add(readImage(in));
                float[] embedding = readEmbedding(in);
                embeddings.add(embedding);
                if (format == FORMAT_V3) {
                    bitonal.add(
                            switch (in.readByte()) {
                                case BITONAL_ITSELF -> embedding;
                                case OWN_BITONAL_VIEW -> readEmbedding(in);
                                default ->
                                        throw new SerializationException(
                                                "unknown bitonal-view marker");
                            });
                }
            }
            if (format == FORMAT_V3) {
                return new ReferenceSet(
                        images,
                        new ReferenceViews(embeddings, spread, bitonal, bitonalSpread),
                        modelVersion,
                        enrolledAt,
                        true);
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
