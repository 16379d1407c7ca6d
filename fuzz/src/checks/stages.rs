//! The byte strings a shuffling engine (the Spark driver) moves between
//! the stages: postings, pair counts, sets and requests. Each decoder
//! (`Buckets::new`, `merge_candidates`, `answer`, `SetTable::of`), on
//! arbitrary bytes and on the strings of a real run damaged here and
//! there, gives a valid object or `CorruptShuffle`, never a panic or
//! another error, and allocates at most a small multiple of its input.
//! Undamaged, a run gives what the fingerprints say: each pair of
//! documents whose passages meet in a bucket, with the number of passages
//! of whichever side has more that meet the other, whatever the number of
//! partitions; and each document's set, without the learnt shingles, at
//! the partition that asked for it.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use arbitrary::Arbitrary;
use reprint::stages::{
    answer, merge_candidates, requests, set_strings, Buckets, DocFingerprint, SetTable, Stages,
};
use reprint::{DedupConfig, Error};
use stats_alloc::Region;

use super::engine::{document, Doc};
use crate::GLOBAL;

/// Bytes a decoder may allocate in all: this many per input byte, plus a
/// fixed allowance for empty structures.
const PER_BYTE: usize = 64;
const FIXED: usize = 1 << 20;

/// A change to one of the strings a run makes, numbered in the order they
/// are made (modulo their number).
#[derive(Arbitrary, Debug)]
enum Damage {
    Flip { string: u8, at: u16, xor: u8 },
    Cut { string: u8, at: u16 },
    Insert { string: u8, at: u16, byte: u8 },
}

/// Documents run through the stages over `parts` partitions, the strings
/// damaged as `damage` says, and `raw` strings given to every decoder.
#[derive(Arbitrary, Debug)]
pub struct Run {
    docs: Vec<Doc>,
    parts: u8,
    /// Whether a pair partition asks for the sets of its own document
    /// partition too (`requests(.., own)`).
    own: bool,
    /// Shingles left out of the sets read (as learnt boilerplate).
    learnt: Vec<u32>,
    damage: Vec<Damage>,
    raw: Vec<Vec<u8>>,
}

/// Applies the damage to the strings as they are made, and remembers
/// whether any was.
struct Harm<'a> {
    damage: &'a [Damage],
    made: usize,
    any: bool,
}

impl Harm<'_> {
    fn apply(&mut self, mut s: Vec<u8>) -> Vec<u8> {
        let here = self.made;
        self.made += 1;
        for d in self.damage {
            let (string, at) = match *d {
                Damage::Flip { string, at, .. }
                | Damage::Cut { string, at }
                | Damage::Insert { string, at, .. } => (usize::from(string), usize::from(at)),
            };
            if string != here % 64 {
                continue;
            }
            let at = at % (s.len() + 1);
            match *d {
                Damage::Flip { xor, .. } if at < s.len() && xor != 0 => s[at] ^= xor,
                Damage::Cut { .. } if at < s.len() => s.truncate(at),
                Damage::Insert { byte, .. } => s.insert(at, byte),
                _ => continue,
            }
            self.any = true;
        }
        s
    }
}

/// Runs `decode` on `input`, checking its allocation bound and the type of
/// its error.
fn decoded<T>(what: &str, input: usize, decode: impl FnOnce() -> reprint::Result<T>) -> Option<T> {
    let region = Region::new(GLOBAL);
    let out = decode();
    let allocated = region.change().bytes_allocated;
    assert!(
        allocated <= PER_BYTE * input + FIXED,
        "{what}: {allocated} bytes allocated for {input} input bytes"
    );
    match out {
        Ok(v) => Some(v),
        Err(Error::CorruptShuffle { .. }) => None,
        Err(e) => panic!("{what}: not a CorruptShuffle: {e:?}"),
    }
}

fn total<B: AsRef<[u8]>>(strings: &[B]) -> usize {
    strings.iter().map(|s| s.as_ref().len()).sum()
}

