"""reprint on Spark gives exactly the single-machine answer.

Runs under `local[2]` on a generated corpus. Skipped when PySpark is not
installed, unless REPRINT_REQUIRE_SPARK is set (CI sets it, so there it
cannot be skipped).
"""

import gzip
import os
import random
import subprocess
import sys

import pytest

import reprint

if os.environ.get("REPRINT_REQUIRE_SPARK"):
    import pyspark  # noqa: F401  (CI: a missing PySpark is a failure)
else:
    pytest.importorskip("pyspark")

from pyspark.sql import SparkSession  # noqa: E402

from reprint import spark as rspark  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("reprint-tests")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def single(corpus):
    """The single-machine answer: `Deduper().add_batch` on every document."""
    d = reprint.Deduper()
    d.add_batch(corpus["docs"])
    return d


def pair_rows(pairs):
    return [
        (p.id_a, p.id_b, p.relation, p.containment_a_in_b, p.containment_b_in_a, p.jaccard,
         p.shared_shingles)
        for p in pairs
    ]


def membership(clusters):
    rows = []
    for number, c in enumerate(clusters):
        rows.append((c.source, number, c.source, "source", None, None, None, None, None))
        rows.extend(
            (r.id, number, c.source, r.relation, r.via, r.containment_a_in_b,
             r.containment_b_in_a, r.jaccard, r.shared_shingles)
            for r in c.reprints
        )
    return sorted(rows, key=lambda r: (r[1], r[0]))


def run(spark, docs, partitions):
    df = spark.createDataFrame(
        [(d["id"], d["text"], d.get("published")) for d in docs],
        "id string, text string, published string",
    ).repartition(partitions)
    assert df.rdd.getNumPartitions() == partitions
    result = rspark.dedup(df, published_col="published")
    pairs = [tuple(r)[:7] for r in result.pairs.collect()]
    clusters = sorted((tuple(r) for r in result.clusters.collect()), key=lambda r: (r[1], r[0]))
    return result, pairs, clusters


@pytest.mark.parametrize("partitions,shuffle", [(1, False), (3, False), (8, False), (3, True)])
def test_pairs_and_clusters_equal_the_single_machine_run(spark, corpus, single, partitions, shuffle):
    docs = list(corpus["docs"])
    if shuffle:
        random.Random(7).shuffle(docs)
    result, pairs, clusters = run(spark, docs, partitions)
    expected = pair_rows(single.pairs())
    assert len(expected) > 1000
    assert pairs == expected  # same pairs, relations, figures and order
    assert clusters == membership(single.clusters())
    # The corpus's outlets share footers: buckets were judged and some
    # learnt as boilerplate, so the shuffled verdict path was exercised.
    assert result.judged_buckets > 0
    assert 0 < result.boilerplate_buckets <= result.judged_buckets
    assert result.learnt_shingles > 0


def test_cli_pairs_equal_the_example_deduper(spark, corpus, single, tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "reprint.spark", "--master", "local[2]", "--partitions", "3",
         "--pairs", "--out", str(tmp_path / "out"), str(corpus["jsonl"])],
        check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert out.stdout.decode("utf-8") == corpus["tsv"]
    # --out wrote the same pairs and clusters as Parquet.
    written = spark.read.parquet(str(tmp_path / "out" / "pairs"))
    assert written.columns[:7] == corpus["tsv"].splitlines()[0].split("\t")
    assert sorted(tuple(r)[:7] for r in written.collect()) == sorted(pair_rows(single.pairs()))
    clusters = spark.read.parquet(str(tmp_path / "out" / "clusters")).collect()
    assert sorted(map(tuple, clusters), key=lambda r: (r[1], r[0])) == membership(
        single.clusters()
    )


def test_bad_input_is_a_clear_error(spark, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "one two three"}\n{"id": 5, "text": ["x"]}\n')
    with pytest.raises(ValueError, match=r"bad.jsonl:2: invalid record"):
        rspark.dedup_jsonl(spark, str(bad))
    assert rspark.dedup_jsonl(spark, str(bad), skip_invalid=True).pairs.count() == 0
    twice = tmp_path / "twice.jsonl"
    twice.write_text('{"id": "a", "text": "one two"}\n\n{"id": "a", "text": "three"}\n')
    with pytest.raises(ValueError, match=r"duplicate id 'a': in .*twice.jsonl:1 and in .*:3"):
        rspark.dedup_jsonl(spark, str(twice))
    df = spark.createDataFrame([("a", "x"), (None, "y")], "id string, text string")
    with pytest.raises(ValueError, match="a row has no id"):
        rspark.dedup(df)
    df = spark.createDataFrame([("a", "x"), ("a", "y")], "id string, text string")
    with pytest.raises(ValueError, match="duplicate id 'a'"):
        rspark.dedup(df)
    with pytest.raises(ValueError, match="min_containment"):
        rspark.dedup(df, min_containment=2.0)


def read_ranges(path, size, cuts, block):
    """Every block of `path` split at `cuts`, as `_blocks` gives them."""
    bounds = [0, *cuts, size]
    return [b for lo, hi in zip(bounds, bounds[1:]) for b in rspark._blocks(str(path), lo, hi, block)]


