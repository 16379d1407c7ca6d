"""Python end to end against the example deduper, on one generated corpus.

    python python/bench/e2e.py --docs 100000 --rounds 3 [--dir /tmp/reprint-bench]

Generates the corpus once (`gen_corpus --seed 1`, JSONL with RFC 3339
times), then runs, alternately, in rounds (a load drifting over minutes
weighs on both alike):

- cli: `dedup --quiet --pairs corpus.jsonl > cli.tsv` (the release example);
- python: this file's `run` step in a fresh interpreter: read the JSONL into
  a list of dicts (the standard library's json.loads), `Deduper.reserve` +
  `add_batch`, `pairs()`, the same TSV written to python.tsv;
- python+orjson: the same with orjson.loads (when orjson is installed in
  the interpreter running this: `pip install orjson`; never a dependency of
  the package);
- python+read_jsonl: the list of documents from `reprint.read_jsonl` (the
  engine's own reader, parsing in parallel without the GIL), then the same.

Each run is timed by `/usr/bin/time -v` (wall clock, peak RSS); the two TSVs
must be equal. Needs the package installed (`pip install ./python`) in the
interpreter running this, and cargo.
"""

import argparse
import json
import pathlib
import re
import statistics
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def run(parser, jsonl, out):
    import reprint

    if parser == "read_jsonl":
        docs = reprint.read_jsonl(jsonl)
    else:
        loads = json.loads
        if parser == "orjson":
            import orjson

            loads = orjson.loads
        with open(jsonl, "rb") as f:
            docs = [loads(line) for line in f if line.strip()]
    d = reprint.Deduper()
    d.reserve(len(docs))
    d.add_batch(docs)
    pairs = d.pairs()
    with open(out, "w", encoding="utf-8") as f:
        f.write("id_a\tid_b\trelation\tcontainment_a_in_b\tcontainment_b_in_a\tjaccard\tshared_shingles\n")
        for p in pairs:
            f.write(
                f"{p.id_a}\t{p.id_b}\t{p.relation}\t{p.containment_a_in_b:.4f}\t"
                f"{p.containment_b_in_a:.4f}\t{p.jaccard:.4f}\t{p.shared_shingles}\n"
            )


def timed(cmd, stdout):
    """Wall seconds and peak RSS (MiB) of one command, from /usr/bin/time -v."""
    with open(stdout, "w") as out:
        r = subprocess.run(
            ["/usr/bin/time", "-v", *cmd], stdout=out, stderr=subprocess.PIPE, text=True, check=True
        )
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", r.stderr).group(1)
    seconds = sum(float(x) * 60**i for i, x in enumerate(reversed(wall.split(":"))))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1)) / 1024
    return seconds, rss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--dir", default="/tmp/reprint-bench")
    ap.add_argument("--run", nargs=3, metavar=("PARSER", "JSONL", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run:
        return run(*args.run)
    work = pathlib.Path(args.dir)
    work.mkdir(parents=True, exist_ok=True)
    jsonl = work / f"corpus-{args.docs}.jsonl"
    cargo = ["cargo", "run", "--quiet", "--release", "--example"]
    if not jsonl.exists():
        subprocess.run(
            [*cargo, "gen_corpus", "--", "--docs", str(args.docs), "--seed", "1", "--out", str(jsonl)],
            cwd=ROOT,
            check=True,
        )
    subprocess.run([*cargo, "dedup", "--", "--help"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    cli_bin = ROOT / "target" / "release" / "examples" / "dedup"
    runs = {
        "cli": ([str(cli_bin), "--quiet", "--pairs", str(jsonl)], work / "cli.tsv"),
        "python": ([sys.executable, __file__, "--run", "json", str(jsonl), str(work / "python.tsv")], work / "stdout.txt"),
    }
    try:
        import orjson  # noqa: F401

        runs["python+orjson"] = (
            [sys.executable, __file__, "--run", "orjson", str(jsonl), str(work / "orjson.tsv")],
            work / "stdout.txt",
        )
    except ImportError:
        print("orjson not installed: python+orjson not run")
    runs["python+read_jsonl"] = (
        [sys.executable, __file__, "--run", "read_jsonl", str(jsonl), str(work / "read_jsonl.tsv")],
        work / "stdout.txt",
    )
    results = {name: [] for name in runs}
    for r in range(args.rounds):
        for name, (cmd, out) in runs.items():
            seconds, rss = timed(cmd, out)
            results[name].append((seconds, rss))
            print(f"round {r + 1} {name:17} {seconds:6.2f} s  {rss:7.0f} MiB", flush=True)
    cli_tsv = (work / "cli.tsv").read_text()
    outs = ["python.tsv", "read_jsonl.tsv"] + (["orjson.tsv"] if "python+orjson" in runs else [])
    same = all((work / o).read_text() == cli_tsv for o in outs)
    pairs = len((work / "cli.tsv").read_text().splitlines()) - 1
    print(f"{args.docs} documents, {jsonl.stat().st_size / 1e6:.0f} MB; {pairs} pairs; TSVs equal: {same}")
    for name, rs in results.items():
        t = [s for s, _ in rs]
        print(f"{name:17} wall {min(t):.2f}-{max(t):.2f} s (median {statistics.median(t):.2f}), "
              f"peak RSS {max(m for _, m in rs):.0f} MiB")
    for name in [n for n in results if n != "cli"]:
        ratios = [p[0] / c[0] for p, c in zip(results[name], results["cli"])]
        print(f"{name} / cli per round: {', '.join(f'{x:.2f}' for x in ratios)} "
              f"(median {statistics.median(ratios):.2f})")
    if not same:
        sys.exit("the two TSVs differ")


if __name__ == "__main__":
    main()