/// What the fingerprints say the candidates are: for each pair `a < b`
/// whose passages meet in a bucket (same band, same key), the number of
/// passages of whichever side has more that meet the other.
fn expected(prints: &[DocFingerprint], bands: usize) -> BTreeMap<(String, String), usize> {
    let mut out = BTreeMap::new();
    for x in prints {
        for y in prints {
            if x.id >= y.id {
                continue;
            }
            let meeting = |p: &DocFingerprint, q: &DocFingerprint| {
                let theirs: HashSet<(usize, u32)> = q
                    .keys
                    .iter()
                    .enumerate()
                    .map(|(i, &k)| (i % bands, k))
                    .collect();
                let mine: BTreeSet<usize> = (p.keys.iter().enumerate())
                    .filter(|&(i, &k)| theirs.contains(&(i % bands, k)))
                    .map(|(i, _)| i / bands)
                    .collect();
                mine.len()
            };
            let most = meeting(x, y).max(meeting(y, x));
            if most > 0 {
                out.insert((x.id.clone(), y.id.clone()), most);
            }
        }
    }
    out
}

/// Runs the stages, checking each decoder on what the run made.
fn run(run: &Run) {
    let Ok(stages) = Stages::new(DedupConfig::default()) else {
        panic!("the default config is valid");
    };
    let mut seen = HashSet::new();
    let prints: Vec<DocFingerprint> = (run.docs.iter().map(document))
        .filter(|d| seen.insert(d.id.clone()))
        .map(|d| stages.fingerprint(&d))
        .collect();
    let parts = usize::from(run.parts % 8) + 1;
    let bands = stages.bands();
    let mut harm = Harm {
        damage: &run.damage,
        made: 0,
        any: false,
    };

    // Stage 2: postings grouped by bucket, each partition's candidates.
    let mut counts: Vec<Vec<Vec<u8>>> = vec![Vec::new(); parts];
    for s in stages.postings(&prints, parts) {
        let s = harm.apply(s);
        let Some(buckets) = decoded("postings", s.len(), || Buckets::new(&[&s])) else {
            assert!(harm.any, "undamaged postings refused");
            continue;
        };
        let again = buckets.to_postings();
        let Ok(read) = Buckets::new(&[&again]) else {
            panic!("to_postings does not read back");
        };
        assert_eq!(read.to_postings(), again, "postings round trip");
        let _ = buckets.samples(&stages);
        for (k, c) in buckets
            .candidates(&HashSet::new(), parts)
            .into_iter()
            .enumerate()
        {
            counts[k].push(harm.apply(c));
        }
    }

    // Stage 4: each pair partition's candidates merged.
    let mut pairs: Vec<Vec<(String, String, usize)>> = Vec::new();
    for strings in &counts {
        match decoded("pair counts", total(strings), || merge_candidates(strings)) {
            Some(merged) => pairs.push(merged),
            None => {
                assert!(harm.any, "undamaged pair counts refused");
                pairs.push(Vec::new());
            }
        }
    }
    for merged in &pairs {
        assert!(merged
            .windows(2)
            .all(|w| (&w[0].0, &w[0].1) < (&w[1].0, &w[1].1)));
        assert!(merged.iter().all(|(a, b, n)| a < b && *n > 0));
    }
    if !harm.any {
        let got: BTreeMap<(String, String), usize> = (pairs.iter().flatten())
            .map(|(a, b, n)| ((a.clone(), b.clone()), *n))
            .collect();
        assert_eq!(
            got.len(),
            pairs.iter().map(Vec::len).sum::<usize>(),
            "a pair in two partitions"
        );
        assert_eq!(
            got,
            expected(&prints, bands),
            "candidates over {parts} partitions"
        );
    }

    // Stages 5 and 6: the sets each pair partition asks for.
    let held: Vec<Vec<u8>> = set_strings(&prints, parts)
        .into_iter()
        .map(|s| harm.apply(s))
        .collect();
    let wanted: Vec<BTreeSet<&str>> = (pairs.iter())
        .map(|m| {
            m.iter()
                .flat_map(|(a, b, _)| [a.as_str(), b.as_str()])
                .collect()
        })
        .collect();
    let mut asked: Vec<Vec<Vec<u8>>> = vec![Vec::new(); parts];
    for (k, ids) in wanted.iter().enumerate() {
        for (j, r) in requests(ids.iter().copied(), k, parts, run.own)
            .into_iter()
            .enumerate()
        {
            asked[j].push(harm.apply(r));
        }
    }
    let mut answers: Vec<Vec<Vec<u8>>> = vec![Vec::new(); parts];
    for (j, reqs) in asked.iter().enumerate() {
        let input = parts * held[j].len() + total(reqs);
        let sets = std::slice::from_ref(&held[j]);
        match decoded("answer", input, || answer(sets, reqs, parts)) {
            Some(out) => out
                .into_iter()
                .enumerate()
                .for_each(|(k, a)| answers[k].push(harm.apply(a))),
            None => assert!(harm.any, "undamaged sets or requests refused"),
        }
    }
    let mut learnt = run.learnt.clone();
    learnt.sort_unstable();
    learnt.dedup();
    for (k, ids) in wanted.iter().enumerate() {
        let mut strings = answers[k].clone();
        if !run.own {
            strings.push(held[k].clone());
        }
        let input = total(&strings) + 4 * learnt.len();
        let read = || SetTable::of(&strings, |id| ids.contains(id), &learnt);
        let Some(table) = decoded("sets", input, read) else {
            assert!(harm.any, "undamaged sets refused");
            continue;
        };
        if harm.any {
            continue;
        }
        assert_eq!(
            table.len(),
            ids.len(),
            "partition {k} got other sets than it asked for"
        );
        for p in prints.iter().filter(|p| ids.contains(p.id.as_str())) {
            let kept: Vec<u32> = (p.set.iter().copied())
                .filter(|x| learnt.binary_search(x).is_err())
                .collect();
            assert_eq!(
                table.get(&p.id),
                Some((p.published, kept.as_slice())),
                "{}",
                p.id
            );
        }
    }

    // Arbitrary strings, to every decoder.
    let raw = &run.raw;
    let input = total(raw);
    if let Some(b) = decoded("raw postings", input, || Buckets::new(raw)) {
        let again = b.to_postings();
        assert!(
            Buckets::new(&[&again]).is_ok(),
            "raw postings do not read back"
        );
        let _ = b.samples(&stages);
    }
    let _ = decoded("raw pair counts", input, || merge_candidates(raw));
    let _ = decoded("raw sets", input, || SetTable::of(raw, |_| true, &learnt));
    let (sets, reqs) = raw.split_at(raw.len() / 2);
    let _ = decoded("raw answer", parts * total(sets) + total(reqs), || {
        answer(sets, reqs, parts)
    });
}

