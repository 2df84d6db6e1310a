package io.countersign.trainer.training;

/**
 * What one epoch did: mean training loss, validation loss and pair EER, time and throughput, and
 * the service protocol's skilled-forgery EER on the validation writers.
 *
 * @param protocolEer the validation writers' skilled-forgery EER under the service protocol (the
 *     best candidate scoring rule); NaN in checkpoints written before it was measured
 */
public record EpochStats(
        int epoch,
        double trainLoss,
        double validationLoss,
        double validationEer,
        double seconds,
        double pairsPerSecond,
        double protocolEer) {

    /** One CSV line, in field order. */
    public String toCsv() {
        return epoch
                + ","
                + trainLoss
                + ","
                + validationLoss
                + ","
                + validationEer
                + ","
                + seconds
                + ","
                + pairsPerSecond
                + ","
                + protocolEer;
    }

    /** Parses {@link #toCsv()}, and the six fields of checkpoints from before the protocol. */
    public static EpochStats parse(String line) {
        String[] f = line.split(",");
        return new EpochStats(
                Integer.parseInt(f[0]),
                Double.parseDouble(f[1]),
                Double.parseDouble(f[2]),
                Double.parseDouble(f[3]),
                Double.parseDouble(f[4]),
                Double.parseDouble(f[5]),
                f.length > 6 ? Double.parseDouble(f[6]) : Double.NaN);
    }
}