@pytest.mark.parametrize("seed", range(40))
def test_byte_ranges_hold_every_line_once(tmp_path, seed):
    # Lines of any length (empty, longer than a read, CRLF, no last
    # newline), split into ranges anywhere: the ranges' blocks are the
    # file, in order, each block whole lines from a line's start.
    rng = random.Random(seed)
    lines = [b"x" * rng.choice([0, 1, 2, 5, 17, 40]) + rng.choice([b"\n", b"\r\n"])
             for _ in range(rng.randrange(0, 30))]
    data = b"".join(lines)
    if data and rng.random() < 0.5:
        data = data.rstrip(b"\n")
    path = tmp_path / "f.jsonl"
    path.write_bytes(data)
    cuts = sorted(rng.randrange(0, len(data) + 1) for _ in range(rng.randrange(0, 6)))
    blocks = read_ranges(path, len(data), cuts, rng.choice([1, 3, 8, 64]))
    assert b"".join(b for _, b in blocks) == data
    for at, block in blocks:
        assert block
        assert at == 0 or data[at - 1:at] == b"\n"
        assert data[at:at + len(block)] == block
        assert block.endswith(b"\n") or at + len(block) == len(data)


def test_a_line_past_the_limit_is_cut_and_ends_the_range(tmp_path, monkeypatch):
    monkeypatch.setattr(rspark, "MAX_LINE", 10)
    path = tmp_path / "long.jsonl"
    path.write_bytes(b"short\n" + b"y" * 30 + b"\nafter\n")
    blocks = list(rspark._blocks(str(path), 0, 40, 4))
    assert blocks[-1] == (6, b"y" * 11)
    assert b"".join(b for _, b in blocks[:-1]) == b"short\n"


def test_the_command_takes_the_cores_or_one_partition_per_512_mib(tmp_path):
    class Context:
        defaultParallelism = 2

    class Session:
        sparkContext = Context()

    path = tmp_path / "input.jsonl"
    for size, partitions in [(0, 2), (1000, 2), (1 << 30, 2), ((1 << 30) + 1, 4),
                             (5 << 30, 10)]:
        with open(path, "wb") as f:
            f.truncate(size)  # sparse: nothing written
        assert rspark._partitions_for(Session(), str(path)) == partitions, size
    assert rspark._partitions_for(Session(), str(tmp_path / "missing.jsonl")) == 2


def test_a_local_run_takes_half_the_memory_for_its_jvm(monkeypatch):
    sizes = {"SC_PAGE_SIZE": 4096}

    def sysconf(name):
        return sizes[name]

    monkeypatch.setattr(rspark.os, "sysconf", sysconf)
    sizes["SC_PHYS_PAGES"] = (24 << 30) // 4096
    assert rspark._local_driver_memory() == "12288m"
    sizes["SC_PHYS_PAGES"] = (1 << 30) // 4096
    assert rspark._local_driver_memory() == "1024m"
    del sizes["SC_PHYS_PAGES"]  # unknown: Spark's own default
    monkeypatch.setattr(rspark.os, "sysconf", lambda name: sizes.get(name) or int("x"))
    assert rspark._local_driver_memory() is None


def chain_of_reprints():
    """Four articles, each sharing half of its paragraphs with the next:
    one cluster whose source is linked to the last only through others."""
    rng = random.Random(11)
    vocab = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9)))
             for _ in range(5000)]

    def paragraph():
        return " ".join(rng.choice(vocab) for _ in range(60)).capitalize() + "."

    parts = [[paragraph() for _ in range(6)] for _ in range(5)]
    return [
        {"id": name, "text": "\n\n".join(parts[i] + parts[i + 1]),
         "published": f"2026-01-0{i + 1}T00:00:00Z"}
        for i, name in enumerate("abcd")
    ]


@pytest.mark.parametrize("partitions", [1, 3])
def test_a_member_linked_through_others_gets_its_overlap_with_the_source(spark, partitions):
    docs = chain_of_reprints()
    single = reprint.Deduper()
    single.add_batch(docs)
    expected = membership(single.clusters())
    # The chain's far end joins through its neighbour: its overlap with the
    # source was not verified, and the driver computes it from the sets.
    assert [r[4] for r in expected if r[4] is not None] != []
    _, _, clusters = run(spark, docs, partitions)
    assert clusters == expected


def test_jsonl_read_by_the_workers_or_by_spark_gives_the_same(
    spark, corpus, single, monkeypatch, tmp_path
):
    # In local mode the workers read a local file's byte ranges themselves;
    # elsewhere Spark's textFile reads it. Both give the single answer.
    expected = pair_rows(single.pairs())
    for partitions in (1, 5):
        result = rspark.dedup_jsonl(spark, str(corpus["jsonl"]), partitions)
        assert [tuple(r)[:7] for r in result.pairs.collect()] == expected
    # A compressed file is Spark's to read (it decompresses it).
    packed = tmp_path / "corpus.jsonl.gz"
    packed.write_bytes(gzip.compress(corpus["jsonl"].read_bytes()))
    assert rspark._local_file(spark, str(packed)) is None
    result = rspark.dedup_jsonl(spark, str(packed))
    assert [tuple(r)[:7] for r in result.pairs.collect()] == expected
    monkeypatch.setattr(rspark, "_local_file", lambda spark, path: None)
    result = rspark.dedup_jsonl(spark, str(corpus["jsonl"]), 3)
    assert [tuple(r)[:7] for r in result.pairs.collect()] == expected


def test_a_line_longer_than_the_deduper_reads_is_an_error(spark, tmp_path):
    path = tmp_path / "long.jsonl"
    with open(path, "wb") as f:
        f.write(b'{"id": "a", "text": "one two"}\n')
        f.write(b"x" * (rspark.MAX_LINE + 1) + b"\n")
    for skip_invalid in (False, True):
        with pytest.raises(ValueError, match=r"long.jsonl:2: line longer than 67108864 bytes"):
            rspark.dedup_jsonl(spark, str(path), skip_invalid=skip_invalid)
