package io.countersign.streams.batching;

import io.countersign.core.image.Region;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact, versioned binary form of a {@link PendingRequest} for the pending store and its
 * changelog; the in-memory tensor is not written.
 *
 * <p>The request's origin follows the image, at the end: a reader of the version before it stops
 * after the image and ignores it, and this reader gives a value without it {@link
 * RequestOrigin#UNKNOWN}, so old and new instances read each other's changelog during a rolling
 * upgrade without a format change.
 */
public final class PendingRequestSerde implements Serde<PendingRequest> {

    /** First byte of every value; a reader refuses a format it does not know. */
    static final byte FORMAT_V1 = 1;

    @Override
    public Serializer<PendingRequest> serializer() {
        return (topic, request) -> request == null ? null : write(request);
    }

    @Override
    public Deserializer<PendingRequest> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(PendingRequest request) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(request.image().length + 256);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(FORMAT_V1);
            out.writeUTF(request.customerId());
            out.writeUTF(request.requestId());
            writeNullable(out, request.documentId());
            writeNullable(out, request.contentType());
            writeRegion(out, request.region());
            out.writeLong(request.submittedAt().getEpochSecond());
            out.writeInt(request.submittedAt().getNano());
            out.writeLong(request.arrivedAtMs());
            out.writeLong(request.timestamp());
            out.writeInt(request.image().length);
            out.write(request.image());
            out.writeInt(request.origin().partition());
            out.writeLong(request.origin().offset());
            out.writeUTF(request.origin().publisher());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    static PendingRequest read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT_V1) {
                throw new SerializationException("unknown pending-request format " + format);
            }
            String customerId = in.readUTF();
            String requestId = in.readUTF();
            String documentId = readNullable(in);
            String contentType = readNullable(in);
            Region region = readRegion(in);
            Instant submittedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
            long arrivedAtMs = in.readLong();
            long timestamp = in.readLong();
            byte[] image = in.readNBytes(in.readInt());
            RequestOrigin origin =
                    in.available() > 0
                            ? new RequestOrigin(in.readInt(), in.readLong(), in.readUTF())
                            : RequestOrigin.UNKNOWN;
            return new PendingRequest(
                    customerId,
                    requestId,
                    documentId,
                    image,
                    contentType,
                    region,
                    submittedAt,
                    arrivedAtMs,
                    timestamp,
                    origin,
                    null);
        } catch (IOException e) {
            throw new SerializationException("corrupt pending request", e);
        }
    }

    private static void writeNullable(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeRegion(DataOutputStream out, Region region) throws IOException {
        out.writeBoolean(region != null);
        if (region != null) {
            out.writeInt(region.x());
            out.writeInt(region.y());
            out.writeInt(region.width());
            out.writeInt(region.height());
        }
    }

    private static Region readRegion(DataInputStream in) throws IOException {
        return in.readBoolean()
                ? new Region(in.readInt(), in.readInt(), in.readInt(), in.readInt())
                : null;
    }
}
