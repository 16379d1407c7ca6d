"""Driver memory of the one step of reprint.spark that is not parallel:
`Stages.plan_clusters` fed story pairs from a generator, as the Spark
driver feeds them. Prints the peak RSS it adds.

    python python/bench/plan_memory.py [--pairs 1000000]
"""

import argparse
import resource

import reprint


def rows(n):
    """`n` story pairs in clusters of five: a source and four reprints."""
    for i in range(n):
        c = i // 4
        a, b = f"doc{c * 5:012d}", f"doc{c * 5 + 1 + i % 4:012d}"
        yield (a, b, "reprint", 0.9, 0.8, 0.75, 300, 1_600_000_000 + c, 1_600_000_100 + c)


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--pairs", type=int, default=1_000_000)
    n = p.parse_args().pairs
    stages = reprint.Deduper().stages()
    before = peak_mib()
    plans = stages.plan_clusters(rows(n))
    docs = n + n // 4
    added = peak_mib() - before
    print(
        f"{n} story pairs over {docs} documents, {len(plans)} clusters: "
        f"peak RSS +{added:.0f} MiB, {added * 2**20 / n:.0f} bytes per pair"
    )


if __name__ == "__main__":
    main()
