"""reprint: find the reprints of news wire stories, at Rust speed.

Find which articles reprint which wire story (including partial reprints
wrapped in an outlet's own material), cluster them around their source, and
say paragraph by paragraph what each reprint copied, edited and added:

>>> import reprint
>>> d = reprint.Deduper()
>>> d.add_batch([("wire", wire_text), ("outlet", outlet_text)])
>>> for p in d.pairs():
...     print(p.id_a, p.id_b, p.relation, p.containment_b_in_a)
>>> print(reprint.align(wire_text, outlet_text))

A JSONL feed is read (and parsed, in parallel) by the engine's own reader:

>>> d.add_batch(reprint.read_jsonl("feed.jsonl"))

The stages are here too, for pipelines of your own: Tokenizer, Shingler,
MinHasher / Signature, LshIndex, SimHasher, SimHashIndex, Fingerprinter; and
the batch pipeline's own stage functions (`Deduper.stages()`, a Stages), which
`reprint.spark` runs on a Spark cluster with the single-machine answer.

Everything here is the Rust crate `reprint`, called through a thin binding
(the native module `reprint._reprint`).
"""

from ._reprint import (
    Alignment,
    Cluster,
    ClusterPlans,
    ClusterReprint,
    CopyGroup,
    Deduper,
    Document,
    Fingerprint,
    Fingerprinter,
    IndexFormatError,
    LshIndex,
    Match,
    MinHasher,
    Overlap,
    Pair,
    Paragraph,
    Report,
    Shingler,
    Signature,
    SimHasher,
    SimHashIndex,
    SourceParagraph,
    Stages,
    Summary,
    Tokenizer,
    WordEdit,
    align,
    read_jsonl,
)

__all__ = [
    # The engine and what it answers.
    "Deduper",
    "Document",
    "read_jsonl",
    "Match",
    "Pair",
    "CopyGroup",
    "Overlap",
    "Cluster",
    "ClusterReprint",
    "Report",
    "IndexFormatError",
    # What a reprint took.
    "align",
    "Alignment",
    "Paragraph",
    "WordEdit",
    "SourceParagraph",
    "Summary",
    # The stages, for pipelines of your own.
    "Tokenizer",
    "Shingler",
    "MinHasher",
    "Signature",
    "LshIndex",
    "SimHasher",
    "SimHashIndex",
    "Fingerprinter",
    "Fingerprint",
    # The batch pipeline's stage functions, for other engines (reprint.spark).
    "Stages",
    "ClusterPlans",
]
