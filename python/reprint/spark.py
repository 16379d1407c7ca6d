"""reprint on Apache Spark: the single-machine answer, from a cluster.

>>> from reprint.spark import dedup
>>> result = dedup(df, id_col="id", text_col="text", published_col="published")
>>> result.pairs.show()      # the example deduper's --pairs columns
>>> result.clusters.show()   # id, cluster, source, relation, via

`dedup` gives exactly what `Deduper().add_batch(all documents)` gives on one
machine: the same pairs, relations, figures, clusters and sources, whatever
the number of partitions or the order of the rows (`dedup_jsonl` the same
for a JSONL file). Spark moves bytes; every decision is a call into the
Rust engine (`reprint.Stages`, on whole batches). What is shuffled is a few
large byte strings per partition, not a row per passage:

1. fingerprint each batch of documents: its postings (each passage's band
   keys) as one string per bucket partition, its shingle sets as one string
   per document partition;
2. each bucket partition groups its buckets: it samples the common ones
   (passages of `boilerplate_docs` documents or more) and counts the
   candidate pairs of the others at once;
3. the samples are judged (boilerplate or one story's); the boilerplate
   buckets and the shingles learnt go to every executor (broadcasts);
4. the common buckets that are not boilerplate add their pair counts, and
   each pair's counts are merged in its pair partition: the document
   partition of one of its two documents;
5. each pair partition asks the other document partitions for the sets
   it does not hold and verifies its candidates, learnt shingles left out;
6. clusters: the story pairs are collected on the driver, which finds
   components and sources in Rust; for the few members linked only
   through others, the document partitions send it the sets of theirs
   that their overlaps with their sources need, and it computes them.

From a shell, as the example deduper's ``--pairs``::

    python -m reprint.spark --master 'local[2]' --pairs articles.jsonl

See docs/distributed.md for running on a cluster, what is shuffled, and the
one step that is not parallel.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import zlib
from typing import Any, Callable, Dict, Iterable, Iterator, List, NamedTuple, Optional, Tuple

import reprint
from reprint import _reprint

try:
    from pyspark import RDD, StorageLevel
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql import functions as F
    from pyspark.sql import types as T
except ImportError as e:  # pragma: no cover - depends on the environment
    raise ImportError(
        "reprint.spark needs PySpark (and Java 17 or later): pip install pyspark"
    ) from e

__all__ = ["dedup", "dedup_jsonl", "SparkResult", "main"]

#: Documents (or candidate pairs, or samples) handed to Rust per call.
BATCH = 512

#: Bits of a line's place in its partition, in a line position.
_PLACE_BITS = 40

#: Sorts undated documents last, as the engine's report order does.
_UNDATED = 2**63 - 1

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


def _stages(config: Dict[str, Any], threads: Optional[int] = None) -> "reprint.Stages":
    return reprint.Deduper(**config).stages(threads=threads)


def _task_threads(spark: SparkSession) -> int:
    """The threads a task's Rust calls use: its cores (`spark.task.cpus`,
    1 by default). Spark already runs a task on every core; more threads
    per call would only contend with the other tasks and the JVM."""
    try:
        return max(1, int(spark.sparkContext.getConf().get("spark.task.cpus", "1")))
    except ValueError:
        return 1


class _Clock:
    """Stage timings for `dedup(timings=...)`; does nothing without them."""

    def __init__(self, timings: Optional[Dict[str, float]]) -> None:
        self.timings = timings
        self.start = time.perf_counter()

    def mark(self, stage: str, frame: Any = None) -> None:
        if self.timings is None:
            return
        if frame is not None:
            frame.count()
        now = time.perf_counter()
        self.timings[stage] = self.timings.get(stage, 0.0) + now - self.start
        self.start = now


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


def dedup(
    df: DataFrame,
    id_col: str = "id",
    text_col: str = "text",
    published_col: Optional[str] = None,
    *,
    timings: Optional[Dict[str, float]] = None,
    **config: Any,
) -> SparkResult:
    """Finds the reprints among the rows of `df`, on Spark: what
    `reprint.Deduper(**config).add_batch(rows)` finds on one machine.

    `id_col` (cast to string) and `text_col` name the columns; every row
    needs both, and ids must be distinct (else ValueError). `published_col`,
    if given, holds whole Unix seconds, timestamps or RFC 3339 strings.
    `config` takes the keyword arguments of `reprint.Deduper` (validated on
    the driver first: a bad value raises ValueError before any Spark job).
    The shuffles use `spark.sql.shuffle.partitions` partitions.

    Given a dict as `timings`, each stage is run to its end before the next
    and its wall time in seconds stored under its name (a breakdown for
    benchmarks).

    Returns a `SparkResult`: the pairs and cluster DataFrames (cached; the
    verified pairs are computed and kept, and sorted into the pairs
    DataFrame when it is first used), and how many buckets were judged and
    learnt as boilerplate.
    The executors need this package installed (see docs/distributed.md).
    """
    stages = _stages(config)
    docs = _documents(df, id_col, text_col, published_col)
    threads = _task_threads(df.sparkSession)

    def fingerprint(_: int, rows: Iterator[Any], parts: int) -> Iterator[Tuple[Any, ...]]:
        st = _stages(config, threads)
        for batch in _batches(rows):
            problems = [
                (None, "a row has no id" if r.id is None else f"the row of id {r.id!r} has no text")
                for r in batch
                if r.id is None or r.text is None
            ]
            given = [
                {"id": r.id, "text": r.text, "published": r.published}
                for r in batch
                if r.id is not None and r.text is not None
            ]
            ids, postings, sets = st.fingerprint(given, parts)
            yield [(i, None) for i in ids], postings, sets, problems, []

    return _run(
        df.sparkSession, stages, config, docs.rdd, fingerprint, int, "", False, timings
    )[0]


def dedup_jsonl(
    spark: SparkSession,
    path: str,
    partitions: Optional[int] = None,
    skip_invalid: bool = False,
    *,
    timings: Optional[Dict[str, float]] = None,
    **config: Any,
) -> SparkResult:
    """`dedup` on a JSONL file read as the example deduper reads it: one
    record per line with `id`, `text` and optionally `published` (RFC 3339
    or whole Unix seconds); blank lines, binary-looking texts and texts
    without a word left out. An invalid record raises ValueError naming its
    line (unless `skip_invalid`); an id given twice raises ValueError
    naming both lines. The file is read into `partitions` partitions (at
    least; Spark's default otherwise). The text goes from the file to Rust
    and never back: only the fingerprints are shuffled.
    """
    return _jsonl_run(spark, path, partitions, skip_invalid, timings, config)[0]


def _jsonl_run(
    spark: SparkSession,
    path: str,
    partitions: Optional[int],
    skip_invalid: bool,
    timings: Optional[Dict[str, float]],
    config: Dict[str, Any],
) -> Tuple[SparkResult, RDD]:
    """`dedup_jsonl`, with the verified rows (`_run`)."""
    stages = _stages(config)
    local = _local_file(spark, path)
    if local is not None:
        return _run(spark, stages, config, *_ranges_of(spark, local, partitions, config),
                    path, skip_invalid, timings)
    lines = spark.sparkContext.textFile(path, partitions, use_unicode=False)
    threads = _task_threads(spark)

    def fingerprint(part: int, rows: Iterator[Any], parts: int) -> Iterator[Tuple[Any, ...]]:
        # A line's position: its partition and its place in it (the first
        # line of the file is 1, which the byte-order-mark rule needs).
        # Line numbers are worked out from positions only for a message.
        st = _stages(config, threads)
        numbered = ((part << _PLACE_BITS | i + 1, bytes(b)) for i, b in enumerate(rows))
        for batch in _batches(numbered):
            yield st.fingerprint_jsonl(batch, parts)

    def line_of(position: int) -> int:
        part, place = position >> _PLACE_BITS, position & ((1 << _PLACE_BITS) - 1)
        before = lines.mapPartitionsWithIndex(
            lambda i, rows: [sum(1 for _ in rows)] if i < part else []
        ).sum()
        return int(before) + place

    return _run(spark, stages, config, lines, fingerprint, line_of, path, skip_invalid, timings)


def _local_file(spark: SparkSession, path: str) -> Optional[str]:
    """`path` as a file of this machine's file system if Spark runs here
    (a `local` master) and would read it from there as it is (not
    compressed), else None: then the workers can read it themselves, as
    Spark would."""
    sc = spark.sparkContext
    if not sc.master.startswith("local"):
        return None
    if path.startswith("file:"):
        local = path[len("file:"):]
        local = "/" + local.lstrip("/") if local.startswith("//") else local
    elif "://" in path:
        return None
    else:
        try:
            default = sc._jsc.hadoopConfiguration().get("fs.defaultFS") or "file:///"
        except Exception:  # pragma: no cover - a gateway without Hadoop's configuration
            return None
        if not default.startswith("file:"):
            return None
        local = path
    # Spark decompresses these by their names; the workers would not.
    if local.lower().endswith(_COMPRESSED):
        return None
    return local if os.path.isfile(local) else None


#: Endings of the files Hadoop's codecs decompress when Spark reads text.
_COMPRESSED = (".gz", ".bz2", ".deflate", ".zst", ".lz4", ".snappy", ".xz")


def _ranges_of(
    spark: SparkSession, path: str, partitions: Optional[int], config: Dict[str, Any]
) -> Tuple[RDD, Callable[..., Iterator[Tuple[Any, ...]]], Callable[[int], int]]:
    """A local JSONL file as byte ranges, one per partition, which the
    workers read themselves (no line passes through the JVM), with the
    `fingerprint` and `line_of` of `_run` for them. A line belongs to the
    range holding its first byte, as Hadoop splits text, but lines end only
    at a newline, as the example deduper reads them; a line's position is
    its byte offset plus one."""
    sc = spark.sparkContext
    size = os.path.getsize(path)
    n = max(1, partitions or sc.defaultParallelism)
    ranges = sc.parallelize([(size * i // n, size * (i + 1) // n) for i in range(n)], n)
    threads = _task_threads(spark)

    def fingerprint(_: int, rows: Iterator[Tuple[int, int]], parts: int) -> Iterator[Tuple[Any, ...]]:
        st = _stages(config, threads)
        for lo, hi in rows:
            for at, block in _blocks(path, lo, hi):
                yield st.fingerprint_block(block, at, parts)

    def line_of(position: int) -> int:
        return _newlines(path, position - 1) + 1

    return ranges, fingerprint, line_of


#: Bytes of a local JSONL file read and handed to Rust at a time.
BLOCK = 8 << 20

#: The longest line the example deduper reads, its ending left out.
MAX_LINE = 64 << 20


def _blocks(path: str, lo: int, hi: int, size: int = BLOCK) -> Iterator[Tuple[int, bytes]]:
    """The lines of `path` that start in bytes `[lo, hi)`, as blocks of
    whole lines `(offset of the block, bytes)`: each line ends with a
    newline, or at the end of the file. A line longer than `MAX_LINE` is
    cut after `MAX_LINE + 1` bytes, and nothing after it is read (the line
    is too long to read, which fails the run)."""
    with open(path, "rb") as f:
        at = max(lo - 1, 0)
        f.seek(at)
        buf = b""
        if lo > 0:
            # The line holding byte lo - 1 is an earlier range's.
            while True:
                data = f.read(size)
                if not data:
                    return
                end = data.find(b"\n")
                if end >= 0:
                    at, buf = at + end + 1, data[end + 1:]
                    break
                at += len(data)
        while at < hi:
            data = f.read(size)
            buf += data
            # Lines starting before hi are this range's: up to the end of
            # the line that holds byte hi - 1.
            if len(buf) >= hi - at:
                cut = buf.find(b"\n", hi - at - 1)
                if cut >= 0:
                    yield at, buf[: cut + 1]
                    return
            end = buf.rfind(b"\n")
            if end >= 0:
                yield at, buf[: end + 1]
                at, buf = at + end + 1, buf[end + 1:]
            if len(buf) > MAX_LINE:
                yield at, buf[: MAX_LINE + 1]
                return
            if not data:
                if buf:
                    yield at, buf
                return


def _newlines(path: str, end: int) -> int:
    """The newlines in the first `end` bytes of `path`."""
    count = 0
    with open(path, "rb") as f:
        while end > 0:
            data = f.read(min(end, BLOCK))
            if not data:
                break
            count += data.count(b"\n")
            end -= len(data)
    return count


def _identity(part: int) -> int:
    """The partition of a key that is its partition number (one function
    object, so that Spark sees every such partitioning as the same)."""
    return part


def _id_part(id: str) -> int:
    """A partition function for ids (stable across processes, unlike
    `hash` of a string)."""
    return zlib.crc32(id.encode("utf-8", "surrogatepass"))


def _repeated(rows: Iterable[Tuple[str, Optional[int]]]) -> Iterator[Tuple[int, str, List[int]]]:
    """Of one partition's `(id, position)` rows (all rows of an id in one
    partition), each id given more than once as `(second position or -1,
    id, its positions sorted)`: the first by the order of these tuples is
    the id reported (the one whose repeat comes first)."""
    count: Dict[str, int] = {}
    where: Dict[str, List[int]] = {}
    for id, at in rows:
        count[id] = count.get(id, 0) + 1
        if at is not None:
            where.setdefault(id, []).append(at)
    for id, n in count.items():
        if n > 1:
            at = sorted(where.get(id, []))
            yield (at[1] if len(at) > 1 else -1, id, at)


def _strings(strings: List[bytes]) -> List[Tuple[int, bytes]]:
    """Byte strings made for partitions `0..n`, keyed by partition; empty
    ones left out."""
    return [(i, b) for i, b in enumerate(strings) if b]


def _split(tagged: Iterator[Tuple[int, Tuple[int, Any]]], tags: int = 2) -> List[List[Any]]:
    """The values of one partition of `(part, (tag, value))` items, by tag
    (`0..tags`)."""
    out: List[List[Any]] = [[] for _ in range(tags)]
    for _, (tag, value) in tagged:
        out[tag].append(value)
    return out


def _fetch(
    work: RDD,
    held: RDD,
    parts: int,
    compute: Callable[[List[Any], List[bytes]], Iterable[Any]],
) -> RDD:
    """Brings each work partition the shingle sets its items name: `work`
    holds one `(k, items)` per pair partition `k`, each item's first two
    fields document ids; `held` the `(j, sets string)` of the documents,
    already in document partition `j` (partitioned by `_identity`, so the
    sets stay where they are). Each work partition asks the document
    partitions for its sets (one requests string each), they answer with
    one sets string per asker, and `compute(items, sets)` runs beside the
    answers. Only the requests and the answers are shuffled. A pair
    partition is the document partition of one of each pair's documents
    (`Stages.pair_part`), so only the other set travels: the pair
    partition reads its own document partition's sets where they are."""

    def ask(k_items: Tuple[int, List[Any]]) -> List[Tuple[int, bytes]]:
        k, items = k_items
        ids = [i for item in items for i in item[:2]]
        return _strings(reprint.Stages.requests(ids, k, parts, False))

    def answer(tagged: Iterator[Any]) -> Iterator[Tuple[int, bytes]]:
        sets, requests = _split(tagged)
        if requests:
            yield from _strings(reprint.Stages.answer(sets, requests, parts))

    # Unions of RDDs partitioned alike keep their partitions side by side,
    # so `partitionBy` after them moves nothing.
    work = work.partitionBy(parts, _identity)
    answers = (
        held.mapValues(lambda b: (0, b))
        .union(work.flatMap(ask).partitionBy(parts, _identity).mapValues(lambda b: (1, b)))
        .partitionBy(parts, _identity)
        .mapPartitions(answer)
        .partitionBy(parts, _identity)
    )

    def run(tagged: Iterator[Any]) -> Iterator[Any]:
        items, answers, sets = _split(tagged, 3)
        all_items = [item for chunk in items for item in chunk]
        if all_items:
            yield from compute(all_items, answers + sets)

    beside = (
        work.mapValues(lambda items: (0, items))
        .union(answers.mapValues(lambda b: (1, b)))
        .union(held.mapValues(lambda b: (2, b)))
    )
    return beside.partitionBy(parts, _identity).mapPartitions(run)


