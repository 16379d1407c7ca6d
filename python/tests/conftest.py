"""Shared fixtures: the repository's seeds and a generated corpus."""

import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def seeds():
    """The five real articles in seeds/, as (id, text), id = the 3-digit prefix."""
    files = sorted((ROOT / "seeds").glob("*.txt"))
    assert len(files) == 5
    return [(f.name[:3], f.read_text(encoding="utf-8")) for f in files]


def cargo_example(name, *args, stdout=None):
    """Runs one of the crate's examples (release build, as CI has built it)."""
    cmd = ["cargo", "run", "--quiet", "--release", "--example", name, "--", *args]
    return subprocess.run(
        cmd, cwd=ROOT, check=True, stdout=stdout, env={**os.environ, "NO_COLOR": "1"}
    )


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """A generated corpus of 2,000 documents (JSONL, as the CLI reads it) and
    the example deduper's `--pairs` TSV on it."""
    out = tmp_path_factory.mktemp("corpus")
    jsonl, truth = out / "corpus.jsonl", out / "truth.json"
    cargo_example(
        "gen_corpus", "--docs", "2000", "--seed", "3", "--out", str(jsonl), "--truth", str(truth)
    )
    tsv = cargo_example(
        "dedup", "--quiet", "--pairs", str(jsonl), stdout=subprocess.PIPE
    ).stdout.decode("utf-8")
    with open(jsonl, encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
    return {"jsonl": jsonl, "docs": docs, "tsv": tsv}
