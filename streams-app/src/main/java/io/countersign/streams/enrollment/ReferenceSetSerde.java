package io.countersign.streams.enrollment;

import io.countersign.core.image.Region;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact, versioned binary form of a {@link ReferenceSet} for the reference store and its
 * changelog: a format byte, then the model version, enrolment time, spread, images and float32
 * embeddings. A reader refuses a format byte it does not know rather than guess.
 */
public final class ReferenceSetSerde implements Serde<ReferenceSet> {

    /** Before normalisation: no spread, which a reader recomputes from the embeddings. */
    static final byte FORMAT_V1 = 1;

    /** Format 1 plus the spread, after the enrolment time. */
    static final byte FORMAT_V2 = 2;

    @Override
    public Serializer<ReferenceSet> serializer() {
        return (topic, set) -> set == null ? null : write(set);
    }

    @Override
    public Deserializer<ReferenceSet> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(ReferenceSet set) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(FORMAT_V2);
            out.writeUTF(set.modelVersion());
            out.writeLong(set.enrolledAt().getEpochSecond());
            out.writeInt(set.enrolledAt().getNano());
            out.writeDouble(set.spread());
            out.writeInt(set.images().size());
            for (int i = 0; i < set.images().size(); i++) {
                writeImage(out, set.images().get(i));
                float[] embedding = set.embeddings().get(i);
                out.writeInt(embedding.length);
                for (float value : embedding) {
                    out.writeFloat(value);
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
            if (format != FORMAT_V1 && format != FORMAT_V2) {
                throw new SerializationException("unknown reference-set format " + format);
            }
            String modelVersion = in.readUTF();
            Instant enrolledAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
            double spread = format == FORMAT_V2 ? in.readDouble() : Double.NaN;
            int count = in.readInt();
            List<EnrolledImage> images = new ArrayList<>(count);
            List<float[]> embeddings = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                images.add(readImage(in));
                float[] embedding = new float[in.readInt()];
                for (int j = 0; j < embedding.length; j++) {
                    embedding[j] = in.readFloat();
                }
                embeddings.add(embedding);
            }
            // Sets stored before format 2 (an existing store or changelog) get their spread now,
            // from the very embeddings it describes.
            return format == FORMAT_V1
                    ? ReferenceSet.embedded(images, embeddings, modelVersion, enrolledAt)
                    : new ReferenceSet(images, embeddings, modelVersion, enrolledAt, spread);
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException("corrupt reference set", e);
        }
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
