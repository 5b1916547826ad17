"""Evaluate and time the referral completeness check (DOMAIN.md D3).

Usage: python bench/completeness.py [FOLDER ...] [--verbose]

Each FOLDER holds referral texts (*.txt) and a labels.json ({file: {item code: bool}}); the
default is tests/data/referrals and tests/data/referrals_heldout. For each folder the script prints
per-item precision, recall and F1, the macro-F1 over the fourteen items, the micro-accuracy over all
item decisions, and the throughput in referrals per second on one core (the corpus is repeated
until about two CPU seconds have passed; CPU time, so other processes on the machine do not skew
it). --verbose also lists every wrong decision with its evidence.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from painpath.rules.completeness import ITEM_CODES, check_referral  # noqa: E402

DEFAULT_FOLDERS = (
    REPO_ROOT / "tests" / "data" / "referrals",
    REPO_ROOT / "tests" / "data" / "referrals_heldout",
)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        if self.tp + self.fp + self.fn == 0:
            return 1.0  # nothing to find and nothing wrongly found
        return 2 * p * r / (p + r) if p + r else 0.0


def load(folder: Path) -> tuple[dict[str, str], dict[str, dict[str, bool]]]:
    labels: dict[str, dict[str, bool]] = json.loads((folder / "labels.json").read_text("utf-8"))
    texts = {name: (folder / name).read_text("utf-8") for name in sorted(labels)}
    return texts, labels


def evaluate(
    texts: dict[str, str], labels: dict[str, dict[str, bool]], verbose: bool = False
) -> tuple[dict[str, Counts], float, float]:
    """Per-item counts, macro-F1 and micro-accuracy of the check against the labels."""
    counts = {code: Counts() for code in ITEM_CODES}
    for name, text in texts.items():
        result = check_referral(text)
        for code in ITEM_CODES:
            got, want = result.items[code].present, labels[name][code]
            c = counts[code]
            if got and want:
                c.tp += 1
            elif got:
                c.fp += 1
            elif want:
                c.fn += 1
            else:
                c.tn += 1
            if verbose and got != want:
                kind = "FP" if got else "FN"
                print(f"  {kind} {name} {code}: {list(result.items[code].evidence)}")
    macro_f1 = sum(c.f1 for c in counts.values()) / len(counts)
    total = sum(c.tp + c.fp + c.fn + c.tn for c in counts.values())
    micro_accuracy = sum(c.tp + c.tn for c in counts.values()) / total
    return counts, macro_f1, micro_accuracy


def throughput(texts: list[str], seconds: float = 2.0) -> tuple[float, float]:
    """Referrals per second on one core, repeating the corpus for about ``seconds``.

    Returns (per CPU second of this process, per wall-clock second); the first is the figure for
    one core and is not disturbed by other processes competing for the machine.
    """
    done = 0
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    while True:
        for text in texts:
            check_referral(text)
        done += len(texts)
        cpu = time.process_time() - cpu_start
        if cpu >= seconds:
            return done / cpu, done / (time.perf_counter() - wall_start)


def report(folder: Path, verbose: bool) -> None:
    texts, labels = load(folder)
    print(f"\n== {folder} ({len(texts)} referrals)")
    counts, macro_f1, micro_accuracy = evaluate(texts, labels, verbose)
    print(f"{'item':<22} {'prec':>6} {'recall':>6} {'F1':>6}   tp fp fn tn")
    for code, c in counts.items():
        print(
            f"{code:<22} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}   "
            f"{c.tp:2d} {c.fp:2d} {c.fn:2d} {c.tn:2d}"
        )
    print(f"macro-F1 {macro_f1:.3f}   micro-accuracy {micro_accuracy:.3f}")
    per_cpu, per_wall = throughput(list(texts.values()))
    print(f"throughput {per_cpu:.0f} referrals/s per CPU second (one core; {per_wall:.0f}/s wall)")


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv or "-v" in argv
    folders = [Path(a) for a in argv if not a.startswith("-")] or list(DEFAULT_FOLDERS)
    for folder in folders:
        report(folder, verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
