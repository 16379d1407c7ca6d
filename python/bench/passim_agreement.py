"""How the engine's pairs compare with passim's on real OCR'd newspapers.

    python python/bench/passim_agreement.py CORPUS.jsonl.gz PASSIM_PAIRS.tsv [--first 500]

CORPUS is the Chronicling America extraction of January 1916 (one JSON
object per page: id, text, published), PASSIM_PAIRS the page pairs that
share a passim reuse cluster on its first pages (`id_a`, `id_b`, header
line first). Both are development data kept outside the repository (see
the project's notes on corpora). For a few configurations, prints the
pairs found, how many are passim's, the share of passim's pairs found,
and the pairs passim lacks. passim's pairs are a reference, not ground
truth: pages in one passim cluster are paired even when they share text
only through other pages.

Needs the package installed (`pip install ./python`).
"""

import argparse
import gzip
import json
import time

import reprint

CONFIGS = [
    {},
    {"shingle_chars": 16},
    {"shingle_chars": 12},
    {"shingle_size": 3, "min_shared_shingles": 10},
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("pairs")
    parser.add_argument("--first", type=int, default=500)
    args = parser.parse_args()
    docs = []
    with gzip.open(args.corpus, "rt", encoding="utf-8") as f:
        for line in f:
            if len(docs) >= args.first:
                break
            d = json.loads(line)
            docs.append({"id": d["id"], "text": d["text"], "published": d["published"]})
    reference = set()
    with open(args.pairs, encoding="utf-8") as f:
        next(f)
        for line in f:
            a, b = line.rstrip("\n").split("\t")[:2]
            reference.add(frozenset((a, b)))
    print(f"{len(docs)} pages, {len(reference)} passim pairs")
    for config in CONFIGS:
        start = time.perf_counter()
        engine = reprint.Deduper(**config)
        engine.add_batch(docs)
        found = {frozenset((p.id_a, p.id_b)) for p in engine.pairs()}
        seconds = time.perf_counter() - start
        both = len(found & reference)
        print(
            f"{json.dumps(config):48} {seconds:5.1f} s  pairs {len(found):6}  passim's {both:5}"
            f"  share of passim's found {both / max(len(reference), 1):.3f}"
            f"  not passim's {len(found - reference)}"
        )


if __name__ == "__main__":
    main()
