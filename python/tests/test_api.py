"""Errors, persistence, inputs, reprs and docstrings."""

import inspect
import os
import pickle
import sys

import pytest

import reprint

WIRE = (
    "French President Emmanuel Macron said Tuesday that Russian President Vladimir "
    "Putin told him that Moscow would not further escalate the Ukraine crisis.\n\n"
    "Macron also said it would take time to find a diplomatic solution to the rising "
    "tensions, which represent the biggest security crisis between Russia and the West."
)
REPRINT = WIRE + "\n\nSign up for our newsletter to get the news every morning."


def engine():
    d = reprint.Deduper()
    d.add_batch(
        [
            {"id": "ap", "text": WIRE, "published": "2022-02-08T09:00:00Z", "outlet": "AP"},
            {"id": "outlet", "text": REPRINT, "published": 1_644_314_400},
        ]
    )
    return d


def test_dicts_tuples_int_ids_and_generators():
    d = engine()
    (p,) = d.pairs()
    assert (p.id_a, p.id_b, p.relation) == ("ap", "outlet", "duplicate")
    (c,) = d.clusters()
    assert c.source == "ap"  # published first
    g = reprint.Deduper()
    matches = g.add_batch((i, t) for i, t in [(7, WIRE), [8, REPRINT]])
    assert [m.id for m in matches[1]] == ["7"]
    assert "8" in g and len(g) == 2
    assert [m.id for m in g.add(("9", REPRINT))] == ["7", "8"]


def test_config_keywords_and_defaults():
    d = reprint.Deduper()
    assert d.config["shingle_size"] == 5 and d.config["window"] is None
    c = reprint.Deduper(min_containment=0.3, window=86_400, seed=7).config
    assert (c["min_containment"], c["window"], c["seed"]) == (0.3, 86_400, 7)
    # The defaults help() shows are the Rust ones, and so are align's. (A
    # class's signature reaches Python through the abi3 API from 3.10 on.)
    if sys.version_info >= (3, 10):
        shown = inspect.signature(reprint.Deduper).parameters
        assert {n: p.default for n, p in shown.items()} == d.config
    shown = inspect.signature(reprint.align).parameters
    assert [shown[n].default for n in ["shingle_words", "min_coverage"]] == [3, 0.5]
    with pytest.raises(TypeError):
        reprint.Deduper(no_such_option=1)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"shingle_size": 0}, "invalid shingle_size = 0: expected at least 1"),
        ({"passage_threshold": 1.5}, "invalid passage_threshold"),
        ({"min_containment": 0.0}, "invalid min_containment = 0: expected in (0, 1]"),
        ({"boilerplate_clusters": 1}, "invalid boilerplate_clusters"),
        ({"window": -1}, "invalid window = -1"),
        ({"passage_min_words": -3}, "invalid passage_min_words = -3"),
    ],
)
def test_bad_config_is_a_value_error(kwargs, message):
    with pytest.raises(ValueError, match=None) as e:
        reprint.Deduper(**kwargs)
    assert message in str(e.value)


def test_bad_documents():
    d = reprint.Deduper()
    with pytest.raises(TypeError, match="document 1: a document is an"):
        d.add_batch([("a", "x"), "not a document"])
    with pytest.raises(ValueError, match='document 0: missing field "text"'):
        d.add_batch([{"id": "a"}])
    with pytest.raises(ValueError, match="invalid RFC 3339 timestamp"):
        d.add({"id": "a", "text": "x", "published": "yesterday"})
    with pytest.raises(TypeError, match="published"):
        d.add({"id": "a", "text": "x", "published": 1.5})
    with pytest.raises(TypeError, match="id must be"):
        d.add((None, "x"))
    assert len(d) == 0
    d.add(("a", "x"))
    with pytest.raises(ValueError, match="id a is already present"):
        d.add_batch([("b", "y"), ("a", "z")])
    with pytest.raises(ValueError, match="id c is already present"):
        d.add_batch([("c", "y"), ("c", "z")])
    assert len(d) == 1  # nothing of a refused batch is added
    with pytest.raises(KeyError, match="id nope is not present"):
        d.remove("nope")
    with pytest.raises(KeyError):
        d.overlap("a", "nope")


