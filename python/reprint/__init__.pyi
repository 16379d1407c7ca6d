"""Type stubs of reprint: the Rust engine's classes, as `reprint._reprint` defines them."""

import os
from typing import Any, Iterable, Literal, Mapping, Optional, Sequence, Tuple, Union

# A document: an (id, text) pair, or a dict with "id" and "text" and
# optionally "published" (Unix seconds or an RFC 3339 string) and "outlet".
_Doc = Union["Document", Tuple[Union[str, int], str], Sequence[Any], Mapping[str, Any]]
_PathLike = Union[str, "os.PathLike[str]"]

class IndexFormatError(ValueError):
    """A saved index that cannot be read back: damaged or truncated, not an
    index, written by another format version, or made with another hash
    scheme. The message names the file and, for damage, the byte offset."""

class _Figures:
    """The figures every result carries (the Rust `Overlap`): a stub-only
    base naming them once; the classes below each have them."""

    @property
    def containment_a_in_b(self) -> float:
        """Share of `a`'s shingles found in `b` (each class says which is which)."""
    @property
    def containment_b_in_a(self) -> float:
        """Share of `b`'s shingles found in `a`."""
    @property
    def jaccard(self) -> float:
        """Jaccard similarity of the two shingle sets."""
    @property
    def shared_shingles(self) -> int:
        """Distinct shingles both hold (boilerplate excluded)."""

class Match(_Figures):
    """A document's verified relation to another one: `a` is the document
    added (or queried), `b` the other one `id`."""

    @property
    def id(self) -> str:
        """The other document's id."""
    @property
    def relation(self) -> str:
        """"duplicate", "reprint" or "shared_passage"."""
    @property
    def shared_passages(self) -> int:
        """Passages of either document that hit the other in the index."""

class CopyGroup(_Figures):
    """Documents with the same words (equal fingerprints), held once by the
    engine: every two of `ids` are a verified pair with this relation and
    these figures (`Deduper.compact_pairs`)."""

    @property
    def ids(self) -> list[str]:
        """The documents, in report order (time published, undated last, then id)."""
    @property
    def relation(self) -> str:
        """"duplicate" (or "reprint" for very short texts)."""

class Pair(_Figures):
    """A verified pair: `id_a` is the earlier (published first, undated last,
    then the smaller id), `id_b` the later. The same pair, relation and
    figures as a line of the example deduper's `--pairs` TSV."""

    @property
    def id_a(self) -> str:
        """The earlier document."""
    @property
    def id_b(self) -> str:
        """The later document."""
    @property
    def relation(self) -> str:
        """"duplicate", "reprint" or "shared_passage"."""

class Overlap(_Figures):
    """The exact overlap of two documents' shingle sets, `a` and `b` as the
    call that made it says."""

class ClusterReprint(_Figures):
    """A cluster member other than the source, compared with the source
    (`a` is the source, `b` this member)."""

    @property
    def id(self) -> str:
        """The member's id."""
    @property
    def relation(self) -> Optional[str]:
        """"duplicate", "reprint" or "shared_passage"; None when the member is linked to the
        cluster only through other members."""
    @property
    def via(self) -> Optional[str]:
        """When `relation` is None: the member it is related to most, through
        which it joined the cluster."""

class Cluster:
    """A group of documents linked by verified relations, around its likely
    wire source."""

    @property
    def source(self) -> str:
        """The likely wire source's id."""
    @property
    def members(self) -> list[str]:
        """Every member's id: the source first, then by time published, then id."""
    @property
    def reprints(self) -> list[ClusterReprint]:
        """Every member but the source, compared with the source."""
    def __len__(self) -> int: ...

class Report:
    """The clusters and the verified pairs, from one re-verification."""

    @property
    def clusters(self) -> list[Cluster]:
        """Groups of related documents."""
    @property
    def pairs(self) -> list[Pair]:
        """Every verified pair, sorted by `id_a`, then `id_b`."""

