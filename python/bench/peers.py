"""reprint's Python API against other MinHash libraries' Python APIs, on the
corpus e2e.py generates (read once with orjson; reading is not timed).

    python python/bench/peers.py /tmp/reprint-bench/corpus-100000.jsonl --docs 10000 100000

Not the same question, so the figures are speeds, not a contest of answers:
reprint finds passage-level reprints and verifies each pair exactly
(pairs with containment both ways and Jaccard); the peers as their READMEs
use them estimate whole-document Jaccard of word sets (128 permutations,
LSH at threshold 0.5) and give candidate pairs. Each library is timed from
the list of dicts to its pairs; datasketch (pure Python) only at the
smallest size. Install the peers in the bench venv only:
`pip install orjson rensa gaoya datasketch`.
"""

import argparse
import time

import orjson


def run_reprint(docs):
    import reprint

    d = reprint.Deduper()
    d.reserve(len(docs))
    d.add_batch(docs)
    return len(d.pairs())


def run_rensa(docs):
    from rensa import RMinHash, RMinHashLSH

    sigs = RMinHash.from_token_sets((doc["text"].split() for doc in docs), 128, 42)
    lsh = RMinHashLSH(0.5, 128, 16)  # 16 bands of 8 rows, as in rensa's README
    lsh.insert_many(sigs)
    found = lsh.query_all(sigs)
    # Counting the pairs is left out of the time: it is a Python loop over
    # every candidate, not rensa's work.
    return lambda: sum(sum(1 for j in hits if j > i) for i, hits in enumerate(found))


def run_gaoya(docs):
    from gaoya.minhash import MinHashStringIndex

    # 128 hashes as 16 bands of 8 (rensa's banding); word features.
    index = MinHashStringIndex(hash_size=32, jaccard_threshold=0.5, num_bands=16, band_size=8)
    ids = list(range(len(docs)))
    texts = [doc["text"] for doc in docs]
    index.par_bulk_insert_docs(ids, texts)
    found = index.par_bulk_query(texts)
    return lambda: sum(sum(1 for j in hits if j > i) for i, hits in enumerate(found))


def run_datasketch(docs):
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    pairs = 0
    for i, doc in enumerate(docs):
        m = MinHash(num_perm=128)
        m.update_batch([w.encode("utf-8") for w in set(doc["text"].split())])
        pairs += len(lsh.query(m))
        lsh.insert(i, m)
    return pairs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("jsonl")
    ap.add_argument("--docs", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--only", nargs="+", choices=["reprint", "rensa", "gaoya", "datasketch"])
    args = ap.parse_args()
    with open(args.jsonl, "rb") as f:
        docs = [orjson.loads(line) for line in f if line.strip()]
    runners = {
        "reprint": run_reprint,
        "rensa": run_rensa,
        "gaoya": run_gaoya,
        "datasketch": run_datasketch,
    }
    if args.only:
        runners = {k: v for k, v in runners.items() if k in args.only}
    for n in args.docs:
        subset = docs[:n]
        for name, fn in runners.items():
            if name == "datasketch" and n != min(args.docs):
                continue
            try:
                t = time.perf_counter()
                pairs = fn(subset)
                seconds = time.perf_counter() - t
                if callable(pairs):
                    pairs = pairs()
                print(f"{n:>7} docs  {name:10} {seconds:8.2f} s  {pairs:>8} pairs", flush=True)
            except ImportError:
                print(f"{n:>7} docs  {name:10} not installed")


if __name__ == "__main__":
    main()