def test_save_load_round_trip(tmp_path):
    d = engine()
    path = tmp_path / "news.idx"
    d.save(path)
    e = reprint.Deduper.load(str(path))
    assert len(e) == len(d) and e.pairs() == d.pairs() and e.clusters() == d.clusters()
    assert e.config == d.config
    assert e.query(REPRINT) == d.query(REPRINT)
    assert [m.id for m in e.add(("tuesday", REPRINT))] == ["ap", "outlet"]
    f = pickle.loads(pickle.dumps(d))
    assert f.pairs() == d.pairs()
    assert reprint.Deduper.from_bytes(d.to_bytes()).pairs() == d.pairs()


def test_damaged_and_missing_files(tmp_path):
    path = tmp_path / "news.idx"
    engine().save(path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged = tmp_path / "damaged.idx"
    damaged.write_bytes(bytes(data))
    with pytest.raises(reprint.IndexFormatError, match="damaged.idx: corrupt index at byte"):
        reprint.Deduper.load(damaged)
    truncated = tmp_path / "truncated.idx"
    truncated.write_bytes(path.read_bytes()[:40])
    with pytest.raises(reprint.IndexFormatError, match="truncated.idx"):
        reprint.Deduper.load(truncated)
    foreign = tmp_path / "foreign.idx"
    foreign.write_text("id\ttext\n" * 10)
    with pytest.raises(reprint.IndexFormatError, match="not a reprint index"):
        reprint.Deduper.load(foreign)
    assert issubclass(reprint.IndexFormatError, ValueError)
    with pytest.raises(FileNotFoundError) as e:
        reprint.Deduper.load(tmp_path / "missing.idx")
    assert e.value.filename == str(tmp_path / "missing.idx")
    with pytest.raises(OSError):
        engine().save(tmp_path / "no" / "such" / "dir" / "x.idx")


def test_align_options_and_errors():
    a = reprint.align(WIRE, REPRINT)
    assert (a.summary.copied, a.summary.added) == (2, 1)
    assert [p.kind for p in a.paragraphs] == ["copied", "copied", "added"]
    assert reprint.align(WIRE, REPRINT, anchor_words=5, min_coverage=0.9).summary.copied == 2
    with pytest.raises(ValueError, match="invalid shingle_words = 0"):
        reprint.align(WIRE, REPRINT, shingle_words=0)
    with pytest.raises(ValueError, match="min_coverage"):
        reprint.align(WIRE, REPRINT, min_coverage=2.0)
    empty = reprint.align("", "")
    assert empty.paragraphs == [] and str(empty)


def test_every_class_has_a_repr_and_a_docstring():
    d = engine()
    a = reprint.align(WIRE, REPRINT.replace("Tuesday", "Monday"))
    objects = [
        d,
        d.pairs()[0],
        d.clusters()[0],
        d.clusters()[0].reprints[0],
        d.query(REPRINT)[0],
        d.overlap("ap", "outlet"),
        d.report(),
        a,
        a.paragraphs[0],
        a.paragraphs[0].edits[0],
        a.source_paragraphs[0],
        a.summary,
        d.stages(),
        d.stages().plan_clusters([]),
    ]
    for o in objects:
        r = repr(o)
        assert type(o).__name__ in r and " at 0x" not in r, r
    for name in reprint.__all__:
        obj = getattr(reprint, name)
        assert inspect.getdoc(obj), name
        if isinstance(obj, type):
            assert obj.__module__ == "reprint", name
    for method in ["add", "add_batch", "pairs", "clusters", "save", "load", "query"]:
        assert inspect.getdoc(getattr(reprint.Deduper, method)), method
    assert "Aligns `reprint` against `source`" in inspect.getdoc(reprint.align)


def test_threads_share_one_engine():
    from concurrent.futures import ThreadPoolExecutor

    d = engine()
    expected = d.query(REPRINT)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: d.query(REPRINT), range(32)))
    assert all(r == expected for r in results)


