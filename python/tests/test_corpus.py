"""A generated corpus: the Python pairs are the example deduper's `--pairs`."""

import pytest

import reprint

HEADER = "id_a\tid_b\trelation\tcontainment_a_in_b\tcontainment_b_in_a\tjaccard\tshared_shingles"


def tsv_line(p):
    return "\t".join(
        [
            p.id_a,
            p.id_b,
            p.relation,
            f"{p.containment_a_in_b:.4f}",
            f"{p.containment_b_in_a:.4f}",
            f"{p.jaccard:.4f}",
            str(p.shared_shingles),
        ]
    )


def test_pairs_equal_the_cli(corpus):
    cli = corpus["tsv"].splitlines()
    assert cli[0] == HEADER
    d = reprint.Deduper()
    d.add_batch(corpus["docs"])  # dicts with RFC 3339 `published` strings
    ours = [tsv_line(p) for p in d.pairs()]
    assert len(ours) > 100, "the corpus should have many reprints"
    assert ours == cli[1:]


def test_read_jsonl_reads_as_the_cli_reads(corpus, tmp_path):
    docs = reprint.read_jsonl(corpus["jsonl"])
    assert len(docs) == len(corpus["docs"])
    first, raw = docs[0], corpus["docs"][0]
    assert isinstance(first, reprint.Document)
    assert (first.id, first.text, first.outlet) == (raw["id"], raw["text"], raw["outlet"])
    assert first.published == reprint.Document("x", "y", raw["published"]).published
    assert "words" in repr(first)
    d = reprint.Deduper()
    d.add_batch(docs)
    assert [tsv_line(p) for p in d.pairs()] == corpus["tsv"].splitlines()[1:]

    # Lines the deduper passes over, and the one it refuses, named.
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": 1, "text": "A brief about the council."}\n\n'
        '{"id": "b", "text": "* * *"}\n'
        '{"id": "c", "text": "x", "published": "yesterday"}\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"feed.jsonl:4: invalid RFC 3339 timestamp"):
        reprint.read_jsonl(feed)
    kept = reprint.read_jsonl(feed, skip_invalid=True)
    assert [doc.id for doc in kept] == ["1"]
    with pytest.raises(OSError):
        reprint.read_jsonl(tmp_path / "missing.jsonl")


def test_a_generator_and_any_order_give_the_same(corpus):
    import random

    docs = corpus["docs"]
    whole = reprint.Deduper()
    whole.add_batch(docs)
    shuffled = list(docs)
    random.Random(7).shuffle(shuffled)
    generated = reprint.Deduper()
    generated.add_batch(d for d in shuffled)
    assert generated.pairs() == whole.pairs()
    assert generated.clusters() == whole.clusters()


def test_the_gil_is_released_while_the_engine_works(corpus):
    """Another Python thread runs while add_batch works: were the GIL held
    through the engine's work (a tenth of a second or more here), this loop
    would not get to tick more than a few times."""
    import threading
    import time

    d = reprint.Deduper()
    done = threading.Event()
    worker = threading.Thread(target=lambda: (d.add_batch(corpus["docs"]), done.set()))
    ticks = 0
    worker.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    worker.join()
    assert len(d) == len(corpus["docs"])
    assert ticks >= 10, ticks
