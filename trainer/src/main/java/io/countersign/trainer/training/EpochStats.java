package io.countersign.trainer.training;

/** What one epoch did: mean training loss, validation loss and EER, time and throughput. */
public record EpochStats(
        int epoch,
        double trainLoss,
        double validationLoss,
        double validationEer,
        double seconds,
        double pairsPerSecond) {

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
                + pairsPerSecond;
    }

    /** Parses {@link #toCsv()}. */
    public static EpochStats parse(String line) {
        String[] f = line.split(",");
        return new EpochStats(
                Integer.parseInt(f[0]),
                Double.parseDouble(f[1]),
                Double.parseDouble(f[2]),
                Double.parseDouble(f[3]),
                Double.parseDouble(f[4]),
                Double.parseDouble(f[5]));
    }
}