def _run(
    spark: SparkSession,
    stages: "reprint.Stages",
    config: Dict[str, Any],
    source: RDD,
    fingerprint: Callable[[int, Iterator[Any], int], Iterator[Tuple[Any, ...]]],
    line_of: Callable[[int], int],
    path: str,
    skip_invalid: bool,
    timings: Optional[Dict[str, float]],
) -> Tuple[SparkResult, RDD]:
    """The stages, from `source` (whose partitions `fingerprint` turns into
    batches of `(ids, postings, sets, problems, too_long)`, each id, problem
    and line too long with a position that `line_of` makes a line number)
    to the result, and the verified rows behind its pairs, unsorted (kept:
    the pairs DataFrame is sorted from them when it is first used)."""
    clock = _Clock(timings)
    sc = spark.sparkContext
    parts = int(spark.conf.get("spark.sql.shuffle.partitions") or sc.defaultParallelism)
    where = f"{path}:" if path else ""
    threads = _task_threads(spark)

    # 1. Fingerprints, one Rust call per batch of documents: each batch's
    # postings (by bucket partition) and sets (by document partition) as
    # one byte string per partition, and its ids (by a hash of the id),
    # all in one shuffle: nothing is kept or read again before it.
    def tag(i: int, rows: Iterator[Any]) -> Iterator[Tuple[int, Tuple[int, Any]]]:
        for ids, postings, sets, problems, too_long in fingerprint(i, rows, parts):
            yield from ((k, (0, b)) for k, b in _strings(postings))
            yield from ((k, (1, b)) for k, b in _strings(sets))
            by_part: Dict[int, List[Tuple[str, Optional[int]]]] = {}
            for id_at in ids:
                by_part.setdefault(_id_part(id_at[0]) % parts, []).append(id_at)
            yield from ((k, (2, v)) for k, v in by_part.items())
            if problems or too_long:
                yield 0, (3, (problems, too_long))

    shuffled = source.mapPartitionsWithIndex(tag).partitionBy(parts, _identity)
    # The sets stay in their document partitions.
    held = shuffled.mapPartitions(
        lambda items: ((k, v) for k, (t, v) in items if t == 1), preservesPartitioning=True
    ).persist(StorageLevel.MEMORY_AND_DISK)

    # 2. Each partition holds whole buckets: it gives the samples of its
    # common buckets, the pair counts of the others (which cannot be
    # boilerplate) and the common buckets' postings; and the first id
    # given twice and the first problem among the documents it was sent.
    def group(tagged: Iterator[Any]) -> Iterator[Tuple[Any, ...]]:
        postings: List[bytes] = []
        ids: List[List[Tuple[str, Optional[int]]]] = []
        problems: List[Tuple[List[Any], List[int]]] = []
        for _, (t, v) in tagged:  # the sets (1) are `held`'s
            if t == 0:
                postings.append(v)
            elif t == 2:
                ids.append(v)
            elif t == 3:
                problems.append(v)
        samples, counts, common = _stages(config, threads).buckets(postings, parts)
        twice = min(_repeated(i for chunk in ids for i in chunk), default=None)
        bad = [p for some, _ in problems for p in some]
        long = [(at, None) for _, some in problems for at in some]
        yield (
            samples,
            counts,
            common,
            twice,
            min(bad, key=lambda p: p[0] or 0, default=None),
            min(long, default=None),
        )

    grouped = shuffled.mapPartitions(group).persist(StorageLevel.MEMORY_AND_DISK)
    checks = grouped.map(lambda g: g[3:]).collect()
    first = min(
        [c[2] for c in checks if c[2]] + ([] if skip_invalid else [c[1] for c in checks if c[1]]),
        key=lambda p: p[0] or 0,
        default=None,
    )
    if first:
        at, reason = first
        if at is None:
            raise ValueError(reason)
        if reason is None:
            raise ValueError(
                f"{where}{line_of(at)}: line longer than {MAX_LINE} bytes (the most one "
                f"record may hold)"
            )
        raise ValueError(f"{where}{line_of(at)}: invalid record: {reason}")
    twice = min((c[0] for c in checks if c[0]), default=None)
    if twice:
        _, id, positions = twice
        at = [line_of(p) for p in positions]
        both = f": in {where}{at[0]} and in {where}{at[1]}" if len(at) > 1 else ""
        raise ValueError(f"duplicate id {id!r}{both}")
    clock.mark("fingerprint and buckets")

    # 3. One verdict per distinct sample (a footer's buckets share one),
    # on the sets as fingerprinted. Few rows: plain RDDs, no Spark SQL.
    samples = (
        grouped.flatMap(lambda g: g[0])
        .map(lambda s: (tuple(sorted(s[2])), (s[0], s[1])))
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    wanted = sc.broadcast(set(samples.flatMap(lambda s: s[0]).distinct().collect()))

    def pick(sets: Iterator[Tuple[int, bytes]]) -> Iterator[Tuple[str, bytes]]:
        yield from reprint.Stages.pick([b for _, b in sets], wanted.value)

    def judge(rows: Iterator[Any]) -> Iterator[Tuple[Tuple[str, ...], bytes]]:
        st = _stages(config, threads)
        for batch in _batches(rows, 64):
            # Each sample's sets in id order, whatever order they came in.
            verdicts = st.boilerplate([[s for _, s in sorted(sets)] for _, sets in batch])
            yield from ((sample, v) for (sample, _), v in zip(batch, verdicts) if v is not None)

    members = samples.keys().distinct().flatMap(lambda sample: ((i, sample) for i in sample))
    sampled_sets = (
        members.join(held.mapPartitions(pick))
        .map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
        .groupByKey()
    )
    verdicts = dict(sampled_sets.mapPartitions(judge).collect())
    judged = sc.broadcast(set(verdicts))
    boilerplate = samples.filter(lambda s: s[0] in judged.value).values().collect()
    learnt = reprint.Stages.union(list(verdicts.values()))
    judged_buckets = samples.count()
    for shared_value in (wanted, judged):
        shared_value.unpersist()
    clock.mark("boilerplate")

    # 4. Candidates: the common buckets' pair counts (the boilerplate ones
    # left out) with the others', shuffled by pair and merged.
    skip, shared = sc.broadcast(boilerplate), sc.broadcast(learnt)

    def meet(g: Tuple[Any, ...]) -> List[Tuple[int, bytes]]:
        common = _stages(config, threads).candidates([g[2]], skip.value, parts) if g[2] else []
        return _strings(g[1]) + _strings(common)

    def merge(k: int, blobs: Iterator[Tuple[int, bytes]]) -> Iterator[Tuple[int, List[Any]]]:
        yield k, reprint.Stages.merge_candidates([b for _, b in blobs])

    # Kept: the requests and the verification both read them.
    candidates = (
        grouped.flatMap(meet)
        .partitionBy(parts, _identity)
        .mapPartitionsWithIndex(merge, preservesPartitioning=True)
        .persist(StorageLevel.MEMORY_AND_DISK)
    )

    # 5. Each pair partition fetches the sets of its candidates and
    # verifies them (the shingles learnt left out).
    def verify(items: List[Any], answers: List[bytes]) -> List[Tuple[Any, ...]]:
        return _stages(config, threads).verify(items, answers, shared.value)

    # Kept, or sorting would verify every pair twice (once to sample the
    # sort keys); the rows are as Rust made them, so not checked again.
    verified = _fetch(candidates, held, parts, verify).persist(StorageLevel.MEMORY_AND_DISK)
    pairs = spark.createDataFrame(verified, PAIRS, verifySchema=False)
    pairs = pairs.orderBy(
        F.coalesce("published_a", F.lit(_UNDATED)),
        "id_a",
        F.coalesce("published_b", F.lit(_UNDATED)),
        "id_b",
    ).persist()
    clock.mark("candidates and verify", pairs)

    # 6. Clusters: components and sources on the driver (the story pairs
    # only), then the missing overlaps, from the sets they need.
    # (From the verified rows as Rust made them: the order does not matter,
    # and rows out of a DataFrame would cost a conversion each.)
    story = verified.filter(lambda row: row[2] in ("duplicate", "reprint"))
    plans = stages.plan_clusters(story.toLocalIterator(prefetchPartitions=True))
    missing = plans.missing()
    overlaps: Dict[Tuple[str, str], Tuple[int, float, float, float]] = {}
    if missing:
        # Few pairs (members linked only through others): each document
        # partition sends the driver the sets of theirs that are asked for,
        # in one job, and the driver computes the overlaps.
        asked = sc.broadcast(
            dict(_strings(reprint.Stages.requests([i for p in missing for i in p], 0, parts, True)))
        )

        def send(j: int, sets: Iterator[Tuple[int, bytes]]) -> Iterator[bytes]:
            held_here = [b for _, b in sets]
            request = asked.value.get(j)
            if request:
                yield reprint.Stages.answer(held_here, [request], parts)[0]

        answers = held.mapPartitionsWithIndex(send).collect()
        asked.unpersist()
        for row in reprint.Stages.overlap(missing, answers, learnt):
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
    membership = spark.createDataFrame(members, CLUSTERS, verifySchema=False).persist()
    clock.mark("clusters")

    for rdd in (samples, grouped, held, candidates):
        rdd.unpersist()
    skip.unpersist()
    shared.unpersist()
    result = SparkResult(
        pairs=pairs,
        clusters=membership,
        judged_buckets=judged_buckets,
        boilerplate_buckets=len(boilerplate),
        learnt_shingles=len(learnt) // 4,
    )
    return result, verified


def _pair_order(row: Tuple[Any, ...]) -> Tuple[int, str, int, str]:
    """The order of `SparkResult.pairs` (and `Deduper.pairs()`) for a
    verified row: publication times (undated last), then ids (Python
    orders strings by code point, as Spark orders their UTF-8 bytes)."""
    a, b = row[7], row[8]
    return (_UNDATED if a is None else a, row[0], _UNDATED if b is None else b, row[1])


def _bool(text: str) -> bool:
    """`true` or `false`, as the example deduper spells a boolean option."""
    if text not in ("true", "false"):
        raise argparse.ArgumentTypeError(f"expected true or false, got {text!r}")
    return text == "true"


#: The example deduper's engine options: flag, `Deduper` keyword, type.
_OPTIONS = [
    ("--min-containment", "min_containment", float),
    ("--min-reprint-shingles", "min_reprint_shingles", int),
    ("--min-shared-shingles", "min_shared_shingles", int),
    ("--min-shared-share", "min_shared_share", float),
    ("--duplicate-jaccard", "duplicate_jaccard", float),
    ("--shingle-size", "shingle_size", int),
    ("--shingle-chars", "shingle_chars", int),
    ("--boilerplate-docs", "boilerplate_docs", int),
    ("--passage-permutations", "passage_num_perm", int),
    ("--passage-anchors", "passage_anchors", _bool),
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
                   help="partitions to read the input into and to shuffle into (default: "
                   "the cores, or one per 512 MiB of input if that is more)")
    p.add_argument("--pairs", action="store_true",
                   help="write the verified pairs to stdout as tab-separated lines")
    p.add_argument("--out", metavar="DIR", default=None,
                   help="write pairs/ and clusters/ as Parquet under DIR")
    p.add_argument("--driver-memory", default=None, metavar="SIZE",
                   help="the driver's memory, e.g. 8g (in local mode, the executors' too; "
                   "default there: half of this machine's memory)")
    p.add_argument("--timings", action="store_true",
                   help="run the stages one after the other and print each one's wall "
                   "time to stderr")
    p.add_argument("--skip-invalid", action="store_true",
                   help="leave out invalid records instead of stopping at the first")
    defaults = reprint.Deduper().config
    for flag, field, kind in _OPTIONS:
        p.add_argument(flag, dest=field, type=kind, default=defaults[field],
                       help=f"as the example deduper's {flag} (default "
                       f"{str(defaults[field]).lower()})")
    return p




#: Input bytes per partition when `--partitions` is not given. Each pair
#: partition is sent the sets it needs from every other document partition,
#: so the more partitions, the more of the sets travel (a share of about
#: `1 - 1/partitions` of them); a task's memory grows with its partition
#: (docs/distributed.md: grouping its buckets holds about 3.5 KB a
#: document, some 330 MB for 512 MiB of articles of 5.7 KB; verifying its
#: candidates more). BENCHMARKS.md, "Spark": 100k documents in 2
#: partitions of 285 MB took 26.4-27.6 s against 30.3-31.8 s in 4 of
#: 142 MB, the largest worker 647 against 566 MiB.
_BYTES_PER_PARTITION = 512 << 20


def _partitions_for(spark: SparkSession, path: str) -> int:
    """The executors' cores, or more for a large local file: at least one
    partition per `_BYTES_PER_PARTITION` of input, rounded up to a
    multiple of the cores (three tasks on two cores take two rounds, as
    four do)."""
    cores = max(1, spark.sparkContext.defaultParallelism)
    try:
        size = os.path.getsize(path)
    except OSError:
        return cores
    rounds = -(-size // (_BYTES_PER_PARTITION * cores))
    return cores * max(1, rounds)


def _local_driver_memory() -> Optional[str]:
    """The heap of a local run's one JVM (the driver, which runs the
    executors too) when `--driver-memory` is not given: half of this
    machine's memory, and at least Spark's default of 1 GiB. With that
    default, 100k articles (550 MB of JSONL) ran out of heap: the values
    Spark holds are a few large byte strings per partition (postings,
    sets, answers), each whole in the heap at once. None where the
    machine's memory is unknown (Spark's default then)."""
    try:
        total = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, OSError, ValueError):
        return None
    return f"{max(total // 2 >> 20, 1024)}m"


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
    builder = builder.config("spark.ui.showConsoleProgress", "false")
    if (args.master or "local[*]").startswith("local"):
        # On one machine the shuffles go through the page cache, and the
        # bulk of them, shingle sets, are uniform hashes that do not
        # compress: compressing them would only cost time.
        builder = builder.config("spark.shuffle.compress", "false")
        # The JVM only moves bytes here; its optimizing compiler (C2)
        # would take about a fifth of the machine's CPU from the tasks
        # (BENCHMARKS.md, "Spark"). Options given in PYSPARK_SUBMIT_ARGS
        # come first.
        if "extraJavaOptions" not in os.environ.get("PYSPARK_SUBMIT_ARGS", ""):
            builder = builder.config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1")
    memory = args.driver_memory
    if memory is None and (args.master or "local[*]").startswith("local"):
        submitted = os.environ.get("PYSPARK_SUBMIT_ARGS", "")
        if "driver-memory" not in submitted and "spark.driver.memory" not in submitted:
            memory = _local_driver_memory()
    if memory:
        builder = builder.config("spark.driver.memory", memory)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    # The answer is the same for any number of partitions. Spark's default
    # of 200 shuffle partitions only adds tasks; fewer partitions than
    # cores leaves cores idle, and each partition should hold a bounded
    # share of the input (its postings are grouped in one worker).
    partitions = args.partitions or _partitions_for(spark, args.input)
    spark.conf.set("spark.sql.shuffle.partitions", str(partitions))
    try:
        timings: Optional[Dict[str, float]] = {} if args.timings else None
        start = time.perf_counter()
        result, verified = _jsonl_run(
            spark, args.input, partitions, args.skip_invalid, timings, config
        )
        if args.out:
            result.pairs.write.mode("overwrite").parquet(os.path.join(args.out, "pairs"))
            result.clusters.write.mode("overwrite").parquet(os.path.join(args.out, "clusters"))
        if args.pairs:
            # The pairs come to this process anyway: sorted here, as the
            # pairs DataFrame sorts them, without a sort job and a
            # conversion of each row out of a DataFrame.
            rows = verified.collect()
            rows.sort(key=_pair_order)
            sys.stdout.write(_reprint.pairs_tsv(rows))
        elif not args.out:
            print(
                f"{result.pairs.count()} pairs, {result.clusters.select('cluster').distinct().count()} "
                f"clusters; {result.boilerplate_buckets} of {result.judged_buckets} judged "
                f"buckets boilerplate, {result.learnt_shingles} shingles learnt"
            )
        if timings is not None:
            timings["output"] = time.perf_counter() - start - sum(timings.values())
            for stage, seconds in timings.items():
                print(f"{stage:>22}: {seconds:7.2f} s", file=sys.stderr)
    except (ValueError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