/// The check behind the `stages` fuzz target.
pub fn check(data: &[u8]) {
    if let Ok(r) = Run::arbitrary_take_rest(arbitrary::Unstructured::new(data)) {
        run(&r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three documents, two of them sharing most of their text.
    fn docs() -> Vec<Doc> {
        let words: Vec<u8> = (0..120u8).map(|i| i.wrapping_mul(7) % 23).collect();
        let mut edited = words.clone();
        edited[60] = 22;
        let other: Vec<u8> = (0..80u8).map(|i| i.wrapping_mul(5) % 19).collect();
        [(1, words), (2, edited), (3, other)]
            .into_iter()
            .map(|(id, words)| Doc {
                id,
                words,
                repeat: 0,
                published: Some(i16::from(id)),
            })
            .collect()
    }

    #[test]
    fn a_run_finds_the_pair_and_its_sets_at_any_partition_count() {
        let stages = Stages::new(DedupConfig::default()).unwrap();
        let prints: Vec<_> = docs()
            .iter()
            .map(|d| stages.fingerprint(&document(d)))
            .collect();
        let pairs = expected(&prints, stages.bands());
        assert!(
            pairs.contains_key(&("d1".to_string(), "d2".to_string())),
            "{pairs:?}"
        );
        for parts in 0..8 {
            for own in [false, true] {
                run(&Run {
                    docs: docs(),
                    parts,
                    own,
                    learnt: prints[0].set[..10].to_vec(),
                    damage: Vec::new(),
                    raw: Vec::new(),
                });
            }
        }
    }

    #[test]
    fn damaged_strings_are_refused_or_read() {
        for string in 0..12 {
            for at in [0, 3, 9, 40, 400] {
                let damage = vec![
                    Damage::Flip {
                        string,
                        at,
                        xor: 0x41,
                    },
                    Damage::Cut {
                        string: string + 1,
                        at,
                    },
                    Damage::Insert {
                        string: string + 2,
                        at,
                        byte: 7,
                    },
                ];
                run(&Run {
                    docs: docs(),
                    parts: 2,
                    own: string % 2 == 0,
                    learnt: Vec::new(),
                    damage,
                    raw: vec![vec![1, 0, 0, 0, 1, 0, 0, 0, b'a'], Vec::new()],
                });
            }
        }
    }
}
