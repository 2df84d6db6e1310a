package io.countersign.datasets.synthetic;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Invents a writer: one to three name parts, a capital each, cursive, dots and a flourish. */
final class PrototypeFactory {

    private static final Color[] INKS = {
        new Color(22, 32, 112), // blue ballpoint
        new Color(28, 52, 150), // bright blue
        new Color(24, 26, 60), // blue-black
        new Color(20, 20, 24), // black
        new Color(40, 40, 48), // graphite-like grey-black
    };

    private PrototypeFactory() {}

    static Prototype create(SplittableRandom r) {
        Letters.Hand hand =
                new Letters.Hand(
                        Seeds.uniform(r, 0.45, 0.95),
                        Seeds.uniform(r, 0.0, 0.9),
                        r.nextDouble() < 0.25
                                ? Seeds.uniform(r, 0.45, 0.75)
                                : Seeds.uniform(r, 0.85, 1.1),
                        Seeds.uniform(r, 0.1, 0.3),
                        Seeds.uniform(r, 0.0, 0.18),
                        Seeds.uniform(r, 2.0, 3.4));
        List<Curve> strokes = new ArrayList<>();
        int parts = 1 + (r.nextDouble() < 0.55 ? 1 : 0) + (r.nextDouble() < 0.15 ? 1 : 0);
        int flourish = r.nextInt(10); // 0-2 none, 3-5 underline, 6-8 paraph, 9 both
        double x = 0;
        for (int part = 0; part < parts; part++) {
            boolean last = part == parts - 1;
            Curve.Builder b = new Curve.Builder();
            double start = x;
            Letters.capital(b, hand, x, r);
            int letters = last ? 3 + r.nextInt(6) : (r.nextBoolean() ? 0 : 1 + r.nextInt(4));
            double dotX = Letters.cursive(b, hand, letters, r);
            if (last && flourish >= 6 && flourish != 9 || last && flourish == 9) {
                Letters.swoop(b, Math.max(0, start - 1.0), r);
            }
            Curve stroke = b.build();
            strokes.add(stroke);
            if (!Double.isNaN(dotX)) {
                strokes.add(Letters.dot(dotX + 0.3, Seeds.uniform(r, 1.5, 1.9), r));
            }
            x = stroke.maxX();
            if (letters == 0 && r.nextDouble() < 0.6) {
                strokes.add(Letters.dot(x + 0.25, Seeds.uniform(r, 0.0, 0.15), r));
                x += 0.3;
            }
            x += Seeds.uniform(r, 0.5, 1.2);
        }
        if (flourish >= 3 && flourish <= 5 || flourish == 9) {
            strokes.add(
                    Letters.underline(
                            Seeds.uniform(r, -0.5, 1.5), x - Seeds.uniform(r, 0.5, 2.0), r));
        }
        WriterStyle style =
                new WriterStyle(
                        Seeds.uniform(r, 0.07, 0.15),
                        Seeds.uniform(r, -0.1, 0.5),
                        Seeds.uniform(r, -0.07, 0.07),
                        Seeds.uniform(r, 0.025, 0.07),
                        INKS[r.nextInt(INKS.length)]);
        return new Prototype(List.copyOf(strokes), style);
    }
}