def test_the_package_is_typed():
    here = os.path.dirname(reprint.__file__)
    assert os.path.exists(os.path.join(here, "py.typed"))
    assert os.path.exists(os.path.join(here, "__init__.pyi"))


def test_remove_evict_window_and_memory():
    d = engine()
    assert set(d.memory()) == {"index", "shingle_sets", "other"}
    assert all(v > 0 for v in d.memory().values())
    d.remove("outlet")
    assert "outlet" not in d and len(d) == 1
    assert d.query(REPRINT)[0].id == "ap"
    assert d.evict_before(1_644_400_000) == 1 and len(d) == 0
    w = reprint.Deduper(window=3600)
    w.add({"id": "old", "text": WIRE, "published": "2022-02-08T09:00:00Z"})
    late = w.add({"id": "late", "text": REPRINT, "published": "2022-02-09T09:00:00+00:00"})
    assert late == [] and "old" not in w  # evicted: published a day before
    ov = engine().overlap("ap", "outlet")
    assert ov.shared_shingles > 0 and 0 < ov.jaccard <= 1


def test_held_set_config_and_compact_for_an_index_kept_across_days(tmp_path):
    d = engine()
    assert d.held(("ap", WIRE)) == "same_text"
    assert d.held({"id": "ap", "text": REPRINT}) == "other_text"
    assert d.held(("elsewhere", WIRE)) == "absent"
    d.save(tmp_path / "news.idx")
    d = reprint.Deduper.load(tmp_path / "news.idx")
    assert d.held(("ap", WIRE)) == "same_text"
    d.set_config(min_containment=0.3, window=7 * 86_400)
    assert d.config["min_containment"] == 0.3 and d.config["window"] == 7 * 86_400
    with pytest.raises(ValueError, match="shingle_size"):
        d.set_config(shingle_size=4)
    with pytest.raises(TypeError, match="colour"):
        d.set_config(colour=1)
    assert d.config["shingle_size"] == 5 and d.config["min_containment"] == 0.3
    d.remove("outlet")
    before = d.memory()
    d.compact()
    assert sum(d.memory().values()) <= sum(before.values())
    assert d.query(REPRINT)[0].id == "ap"


def test_reserve_refuses_what_cannot_be_held():
    d = engine()
    d.reserve(100)
    for n in (2**40, 2**63 - 1):
        with pytest.raises(MemoryError, match="cannot make room for"):
            d.reserve(n)
    # Nothing changed: the engine answers as before.
    assert len(d) == 2 and d.query(REPRINT)[0].id == "ap"


def test_extend_holds_copies_once_and_answers_for_each():
    d = reprint.Deduper()
    copies = [{"id": f"copy{i}", "text": WIRE} for i in range(50)]
    assert d.extend(copies + [{"id": "outlet", "text": REPRINT}]) is None
    pairs = d.pairs()
    assert len(pairs) == 50 * 49 // 2 + 50
    assert {p.relation for p in pairs if p.id_b != "outlet"} == {"duplicate"}
    (cluster,) = d.clusters()
    assert len(cluster.members) == 51
    (group,), rest = d.compact_pairs()
    assert isinstance(group, reprint.CopyGroup)
    assert group.ids == sorted(group.ids) and len(group.ids) == 50
    assert (group.relation, group.jaccard) == ("duplicate", 1.0)
    assert sorted((p.id_a, p.id_b) for p in rest) == [(f"copy{i}", "outlet") for i in sorted(range(50), key=str)]
    assert "50 documents" in repr(group)
    with pytest.raises(ValueError, match="copy3"):
        d.extend([{"id": "copy3", "text": WIRE}])
