"""The five real articles in seeds/: one cluster {000, 001, 003} around the
wire story 000; 002 and 004 match nothing; the paragraph diff of 001."""

import reprint


def test_the_cluster_and_its_source(seeds):
    d = reprint.Deduper()
    matches = d.add_batch(seeds)
    # Each document's matches among all the others, by id.
    assert [[m.id for m in ms] for ms in matches] == [
        ["001", "003"],
        ["000", "003"],
        [],
        ["000", "001"],
        [],
    ]
    (cluster,) = d.clusters()
    assert cluster.source == "000"
    assert cluster.members == ["000", "001", "003"]
    assert [r.id for r in cluster.reprints] == ["001", "003"]
    assert all(r.relation == "reprint" for r in cluster.reprints)
    pairs = d.pairs()
    assert [(p.id_a, p.id_b, p.relation) for p in pairs] == [
        ("000", "001", "reprint"),
        ("000", "003", "reprint"),
        ("001", "003", "reprint"),
    ]
    # The README's figures for 001 against 000.
    p = pairs[0]
    assert p.shared_shingles == 217
    assert round(p.containment_a_in_b, 2) == 0.15  # holds 15% of the source
    assert round(p.containment_b_in_a, 2) == 0.25  # 25% of it is from the source
    assert round(p.jaccard, 2) == 0.10
    unrelated = {"002", "004"}
    assert not unrelated & set(cluster.members)
    assert len(d) == 5 and all(i in d for i, _ in seeds) and "005" not in d


def test_report_is_clusters_and_pairs(seeds):
    d = reprint.Deduper()
    d.add_batch(seeds)
    report = d.report()
    assert report.clusters == d.clusters()
    assert report.pairs == d.pairs()


def test_any_order_and_one_by_one_give_the_same(seeds):
    batch, backwards, single = reprint.Deduper(), reprint.Deduper(), reprint.Deduper()
    batch.add_batch(seeds)
    backwards.add_batch(reversed(seeds))
    by_one = [single.add(doc) for doc in seeds]
    # One by one, each document meets those before it.
    assert [[m.id for m in ms] for ms in by_one] == [[], ["000"], [], ["000", "001"], []]
    assert batch.pairs() == backwards.pairs() == single.pairs()
    assert batch.clusters() == backwards.clusters() == single.clusters()


def test_query_does_not_add(seeds):
    d = reprint.Deduper()
    d.add_batch(seeds[:1])
    matches = d.query(seeds[1][1])
    assert [m.id for m in matches] == ["000"]
    assert d.query({"id": "x", "text": seeds[1][1]}) == matches
    assert len(d) == 1


def test_align_001_against_000(seeds):
    source, reprint_text = seeds[0][1], seeds[1][1]
    a = reprint.align(source, reprint_text)
    s = a.summary
    assert (s.copied, s.edited, s.added, s.omitted) == (1, 14, 18, 32)
    kinds = {p.kind for p in a.paragraphs}
    assert kinds == {"copied", "edited", "added"}
    first = a.paragraphs[0]
    assert first.kind == "edited" and first.source_paragraphs == [0]
    assert first.text == reprint_text[first.start : first.end]
    edit = first.edits[0]
    assert (edit.kind, edit.source_text, edit.reprint_text) == ("substitute", "France’s", "Emmanuel")
    # Spans are byte offsets into the UTF-8 text.
    src = source.encode("utf-8")
    assert src[edit.source[0] : edit.source[1]].decode("utf-8") == "France’s"
    text = str(a)
    assert "~ r0 ← s0 0.80: [-France’s-]{+Emmanuel+} Macron says Putin" in text
    assert "copied 1, edited 14, added 18, omitted 32" in text
    d = a.to_dict()
    assert d["summary"]["edited"] == 14
    assert d["paragraphs"][0]["edits"][0]["kind"] == "substitute"
    assert len(d["paragraphs"]) == len(a.paragraphs)
    assert sorted(a.omitted_source_paragraphs) == a.omitted_source_paragraphs
    assert len(a.source_paragraphs) == 45


def test_aligned_passages_of_the_reprint(seeds):
    d = reprint.Deduper()
    d.add_batch(seeds)
    wire, page = seeds[0][1], seeds[1][1]
    passages = d.aligned_passages(wire, page)
    assert len(passages) >= 5
    (a0, a1), (b0, b1), shingles = passages[0]
    assert shingles >= 4
    # Byte offsets into the UTF-8 texts.
    a_text = wire.encode()[a0:a1].decode()
    b_text = page.encode()[b0:b1].decode()
    assert set(a_text.lower().split()) & set(b_text.lower().split())
    assert d.aligned_passages(seeds[2][1], seeds[4][1]) == [] or all(
        p[2] < 25 for p in d.aligned_passages(seeds[2][1], seeds[4][1])
    )
