"""The stages, for pipelines of one's own: each wraps its Rust type."""

import pytest

import reprint

TEXT = "Moscow has massed more than 100,000 troops near Ukraine's borders.\n\nMacron met Zelensky."


def test_tokenizer_spans_hashes_and_paragraphs():
    tok = reprint.Tokenizer()
    tokens = tok.tokenize(TEXT)
    data = TEXT.encode("utf-8")
    words = [data[s:e].decode("utf-8") for s, e, _ in tokens]
    assert words[:3] == ["Moscow", "has", "massed"]
    assert tokens[0][2] == tok.hash_normalized("moscow")  # case folded
    assert tok.paragraphs(TEXT) == [(0, TEXT.index("\n")), (TEXT.index("Macron"), len(data))]
    assert reprint.Tokenizer(seed=9).tokenize(TEXT)[0][2] != tokens[0][2]
    assert repr(tok).startswith("Tokenizer(seed=")


def test_shingles_minhash_and_lsh():
    sh = reprint.Shingler(3)
    tokens = reprint.Tokenizer().tokenize(TEXT)
    assert sh.shingles(TEXT) == sh.shingles(tokens)
    assert len(sh.shingles(TEXT)) == len(tokens) - 2
    assert sh.shingle_set(TEXT) == sorted(set(sh.shingles(TEXT)))
    with pytest.raises(ValueError, match="invalid shingle_size = 0"):
        reprint.Shingler(0)
    mh = reprint.MinHasher(64)
    a = mh.signature(range(0, 1000))
    b = mh.signature(range(100, 1100))
    assert len(a) == 64 and not a.is_empty()
    assert 0.7 < a.jaccard(b) < 0.95  # exactly 900 / 1100 = 0.82
    assert mh.signatures([range(0, 1000), range(100, 1100)]) == [a, b]
    other = reprint.MinHasher(64, variant="one_permutation").signature(range(1000))
    with pytest.raises(ValueError, match="different parameters"):
        a.jaccard(other)
    with pytest.raises(ValueError, match="variant"):
        reprint.MinHasher(variant="nope")
    index = reprint.LshIndex(0.5, 64)
    index.insert(1, a)
    index.insert(2, mh.signature(range(5000, 6000)))
    assert index.query(b) == [1] and len(index) == 2 and 1 in index
    with pytest.raises(ValueError, match="already present"):
        index.insert(1, a)
    copy = reprint.LshIndex.from_bytes(index.to_bytes())
    assert copy.query(b) == [1] and (copy.bands, copy.rows) == (index.bands, index.rows)
    index.remove(1)
    assert index.query(b) == []
    with pytest.raises(KeyError):
        index.remove(1)
    assert reprint.LshIndex(bands=4, rows=2).bands == 4
    with pytest.raises(ValueError, match="either threshold and num_perm"):
        reprint.LshIndex(0.5)


def test_simhash_and_its_index(tmp_path):
    sh = reprint.SimHasher()
    shingles = reprint.Shingler().shingles(TEXT * 3)
    x = sh.simhash(shingles)
    y = sh.simhash(shingles[:-2])
    assert reprint.SimHasher.distance(x, x) == 0
    index = reprint.SimHashIndex(8)
    index.insert(7, x)
    assert index.get(7) == x and 7 in index
    d = reprint.SimHasher.distance(x, y)
    assert index.query(y) == ([(7, d)] if d <= 8 else [])
    path = tmp_path / "simhash.idx"
    index.save(path)
    assert reprint.SimHashIndex.load(path).query(x) == [(7, 0)]
    assert index.remove(7) == x and len(index) == 0
    with pytest.raises(ValueError, match="max_distance"):
        reprint.SimHashIndex(64)
    path.write_bytes(b"\0" * 64)
    with pytest.raises(reprint.IndexFormatError):
        reprint.SimHashIndex.load(path)


def test_stage_reprs():
    mh = reprint.MinHasher(16, seed=3)
    for o in [
        reprint.Shingler(),
        mh,
        mh.signature([1, 2, 3]),
        reprint.LshIndex(0.5, 16),
        reprint.SimHasher(),
        reprint.SimHashIndex(3),
    ]:
        assert type(o).__name__ in repr(o) and " at 0x" not in repr(o)


def test_fingerprinter_runs_the_stages_together():
    f = reprint.Fingerprinter()
    fp = f.fingerprint(TEXT)
    tokens = reprint.Tokenizer().tokenize(TEXT)
    shingles = reprint.Shingler().shingles(TEXT)
    assert (fp.tokens, fp.shingles) == (len(tokens), len(shingles))
    assert fp.minhash == reprint.MinHasher().signature(shingles)
    assert fp.simhash == reprint.SimHasher().simhash(shingles)
    many = f.fingerprints([TEXT, TEXT + " More words here to change it."])
    assert many[0].simhash == fp.simhash and many[0].minhash == fp.minhash
    custom = reprint.Fingerprinter(reprint.Shingler(3), reprint.MinHasher(32), seed=7)
    assert len(custom.fingerprint(TEXT).minhash) == 32
    assert "Fingerprint(" in repr(fp) and "Fingerprinter" in repr(custom)


def test_pipeline_stages_on_one_thread_give_the_same():
    # reprint.spark runs them on one thread per task.
    docs = [{"id": f"d{i}", "text": f"{TEXT} Item {i} of the list."} for i in range(40)]
    everywhere = reprint.Deduper().stages().fingerprint(docs, 3)
    assert reprint.Deduper().stages(threads=1).fingerprint(docs, 3) == everywhere
    with pytest.raises(ValueError, match="threads must be at least 1"):
        reprint.Deduper().stages(threads=0)
