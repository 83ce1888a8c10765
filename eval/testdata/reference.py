#!/usr/bin/env python3
"""Reference values for eval's metric tests, computed from first principles.

scikit-learn is not available where these tests were written, so this script
computes the same figures independently with the textbook definitions (as
sklearn.metrics.precision_recall_fscore_support with zero_division=0 does):
  precision = TP / predicted, recall = TP / gold, F1 = 2PR / (P + R),
  0 whenever a denominator is 0;
  macro-F1 = mean F1 of favor, against, neutral;
  F_avg (SemEval-2016 Task 6) = (F1 favor + F1 against) / 2, pooled over all
  items, and its mean over targets;
  majority baseline: every item predicted as the most frequent gold label of
  its target (ties to the earlier of favor, against, neutral, unrelated);
  top-label ECE over equal-width bins, multiclass Brier score.

The label vectors come from a fixed linear congruential generator, so the
output is the same on every run. Run from this directory:

    python3 reference.py > reference.json
"""
import json
import math

CLASSES = ["favor", "against", "neutral", "unrelated"]


class LCG:
    def __init__(self, seed):
        self.s = seed

    def next(self):
        self.s = (6364136223846793005 * self.s + 1442695040888963407) % 2**64
        return self.s >> 11

    def uniform(self):
        return self.next() / 2**53

    def choice(self, xs, weights=None):
        if weights is None:
            return xs[self.next() % len(xs)]
        u = self.uniform() * sum(weights)
        for x, w in zip(xs, weights):
            if u < w:
                return x
            u -= w
        return xs[-1]


def div(a, b):
    return a / b if b else 0.0


def scores(items):
    conf = [[0] * 4 for _ in CLASSES]
    for it in items:
        conf[CLASSES.index(it["gold"])][CLASSES.index(it["pred"])] += 1
    per = []
    for i, c in enumerate(CLASSES):
        tp = conf[i][i]
        support = sum(conf[i])
        predicted = sum(conf[g][i] for g in range(4))
        p, r = div(tp, predicted), div(tp, support)
        f = div(2 * p * r, p + r)
        per.append({"label": c, "precision": p, "recall": r, "f1": f,
                    "support": support, "predicted": predicted})
    n = len(items)
    return {
        "n": n,
        "articles": len({it["article_id"] for it in items}),
        "classes": per,
        "macro_f1": (per[0]["f1"] + per[1]["f1"] + per[2]["f1"]) / 3,
        "f_avg": (per[0]["f1"] + per[1]["f1"]) / 2,
        "accuracy": div(sum(conf[i][i] for i in range(4)), n),
        "confusion": conf,
    }


def stance(items):
    out = scores(items)
    targets = sorted({it["target"] for it in items})
    out["targets"] = []
    for t in targets:
        s = scores([it for it in items if it["target"] == t])
        s["target"] = t
        out["targets"].append(s)
    out["f_avg_target_mean"] = div(sum(t["f_avg"] for t in out["targets"]), len(targets))
    return out


def majority(items):
    out = {}
    for t in sorted({it["target"] for it in items}):
        counts = [0] * 4
        for it in items:
            if it["target"] == t:
                counts[CLASSES.index(it["gold"])] += 1
        out[t] = CLASSES[counts.index(max(counts))]  # index() takes the first
    return out


def with_baseline(items):
    out = stance(items)
    maj = majority(items)
    out["majority"] = maj
    out["baseline"] = stance([dict(it, pred=maj[it["target"]]) for it in items])
    return out


def calibration(items, bins):
    n = skipped = 0
    counts = [0] * bins
    confsum = [0.0] * bins
    correct = [0] * bins
    brier = 0.0
    freq = [0] * 3
    scored = []
    for it in items:
        p = it["probs"]
        if sum(p) <= 0:
            continue
        if it["gold"] == "unrelated":
            skipped += 1
            continue
        g = CLASSES.index(it["gold"])
        n += 1
        freq[g] += 1
        scored.append(g)
        top = max(range(3), key=lambda k: (p[k], -k))
        conf = p[top]
        b = min(max(int(conf * bins), 0), bins - 1)
        counts[b] += 1
        confsum[b] += conf
        correct[b] += top == g
        brier += sum((p[k] - (k == g)) ** 2 for k in range(3))
    res = {"n": n, "skipped": skipped, "ece": 0.0, "mce": 0.0, "brier": 0.0,
           "brier_baseline": 0.0, "bins": []}
    for b in range(bins):
        acc = div(correct[b], counts[b])
        cf = div(confsum[b], counts[b])
        res["bins"].append({"lo": b / bins, "hi": (b + 1) / bins, "n": counts[b],
                            "confidence": cf, "accuracy": acc})
        if counts[b]:
            res["ece"] += counts[b] / n * abs(acc - cf)
            res["mce"] = max(res["mce"], abs(acc - cf))
    if n:
        res["brier"] = brier / n
        q = [f / n for f in freq]
        res["brier_baseline"] = sum(sum((q[k] - (k == g)) ** 2 for k in range(3)) for g in scored) / n
    return res


def probs(rng, pred):
    if pred == "unrelated" or rng.uniform() < 0.1:
        return [0.0, 0.0, 0.0]
    raw = [rng.uniform() for _ in range(3)]
    raw[CLASSES.index(pred)] += 1.0
    s = sum(raw)
    return [round(x / s, 6) for x in raw]


def make(seed, n, targets, labels, weights, agree):
    rng = LCG(seed)
    items = []
    for i in range(n):
        gold = rng.choice(labels, weights)
        pred = gold if rng.uniform() < agree else rng.choice(labels)
        items.append({"article_id": "a%02d" % (i // 7), "quote_id": "q%d" % i,
                      "target": rng.choice(targets), "gold": gold, "pred": pred,
                      "probs": probs(rng, pred)})
    return items


def case(name, items):
    return {"name": name, "items": items, "metrics": with_baseline(items),
            "calibration": calibration(items, 10)}


def main():
    cases = [
        case("mixed", make(1, 240, ["peace", "ceasefire", "security_guarantees"],
                           CLASSES, [3, 3, 2, 6], 0.6)),
        case("semeval_like", make(2, 150, ["peace", "ceasefire"],
                                  CLASSES[:3], [2, 5, 3], 0.55)),
        case("no_favor_predicted", [
            {"article_id": "x", "quote_id": "1", "target": "peace", "gold": "favor", "pred": "against", "probs": [0.2, 0.7, 0.1]},
            {"article_id": "x", "quote_id": "2", "target": "peace", "gold": "against", "pred": "against", "probs": [0.1, 0.8, 0.1]},
            {"article_id": "y", "quote_id": "3", "target": "ceasefire", "gold": "neutral", "pred": "unrelated", "probs": [0, 0, 0]},
            {"article_id": "y", "quote_id": "4", "target": "ceasefire", "gold": "unrelated", "pred": "neutral", "probs": [0.3, 0.3, 0.4]},
        ]),
    ]
    values = [1.0, 2.5, 3.0, 4.25, 10.0]
    mean = sum(values) / len(values)
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))
    out = {"script": "eval/testdata/reference.py", "cases": cases,
           "summarize": {"values": values, "mean": mean, "sd": sd}}
    print(json.dumps(out, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
