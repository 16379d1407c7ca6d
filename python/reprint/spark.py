"""reprint on Apache Spark: the single-machine answer, from a cluster.

>>> from reprint.spark import dedup
>>> result = dedup(df, id_col="id", text_col="text", published_col="published")
>>> result.pairs.show()      # the example deduper's --pairs columns
>>> result.clusters.show()   # id, cluster, source, relation, via

`dedup` gives exactly what `Deduper().add_batch(all documents)` gives on one
machine: the same pairs, relations, figures, clusters and sources, whatever
the number of partitions or the order of the rows. Spark reads, shuffles and
joins; every decision is a call into the Rust engine (`reprint.Stages`, the
functions `Deduper.add_batch` itself runs), on whole partitions at a time:

1. fingerprint each document (shingle set, passage band keys);
2. shuffle the passages by band key: the buckets that hold passages of
   `boilerplate_docs` documents or more are judged on a sample of 16;
3. the verdicts (boilerplate or one story's) are made in Rust; the shingles
   learnt go to every executor (a broadcast) and leave every set;
4. candidate pairs: documents with passages in a bucket that is not
   boilerplate, with the number of passages they share;
5. each candidate verified in Rust on the two sets;
6. clusters: the story pairs are collected on the driver, which finds
   components and sources in Rust; the overlaps of members linked only
   through others are computed on the executors.

From a shell, as the example deduper's ``--pairs``::

    python -m reprint.spark --master 'local[2]' --pairs articles.jsonl

See docs/distributed.md for running on a cluster, what is shuffled, and the
one step that is not parallel.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, Dict, Iterable, Iterator, List, NamedTuple, Optional, Tuple

import reprint
from reprint import _reprint

try:
    from pyspark.sql import DataFrame, SparkSession, Window
    from pyspark.sql import functions as F
    from pyspark.sql import types as T
except ImportError as e:  # pragma: no cover - depends on the environment
    raise ImportError(
        "reprint.spark needs PySpark (and Java 17 or later): pip install pyspark"
    ) from e

__all__ = ["dedup", "SparkResult", "read_jsonl", "main"]

#: Documents (or candidate pairs, or samples) handed to Rust per call.
BATCH = 512

#: Sorts undated documents last, as the engine's report order does.
_UNDATED = 2**63 - 1

_PRINTS = T.StructType(
    [
        T.StructField("id", T.StringType(), False),
        T.StructField("published", T.LongType(), True),
        T.StructField("rank", T.LongType(), False),
        T.StructField("set", T.BinaryType(), False),
        T.StructField("keys", T.ArrayType(T.LongType(), False), False),
    ]
)

_SETS = T.StructType(
    [
        T.StructField("id", T.StringType(), False),
        T.StructField("published", T.LongType(), True),
        T.StructField("set", T.BinaryType(), False),
    ]
)

#: The example deduper's ``--pairs`` columns, then both publication times.
PAIRS = T.StructType(
    [
        T.StructField("id_a", T.StringType(), False),
        T.StructField("id_b", T.StringType(), False),
        T.StructField("relation", T.StringType(), False),
        T.StructField("containment_a_in_b", T.DoubleType(), False),
        T.StructField("containment_b_in_a", T.DoubleType(), False),
        T.StructField("jaccard", T.DoubleType(), False),
        T.StructField("shared_shingles", T.LongType(), False),
        T.StructField("published_a", T.LongType(), True),
        T.StructField("published_b", T.LongType(), True),
    ]
)

#: Cluster membership: one row per member; the source's relation is
#: "source"; a member linked only through others has no relation and names
#: the member it joined through in `via`. The figures compare the member
#: with its source (`a` is the source, `b` the member; null on the
#: source's own row), as `ClusterReprint` does.
CLUSTERS = T.StructType(
    [
        T.StructField("id", T.StringType(), False),
        T.StructField("cluster", T.LongType(), False),
        T.StructField("source", T.StringType(), False),
        T.StructField("relation", T.StringType(), True),
        T.StructField("via", T.StringType(), True),
        T.StructField("containment_a_in_b", T.DoubleType(), True),
        T.StructField("containment_b_in_a", T.DoubleType(), True),
        T.StructField("jaccard", T.DoubleType(), True),
        T.StructField("shared_shingles", T.LongType(), True),
    ]
)


class SparkResult(NamedTuple):
    """What `dedup` gives: two DataFrames and what was learnt on the way."""

    pairs: DataFrame
    """The verified pairs (`PAIRS`), sorted as `Deduper.pairs()` sorts them."""
    clusters: DataFrame
    """Cluster membership (`CLUSTERS`), clusters numbered in report order."""
    judged_buckets: int
    """Index buckets judged (those with passages of `boilerplate_docs`
    documents or more)."""
    boilerplate_buckets: int
    """Of those, the buckets found to be boilerplate."""
    learnt_shingles: int
    """Shingles learnt as boilerplate."""


def _stages(config: Dict[str, Any]) -> "reprint.Stages":
    return reprint.Deduper(**config).stages()


def _batches(rows: Iterable[Any], size: int = BATCH) -> Iterator[List[Any]]:
    batch: List[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _documents(
    df: DataFrame, id_col: str, text_col: str, published_col: Optional[str]
) -> DataFrame:
    """The input as (id, text, published): published as Unix seconds
    (whole numbers and timestamps) or as an RFC 3339 string, which Rust
    parses as the example deduper does."""
    columns = [F.col(id_col).cast("string").alias("id"), F.col(text_col).alias("text")]
    if published_col is None:
        columns.append(F.lit(None).cast("long").alias("published"))
    else:
        kind = df.schema[published_col].dataType
        if isinstance(kind, T.StringType):
            columns.append(F.col(published_col).alias("published"))
        elif isinstance(kind, (T.TimestampType, T.TimestampNTZType)):
            columns.append(F.unix_timestamp(F.col(published_col)).alias("published"))
        elif isinstance(kind, (T.IntegerType, T.LongType, T.ShortType)):
            columns.append(F.col(published_col).cast("long").alias("published"))
        else:
            raise TypeError(
                f"column {published_col!r} must hold whole Unix seconds, timestamps "
                f"or RFC 3339 strings, found {kind.simpleString()}"
            )
    return df.select(*columns)


def _check(docs: DataFrame) -> None:
    """Refuses what `Deduper.add_batch` refuses: a missing id or text, and
    an id given twice."""
    missing = docs.where(F.col("id").isNull() | F.col("text").isNull()).limit(1).collect()
    if missing:
        what = "id" if missing[0]["id"] is None else f"text (id {missing[0]['id']!r})"
        raise ValueError(f"a document has no {what}")
    twice = docs.groupBy("id").count().where(F.col("count") > 1).limit(1).collect()
    if twice:
        raise ValueError(f"duplicate id {twice[0]['id']!r}")


def dedup(
    df: DataFrame,
    id_col: str = "id",
    text_col: str = "text",
    published_col: Optional[str] = None,
    **config: Any,
) -> SparkResult:
    """Finds the reprints among the rows of `df`, on Spark: what
    `reprint.Deduper(**config).add_batch(rows)` finds on one machine.

    `id_col` (cast to string) and `text_col` name the columns; ids must be
    distinct. `published_col`, if given, holds whole Unix seconds,
    timestamps or RFC 3339 strings. `config` takes the keyword arguments of
    `reprint.Deduper` (validated on the driver first: a bad value raises
    ValueError before any Spark job).

    Returns a `SparkResult`: the pairs and cluster DataFrames (computed, and
    cached), and how many buckets were judged and learnt as boilerplate.
    The executors need this package installed (see docs/distributed.md).
    """
    stages = _stages(config)
    bands, sample_size, common_docs = stages.bands, stages.sample_size, stages.common_docs
    spark = df.sparkSession
    docs = _documents(df, id_col, text_col, published_col)
    _check(docs)

    # 1. Fingerprints: one Rust call per batch of documents.
    def fingerprint(rows: Iterator[Any]) -> Iterator[Tuple[Any, ...]]:
        st = _stages(config)
        for batch in _batches(rows):
            docs = [{"id": r.id, "text": r.text, "published": r.published} for r in batch]
            yield from st.fingerprint(docs)

    prints = spark.createDataFrame(docs.rdd.mapPartitions(fingerprint), _PRINTS).persist()

    # 2. Passages by bucket; the common buckets and their samples.
    entries = prints.select(
        "id", "rank", F.posexplode("keys").alias("pos", "key")
    ).select(
        "id",
        "rank",
        (F.col("pos") % bands).cast("int").alias("band"),
        F.expr(f"pos div {bands}").cast("int").alias("passage"),
        "key",
    ).persist()
    doc_buckets = entries.select("band", "key", "id", "rank").distinct()
    sizes = doc_buckets.groupBy("band", "key").agg(F.count("*").alias("docs")).persist()
    common = sizes.where(F.col("docs") >= common_docs).select("band", "key")
    first = Window.partitionBy("band", "key").orderBy("rank", "id")
    samples = (
        doc_buckets.join(common, ["band", "key"], "left_semi")
        .withColumn("n", F.row_number().over(first))
        .where(F.col("n") <= sample_size)
        .groupBy("band", "key")
        .agg(F.sort_array(F.collect_list("id")).alias("sample"))
        .withColumn("sample_key", F.to_json("sample"))
        .persist()
    )

    # 3. One verdict per distinct sample (a footer's buckets share one).
    def judge(rows: Iterator[Any]) -> Iterator[Tuple[str, Optional[bytes]]]:
        st = _stages(config)
        for batch in _batches(rows, 64):
            verdicts = st.boilerplate([[bytes(s) for s in r.sets] for r in batch])
            yield from ((r.sample_key, v) for r, v in zip(batch, verdicts))

    sampled_sets = (
        samples.select("sample_key", F.explode("sample").alias("id"))
        .distinct()
        .join(prints.select("id", "set"), "id")
        .groupBy("sample_key")
        .agg(F.collect_list("set").alias("sets"))
    )
    verdicts = spark.createDataFrame(
        sampled_sets.rdd.mapPartitions(judge), "sample_key string, learnt binary"
    ).persist()
    judged = samples.select("band", "key", "sample_key").join(verdicts, "sample_key")
    boilerplate = judged.where(F.col("learnt").isNotNull()).select("band", "key").persist()
    learnt_sets = [
        bytes(r.learnt) for r in verdicts.where(F.col("learnt").isNotNull()).collect()
    ]
    learnt = reprint.Stages.union(learnt_sets)
    judged_buckets, boilerplate_buckets = judged.count(), boilerplate.count()

    # Every set without the shingles learnt.
    if learnt:
        shared = spark.sparkContext.broadcast(learnt)

        def clean(rows: Iterator[Any]) -> Iterator[Tuple[Any, ...]]:
            for batch in _batches(rows):
                sets = reprint.Stages.without([bytes(r.set) for r in batch], shared.value)
                yield from ((r.id, r.published, s) for r, s in zip(batch, sets))

        sets = spark.createDataFrame(
            prints.select("id", "published", "set").rdd.mapPartitions(clean), _SETS
        )
    else:
        sets = prints.select("id", "published", "set")
    sets = sets.persist()

    # 4. Candidates: per document and passage, the other documents it meets
    # in buckets that are not boilerplate; a pair counts the passages of
    # whichever side has more.
    live = sizes.where(F.col("docs") >= 2).select("band", "key")
    live = live.join(boilerplate, ["band", "key"], "left_anti")
    hit = entries.join(live, ["band", "key"], "left_semi")
    mine = hit.select("band", "key", F.col("id").alias("d"), F.col("passage").alias("p"))
    theirs = hit.select("band", "key", F.col("id").alias("o")).distinct()
    counts = (
        mine.join(theirs, ["band", "key"])
        .where(F.col("d") != F.col("o"))
        .select("d", "p", "o")
        .distinct()
        .groupBy("d", "o")
        .agg(F.count("*").alias("n"))
    )
    candidates = counts.select(
        F.least("d", "o").alias("a"), F.greatest("d", "o").alias("b"), "n"
    ).groupBy("a", "b").agg(F.max("n").alias("n"))
    side = lambda name: sets.select(  # noqa: E731
        F.col("id").alias(name),
        F.col("published").alias(f"{name}_published"),
        F.col("set").alias(f"{name}_set"),
    )
    candidates = candidates.join(side("a"), "a").join(side("b"), "b")

    # 5. Each candidate verified.
    def verify(rows: Iterator[Any]) -> Iterator[Tuple[Any, ...]]:
        st = _stages(config)
        for batch in _batches(rows):
            rows_in = [
                (r.a, r.a_published, bytes(r.a_set), r.b, r.b_published, bytes(r.b_set), r.n)
                for r in batch
            ]
            yield from (p for p in st.verify(rows_in) if p is not None)

    pairs = spark.createDataFrame(candidates.rdd.mapPartitions(verify), PAIRS)
    pairs = pairs.orderBy(
        F.coalesce("published_a", F.lit(_UNDATED)),
        "id_a",
        F.coalesce("published_b", F.lit(_UNDATED)),
        "id_b",
    ).persist()

    # 6. Clusters: components and sources on the driver (the story pairs
    # only), the missing overlaps on the executors.
    story = pairs.where(F.col("relation").isin("duplicate", "reprint")).collect()
    plans = stages.plan_clusters([tuple(r) for r in story])
    missing = plans.missing()
    overlaps: Dict[Tuple[str, str], Tuple[int, float, float, float]] = {}
    if missing:
        wanted = spark.createDataFrame(missing, "source string, member string")
        both = wanted.join(
            sets.select(F.col("id").alias("source"), F.col("set").alias("source_set")), "source"
        ).join(sets.select(F.col("id").alias("member"), F.col("set").alias("member_set")), "member")

        def overlap(rows: Iterator[Any]) -> Iterator[Tuple[Any, ...]]:
            for batch in _batches(rows):
                figures = reprint.Stages.overlap(
                    [(bytes(r.source_set), bytes(r.member_set)) for r in batch]
                )
                yield from ((r.source, r.member, *f) for r, f in zip(batch, figures))

        for row in both.rdd.mapPartitions(overlap).collect():
            overlaps[(row[0], row[1])] = tuple(row[2:])  # type: ignore[assignment]
    clusters = plans.finish(overlaps)
    members = []
    for number, c in enumerate(clusters):
        members.append((c.source, number, c.source, "source", None, None, None, None, None))
        members.extend(
            (
                r.id,
                number,
                c.source,
                r.relation,
                r.via,
                r.containment_a_in_b,
                r.containment_b_in_a,
                r.jaccard,
                r.shared_shingles,
            )
            for r in c.reprints
        )
    membership = spark.createDataFrame(members, CLUSTERS).persist()

    for frame in (entries, sizes, samples, verdicts, boilerplate):
        frame.unpersist()
    prints.unpersist()
    return SparkResult(
        pairs=pairs,
        clusters=membership,
        judged_buckets=judged_buckets,
        boilerplate_buckets=boilerplate_buckets,
        learnt_shingles=len(learnt) // 4,
    )


def read_jsonl(
    spark: SparkSession, path: str, partitions: Optional[int] = None, skip_invalid: bool = False
) -> DataFrame:
    """The documents of a JSONL file as the example deduper reads them
    (`id`, `text`, `published`, `line`): blank lines, binary-looking texts
    and texts without a word left out; RFC 3339 or whole-second
    `published`. An invalid record raises ValueError naming its line
    (unless `skip_invalid`); a duplicate id raises ValueError naming both
    lines.
    """
    sc = spark.sparkContext
    lines = sc.textFile(path, partitions, use_unicode=False).zipWithIndex()

    def read(rows: Iterator[Any]) -> Iterator[Tuple[Any, ...]]:
        for batch in _batches(rows):
            yield from _reprint.read_jsonl([(i + 1, bytes(b)) for b, i in batch])

    read_schema = (
        "line long, kind string, doc struct<id: string, text: string, published: long>, "
        "reason string"
    )
    read_rows = spark.createDataFrame(lines.mapPartitions(read), read_schema).persist()
    if not skip_invalid:
        bad = read_rows.where(F.col("kind") == "invalid").orderBy("line").limit(1).collect()
        if bad:
            raise ValueError(f"{path}:{bad[0].line}: invalid record: {bad[0].reason}")
    docs = read_rows.where(F.col("kind") == "doc").select("line", "doc.*")
    twice = (
        docs.groupBy("id")
        .agg(F.count("*").alias("n"), F.sort_array(F.collect_list("line")).alias("lines"))
        .where(F.col("n") > 1)
        .orderBy(F.col("lines")[1])
        .limit(1)
        .collect()
    )
    if twice:
        first, second = twice[0].lines[0], twice[0].lines[1]
        raise ValueError(
            f"duplicate id {twice[0].id!r}: in {path}:{first} and in {path}:{second}"
        )
    return docs


#: The example deduper's engine options: flag, `Deduper` keyword, type.
_OPTIONS = [
    ("--min-containment", "min_containment", float),
    ("--min-shared-shingles", "min_shared_shingles", int),
    ("--min-shared-share", "min_shared_share", float),
    ("--duplicate-jaccard", "duplicate_jaccard", float),
    ("--shingle-size", "shingle_size", int),
    ("--shingle-chars", "shingle_chars", int),
    ("--boilerplate-docs", "boilerplate_docs", int),
    ("--passage-permutations", "passage_num_perm", int),
]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m reprint.spark",
        description="Find reprints in a JSONL file with Spark; --pairs prints exactly "
        "what the example deduper's --pairs prints for the same file.",
    )
    p.add_argument("input", metavar="FILE.jsonl", help="one JSON record per line: id, text, "
                   "and optionally published (RFC 3339 or Unix seconds)")
    p.add_argument("--master", default=None,
                   help="Spark master (default: the session's, else local[*])")
    p.add_argument("--partitions", type=int, default=None,
                   help="partitions to read the input into (and to shuffle into)")
    p.add_argument("--pairs", action="store_true",
                   help="write the verified pairs to stdout as tab-separated lines")
    p.add_argument("--out", metavar="DIR", default=None,
                   help="write pairs/ and clusters/ as Parquet under DIR")
    p.add_argument("--skip-invalid", action="store_true",
                   help="leave out invalid records instead of stopping at the first")
    defaults = reprint.Deduper().config
    for flag, field, kind in _OPTIONS:
        p.add_argument(flag, dest=field, type=kind, default=defaults[field],
                       help=f"as the example deduper's {flag} (default {defaults[field]})")
    return p




def main(argv: Optional[List[str]] = None) -> int:
    """`python -m reprint.spark`: see `--help`."""
    args = _parser().parse_args(argv)
    config = {field: getattr(args, field) for _, field, _ in _OPTIONS}
    try:
        reprint.Deduper(**config)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    # Executors run this interpreter, which has this package.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("reprint")
    builder = builder.master(args.master or "local[*]")
    # The answer is the same for any number of partitions; Spark's default
    # of 200 shuffle partitions only adds tasks on small inputs.
    builder = builder.config("spark.sql.shuffle.partitions", str(args.partitions or 8))
    builder = builder.config("spark.ui.showConsoleProgress", "false")
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        docs = read_jsonl(spark, args.input, args.partitions, args.skip_invalid)
        result = dedup(docs, published_col="published", **config)
        if args.out:
            result.pairs.write.mode("overwrite").parquet(os.path.join(args.out, "pairs"))
            result.clusters.write.mode("overwrite").parquet(os.path.join(args.out, "clusters"))
        if args.pairs:
            rows = [tuple(r) for r in result.pairs.collect()]
            sys.stdout.write(_reprint.pairs_tsv(rows))
        elif not args.out:
            print(
                f"{result.pairs.count()} pairs, {result.clusters.select('cluster').distinct().count()} "
                f"clusters; {result.boilerplate_buckets} of {result.judged_buckets} judged "
                f"buckets boilerplate, {result.learnt_shingles} shingles learnt"
            )
    except (ValueError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