class Document:
    """A document as the engine takes it: what `read_jsonl` gives, or what
    a caller builds; `add_batch` takes it without converting anything."""
    def __init__(
        self,
        id: Union[str, int],
        text: str,
        published: Union[int, str, None] = None,
        outlet: Optional[str] = None,
    ) -> None: ...
    @property
    def id(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def published(self) -> Optional[int]:
        """Unix seconds, or None."""
    @property
    def outlet(self) -> Optional[str]: ...

def read_jsonl(path: _PathLike, *, skip_invalid: bool = False) -> list[Document]:
    """Every document of a JSONL file, read and parsed as the example deduper
    reads them (in parallel, without the GIL). Blank, binary and wordless
    lines are passed over; a malformed line is a ValueError naming the file
    and line (passed over with `skip_invalid`); OSError if unreadable."""

class Deduper:
    """Finds reprints among documents added one at a time or in batches.

    Every keyword is a field of the Rust `DedupConfig`, with its default;
    a bad value raises ValueError naming the field. `add_batch` runs in
    parallel without the GIL; its answer does not depend on the order of
    the documents.
    """

    def __init__(
        self,
        *,
        shingle_size: int = 5,
        shingle_chars: int = 0,
        passage_min_words: int = 20,
        passage_max_words: int = 80,
        passage_num_perm: int = 12,
        passage_threshold: float = 0.3,
        passage_anchors: bool = True,
        seed: int = 1,
        min_shared_passages: int = 1,
        min_shared_shingles: int = 25,
        min_shared_share: float = 0.3,
        min_containment: float = 0.15,
        min_reprint_shingles: int = 100,
        duplicate_jaccard: float = 0.8,
        boilerplate_docs: int = 16,
        boilerplate_clusters: int = 4,
        strong_link_containment: float = 0.5,
        window: Optional[int] = None,
    ) -> None: ...
    @property
    def config(self) -> dict[str, Any]:
        """The configuration, as a dict of every field."""
    def add(self, doc: _Doc) -> list[Match]:
        """Adds one document; returns its matches among those held, by id."""
    def add_batch(self, docs: Iterable[_Doc]) -> list[list[Match]]:
        """Adds documents (any iterable); returns each one's matches, by id."""
    def extend(self, docs: Iterable[_Doc]) -> None:
        """Adds documents as `add_batch` does, without listing their matches
        (copies of one text are held once; their matches are the square)."""
    def query(self, doc: Union[str, _Doc]) -> list[Match]:
        """Matches of a text or a document among those held, without adding it."""
    def pairs(self) -> list[Pair]:
        """The verified pairs, sorted by `id_a`, then `id_b` (the CLI's `--pairs`)."""
    def compact_pairs(self) -> tuple[list[CopyGroup], list[Pair]]:
        """The pairs as (copies, pairs): each group of documents with the same
        words once (every two of its ids a pair), then every other pair."""
    def clusters(self) -> list[Cluster]:
        """Groups of related documents, each with its likely source."""
    def report(self) -> Report:
        """The clusters and the pairs together, computed once."""
    def overlap(self, a: str, b: str) -> Overlap:
        """The exact overlap of two held documents; KeyError if one is not held."""
    def aligned_passages(
        self, a: str, b: str
    ) -> list[tuple[tuple[int, int], tuple[int, int], int]]:
        """The passages texts `a` and `b` share, in the order of `a`:
        `((a_start, a_end), (b_start, b_end), shingles)`, byte offsets."""
    def held(self, doc: _Doc) -> Literal["absent", "same_text", "other_text"]:
        """What the engine holds under the document's id: nothing, the same
        text (adding it again would change nothing), or another text."""
    def set_config(self, **settings: Any) -> None:
        """Other thresholds, boilerplate rule or window from now on (the
        constructor's keywords); ValueError for a fingerprint setting, which
        cannot change once documents are held."""
    def compact(self) -> None:
        """Releases what removed and evicted documents still hold."""
    def remove(self, id: str) -> None:
        """Removes a document; KeyError if no document has this id."""
    def evict_before(self, t: int) -> int:
        """Removes documents published before `t` (Unix seconds); returns how many."""
    def reserve(self, n: int) -> None:
        """Makes room for `n` more documents (a hint; results do not change);
        MemoryError, nothing changed, when the room cannot be had."""
    def memory(self) -> dict[str, int]:
        """Bytes held by part: `index`, `shingle_sets`, `other`."""
    def stages(self, threads: Optional[int] = None) -> Stages:
        """The stage functions of this configuration: what `add_batch` runs,
        for a driver that runs them elsewhere (`reprint.spark`). Each call
        spreads its work over `threads` threads (default: every core; an
        engine that runs one task per core wants 1). ValueError if 0."""
    def save(self, path: _PathLike) -> None:
        """Saves the engine to `path`, atomically; OSError naming the file."""
    @staticmethod
    def load(path: _PathLike) -> "Deduper":
        """Loads an engine saved by `save`; OSError, or IndexFormatError for
        a damaged, foreign or other-version file."""
    def to_bytes(self) -> bytes:
        """The engine as bytes, as `save` writes them."""
    @staticmethod
    def from_bytes(data: bytes) -> "Deduper":
        """An engine from `to_bytes`'s bytes; IndexFormatError if damaged."""
    def __len__(self) -> int: ...
    def __contains__(self, id: str) -> bool: ...

class WordEdit:
    """One word-level edit inside an edited paragraph; spans are byte ranges."""

    @property
    def kind(self) -> str:
        """"insert", "delete" or "substitute"."""
    @property
    def source(self) -> Tuple[int, int]:
        """The source words' byte span (empty at the insertion point)."""
    @property
    def reprint(self) -> Tuple[int, int]:
        """The reprint words' byte span (empty where deleted words were)."""
    @property
    def source_words(self) -> int:
        """Number of source words."""
    @property
    def reprint_words(self) -> int:
        """Number of reprint words."""
    @property
    def source_text(self) -> str:
        """The source words."""
    @property
    def reprint_text(self) -> str:
        """The reprint words."""
    def to_dict(self) -> dict[str, Any]:
        """The edit as a dict of its attributes."""

class Paragraph:
    """One paragraph of the reprint and where it came from."""

    @property
    def start(self) -> int:
        """Byte offset of the paragraph in the reprint."""
    @property
    def end(self) -> int:
        """Byte offset just past the paragraph."""
    @property
    def span(self) -> Tuple[int, int]:
        """`(start, end)`."""
    @property
    def kind(self) -> str:
        """"copied", "edited" or "added"."""
    @property
    def source_paragraphs(self) -> list[int]:
        """Indexes of the source paragraphs it derives from."""
    @property
    def similarity(self) -> float:
        """Word similarity to what it derives from: 1 copied, 0 added."""
    @property
    def mapping(self) -> str:
        """"single", "split", "merge" or "none"."""
    @property
    def moved(self) -> bool:
        """Whether it is out of the source's order."""
    @property
    def edits(self) -> list[WordEdit]:
        """Word edits, in reprint order (empty unless edited)."""
    @property
    def text(self) -> str:
        """The paragraph's text."""
    def to_dict(self) -> dict[str, Any]:
        """The paragraph as a dict of its attributes."""

class SourceParagraph:
    """One paragraph of the source and the reprint paragraphs that use it."""

    @property
    def start(self) -> int:
        """Byte offset in the source."""
    @property
    def end(self) -> int:
        """Byte offset just past the paragraph."""
    @property
    def reprint_paragraphs(self) -> list[int]:
        """Reprint paragraphs derived from it; empty when omitted."""
    @property
    def text(self) -> str:
        """The paragraph's text."""
    def to_dict(self) -> dict[str, Any]:
        """The paragraph as a dict of its attributes."""

class Summary:
    """Figures for the whole reprint."""

    reprint_words: int
    source_words: int
    taken_words: int
    reused_words: int
    taken_share: float
    reused_share: float
    copied: int
    edited: int
    added: int
    omitted: int
    splits: int
    merges: int
    moved: int
    def to_dict(self) -> dict[str, Any]:
        """The summary as a dict of its attributes."""

class Alignment:
    """The alignment of a reprint against its source. `str()` is the
    paragraph report with inline word edits; `to_dict()` plain data."""

    @property
    def paragraphs(self) -> list[Paragraph]:
        """Every reprint paragraph, in order."""
    @property
    def omitted_source_paragraphs(self) -> list[int]:
        """Source paragraphs no reprint paragraph uses."""
    @property
    def source_paragraphs(self) -> list[SourceParagraph]:
        """Every source paragraph, with its users."""
    @property
    def splits(self) -> list[Tuple[int, list[int]]]:
        """`(source_paragraph, [reprint_paragraph, ...])` for each split."""
    @property
    def summary(self) -> Summary:
        """Word counts, shares and counts per kind."""
    def to_dict(self) -> dict[str, Any]:
        """The alignment as plain dicts and lists."""

def align(
    source: str,
    reprint: str,
    *,
    shingle_words: int = 3,
    min_coverage: float = 0.5,
    min_shared_words: int = 7,
    anchor_words: int = 10,
) -> Alignment:
    """Aligns `reprint` against `source`, paragraph by paragraph."""

# The stages. Tokens are (start, end, hash) tuples, byte offsets into the
# UTF-8 text; shingles and fingerprints are ints.
_Token = Tuple[int, int, int]

class Tokenizer:
    """Word tokens with byte spans and seeded hashes of their normalized
    form, and paragraphs. `seed=None` keeps the Deduper's default."""

    def __init__(self, seed: Optional[int] = None) -> None: ...
    @property
    def seed(self) -> int:
        """The seed of the token hashes."""
    def tokenize(self, text: str) -> list[_Token]:
        """The word tokens of `text` as (start, end, hash), in text order."""
    def paragraphs(self, text: str) -> list[Tuple[int, int]]:
        """The paragraphs holding a word, as (start, end) byte spans."""
    def hash_normalized(self, word: str) -> int:
        """The hash of tokens with this normalized (lower-case) form."""

class Shingler:
    """Word k-shingles as 64-bit hashes, made from token hashes."""

    def __init__(self, shingle_size: int = 5, seed: Optional[int] = None) -> None: ...
    @property
    def k(self) -> int:
        """Words per shingle."""
    @property
    def seed(self) -> int:
        """The seed of the shingle hashes."""
    def shingles(self, tokens_or_text: Union[str, Sequence[_Token]]) -> list[int]:
        """Shingle hashes of a text (default Tokenizer) or of tokens, with repeats."""
    def shingle_set(self, tokens_or_text: Union[str, Sequence[_Token]]) -> list[int]:
        """Distinct shingle hashes, sorted."""
    def char_ngrams(self, text: str) -> list[int]:
        """Hashes of the character k-grams of the normalized text."""

class Signature:
    """A MinHash signature; compares only with signatures of the same parameters."""

    @property
    def values(self) -> list[int]:
        """The signature's values."""
    def is_empty(self) -> bool:
        """Whether it was made from an empty set."""
    def jaccard(self, other: "Signature") -> float:
        """Estimated Jaccard similarity; ValueError if the parameters differ."""
    def __len__(self) -> int: ...

class MinHasher:
    """MinHash signatures of shingle sets; variant "classic" or "one_permutation"."""

    def __init__(
        self, num_perm: int = 128, seed: Optional[int] = None, variant: str = "classic"
    ) -> None: ...
    @property
    def num_perm(self) -> int:
        """Values per signature."""
    @property
    def seed(self) -> int:
        """Seed of the hash functions."""
    @property
    def variant(self) -> str:
        """"classic" or "one_permutation"."""
    def signature(self, shingles: Iterable[int]) -> Signature:
        """The signature of a set of shingle hashes."""
    def signatures(self, sets: Iterable[Iterable[int]]) -> list[Signature]:
        """Signatures of many sets, in parallel without the GIL, in order."""

class LshIndex:
    """An LSH index of MinHash signatures under int ids: give either the
    Jaccard threshold and num_perm, or bands and rows."""

    def __init__(
        self,
        threshold: Optional[float] = None,
        num_perm: Optional[int] = None,
        *,
        bands: Optional[int] = None,
        rows: Optional[int] = None,
    ) -> None: ...
    @property
    def bands(self) -> int:
        """Number of bands."""
    @property
    def rows(self) -> int:
        """Signature values per band."""
    def insert(self, id: int, signature: Signature) -> None:
        """Stores `id`; ValueError if stored or the signature does not fit."""
    def remove(self, id: int) -> None:
        """Removes `id`; KeyError if not stored."""
    def query(self, signature: Signature) -> list[int]:
        """The ids sharing a band with `signature`, sorted."""
    def save(self, path: _PathLike) -> None:
        """Saves the index; OSError naming the file."""
    @staticmethod
    def load(path: _PathLike) -> "LshIndex":
        """Loads an index; OSError, or IndexFormatError."""
    def to_bytes(self) -> bytes:
        """The index as bytes, as `save` writes them."""
    @staticmethod
    def from_bytes(data: bytes) -> "LshIndex":
        """An index from `to_bytes`'s bytes; IndexFormatError if damaged."""
    def __len__(self) -> int: ...
    def __contains__(self, id: int) -> bool: ...

class SimHasher:
    """64-bit weighted SimHash of features (repeats weigh)."""

    def __init__(self, seed: Optional[int] = None) -> None: ...
    @property
    def seed(self) -> int:
        """The seed of the feature mix."""
    def simhash(self, features: Iterable[int]) -> int:
        """The SimHash of features."""
    @staticmethod
    def distance(a: int, b: int) -> int:
        """Hamming distance between two SimHashes."""

class SimHashIndex:
    """SimHashes under int ids; a query finds every one within `max_distance` bits."""

    def __init__(self, max_distance: int, blocks: Optional[int] = None) -> None: ...
    @property
    def max_distance(self) -> int:
        """The largest distance a query finds."""
    def insert(self, id: int, fingerprint: int) -> None:
        """Stores `fingerprint` under `id`; ValueError if the id is stored."""
    def remove(self, id: int) -> int:
        """Removes `id` and returns its fingerprint; KeyError if not stored."""
    def get(self, id: int) -> Optional[int]:
        """The stored fingerprint of `id`, or None."""
    def query(self, fingerprint: int) -> list[Tuple[int, int]]:
        """Every stored (id, distance) within max_distance, by distance then id."""
    def save(self, path: _PathLike) -> None:
        """Saves the index; OSError naming the file."""
    @staticmethod
    def load(path: _PathLike) -> "SimHashIndex":
        """Loads an index; OSError, or IndexFormatError."""
    def __len__(self) -> int: ...
    def __contains__(self, id: int) -> bool: ...

class Fingerprint:
    """The fingerprints of one text."""

    @property
    def minhash(self) -> Signature:
        """MinHash signature of the word shingles."""
    @property
    def simhash(self) -> int:
        """SimHash of the word shingles, weighted by frequency."""
    @property
    def tokens(self) -> int:
        """Number of word tokens."""
    @property
    def shingles(self) -> int:
        """Number of word shingles (with repeats)."""

class Fingerprinter:
    """Tokenizer, Shingler, MinHasher and SimHasher run together; None keeps
    the defaults, `seed` reseeds the MinHasher and the SimHasher."""

    def __init__(
        self,
        shingler: Optional[Shingler] = None,
        minhasher: Optional[MinHasher] = None,
        seed: Optional[int] = None,
    ) -> None: ...
    def fingerprint(self, text: str) -> Fingerprint:
        """The fingerprints of one text."""
    def fingerprints(self, texts: Sequence[str]) -> list[Fingerprint]:
        """The fingerprints of many texts, in parallel without the GIL, in order."""

# The batch pipeline's stage functions (reprint.spark drives them).

_PairRow = tuple[str, str, str, float, float, float, int, Optional[int], Optional[int]]
"""`(id_a, id_b, relation, containment_a_in_b, containment_b_in_a, jaccard,
shared_shingles, published_a, published_b)`."""
_OverlapRow = tuple[int, float, float, float]
"""`(shared_shingles, containment_a_in_b, containment_b_in_a, jaccard)`."""
_SetBytes = Union[bytes, bytearray]

class Stages:
    """The stage functions of one configuration (`Deduper.stages()`): what
    `Deduper.add_batch` runs, on plain values, for a driver that shuffles
    between them. A shingle set is bytes (32-bit shingles, little-endian,
    sorted). Every call takes a whole batch and releases the GIL."""

    @property
    def bands(self) -> int:
        """Band keys per passage."""
    @property
    def sample_size(self) -> int:
        """Documents of a common bucket that are judged (first by rank, id)."""
    @property
    def common_docs(self) -> int:
        """Documents a bucket's passages must span to be judged."""
    def fingerprint(
        self, docs: Iterable[_Doc], parts: int
    ) -> tuple[list[str], list[bytes], list[bytes]]:
        """Stage 1: the ids, the postings as `parts` strings (one per bucket
        partition) and the shingle sets as `parts` strings (one per document
        partition); empty strings hold nothing."""
    def fingerprint_jsonl(
        self, lines: list[tuple[int, bytes]], parts: int
    ) -> tuple[
        list[tuple[str, int]], list[bytes], list[bytes], list[tuple[int, str]], list[int]
    ]:
        """`fingerprint` on `(line_number, raw_line)` pairs read as the
        example deduper reads JSONL: `(id, line_number)` per document, the
        postings and sets strings, `(line_number, reason)` per invalid line,
        and the numbers of lines longer than the deduper reads (64 MiB)."""
    def fingerprint_block(
        self, block: _SetBytes, offset: int, parts: int
    ) -> tuple[
        list[tuple[str, int]], list[bytes], list[bytes], list[tuple[int, str]], list[int]
    ]:
        """`fingerprint_jsonl` on a block of whole lines of a JSONL file
        that starts at byte `offset` of it, each line numbered by its
        position: its byte offset plus one (the file's first line is 1)."""
    def buckets(
        self, postings: list[_SetBytes], parts: int
    ) -> tuple[list[tuple[int, int, list[str]]], list[bytes], bytes]:
        """Stages 2 and 4 for one bucket partition's postings: the common
        buckets' samples `(band, key, ids)`, the other buckets' pair counts
        as `parts` strings, and the common buckets' postings."""
    def candidates(
        self, postings: list[_SetBytes], boilerplate: list[tuple[int, int]], parts: int
    ) -> list[bytes]:
        """Stage 4: the pair counts of the buckets in `postings` that are
        not in `boilerplate`, as `parts` strings (one per pair partition)."""
    @staticmethod
    def merge_candidates(counts: list[_SetBytes]) -> list[tuple[str, str, int]]:
        """One pair partition's counts as `(id_a, id_b, shared_passages)`,
        `id_a < id_b`, sorted."""
    def boilerplate(self, samples: list[list[_SetBytes]]) -> list[Optional[bytes]]:
        """Stage 3, per common bucket (its sample's sets): the boilerplate
        shingles it shows, or None if it is one story's."""
    @staticmethod
    def union(learnt: list[_SetBytes]) -> bytes:
        """The sets as one set."""
    @staticmethod
    def pick(sets: list[_SetBytes], ids: set[str]) -> list[tuple[str, bytes]]:
        """The sets of `ids` found in sets strings, as `(id, set)`, by id."""
    @staticmethod
    def pair_part(a: str, b: str, parts: int) -> int:
        """The pair partition of ids `a` and `b` (either order): the
        document partition of one of the two."""
    @staticmethod
    def requests(ids: list[str], here: int, parts: int, own: bool = False) -> list[bytes]:
        """Pair partition `here`'s requests for the sets of `ids`, as
        `parts` strings (one per document partition); unless `own`, the
        sets of document partition `here` are not asked for (pass its sets
        strings to `verify` or `overlap` with the answers). Asking for
        them too pays when few are wanted."""
    @staticmethod
    def answer(sets: list[_SetBytes], requests: list[_SetBytes], parts: int) -> list[bytes]:
        """One document partition's answer to the requests sent to it: the
        sets asked for, as `parts` strings (one per pair partition)."""
    def verify(
        self,
        candidates: list[tuple[str, str, int]],
        answers: list[_SetBytes],
        learnt: _SetBytes,
    ) -> list[_PairRow]:
        """Stage 5: the candidates `(id_a, id_b, shared_passages)` verified
        on the sets of `answers` (the answers and the pair partition's own
        sets strings) without `learnt`; the pairs that hold."""
    @staticmethod
    def overlap(
        pairs: list[tuple[str, str]], answers: list[_SetBytes], learnt: _SetBytes
    ) -> list[tuple[str, str, int, float, float, float]]:
        """`(a, b, shared_shingles, containment_a_in_b, containment_b_in_a,
        jaccard)` per pair of ids, on the sets of `answers` without `learnt`."""
    def plan_clusters(self, pairs: Iterable[_PairRow]) -> ClusterPlans:
        """Stage 6: the story clusters of verified pairs (read one at a
        time), before members are compared with their sources."""

class ClusterPlans:
    """Story clusters with their sources (`Stages.plan_clusters`)."""

    def missing(self) -> list[tuple[str, str]]:
        """The (source, member) pairs whose overlap `finish` needs."""
    def finish(self, overlaps: dict[tuple[str, str], _OverlapRow]) -> list[Cluster]:
        """The clusters, as `Deduper.clusters()` gives them; KeyError if an
        overlap of `missing()` is not given."""
    def __len__(self) -> int: ...
