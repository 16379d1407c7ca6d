//! The stage functions, driven by hand as a shuffling engine drives them
//! (documents in batches, postings and pair counts as bytes routed to
//! partitions), give exactly what `Deduper::add_batch` gives: the same
//! pairs, figures, order and clusters, for any batch size, partition
//! count and input order.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use proptest::prelude::*;
use reprint::stages::{
    answer, merge_candidates, requests, set_strings, Buckets, Clustering, DocFingerprint, DocKey,
    Edge, SetTable, Stages,
};
use reprint::{DedupConfig, Deduper, Document, Error, Held, Overlap, Report};
use reprint_testkit::{generate, shuffled, CorpusConfig};

/// Reuse of every size and outlet boilerplate (so buckets are judged).
fn corpus() -> &'static [Document] {
    static DOCS: OnceLock<Vec<Document>> = OnceLock::new();
    DOCS.get_or_init(|| {
        let config = CorpusConfig::reuse_of_every_size()
            .with_total_docs(2_000)
            .unwrap();
        generate(&config).unwrap().documents()
    })
}

fn reference() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(|| {
        let mut engine = Deduper::new(DedupConfig::default()).unwrap();
        engine.add_batch(corpus()).unwrap();
        engine.report()
    })
}

/// What the run learnt on the way, beside its report.
struct Run {
    report: Report,
    judged: usize,
    boilerplate: usize,
}

/// The stages driven over `docs` fingerprinted in batches of `batch`, with
/// `parts` partitions for buckets and sets, and `pair_parts` for pairs.
fn drive(docs: &[Document], batch: usize, parts: usize, pair_parts: usize) -> Run {
    let stages = Stages::new(DedupConfig::default()).unwrap();
    let prints: Vec<DocFingerprint> = stages.fingerprint_all(docs);
    let print: HashMap<&str, &DocFingerprint> = prints.iter().map(|p| (p.id.as_str(), p)).collect();

    // Stage 2: postings by bucket, each partition grouped on its own; the
    // sets go to their document partitions.
    let mut sent: Vec<Vec<Vec<u8>>> = vec![Vec::new(); parts];
    let mut held: Vec<Vec<Vec<u8>>> = vec![Vec::new(); parts];
    for chunk in prints.chunks(batch) {
        route(stages.postings(chunk, parts), &mut sent);
        route(set_strings(chunk, parts), &mut held);
    }
    // Only common buckets can be boilerplate: the others count their
    // candidates at once, the common ones are kept for after the verdicts.
    let mut counts: Vec<Vec<Vec<u8>>> = vec![Vec::new(); pair_parts];
    let mut common: Vec<Vec<u8>> = Vec::new();
    let mut samples = Vec::new();
    for strings in &sent {
        let (judged, rest) = Buckets::new(strings).unwrap().split(&stages);
        route(rest.candidates(&HashSet::new(), pair_parts), &mut counts);
        samples.extend(judged.samples(&stages).into_iter().map(|(band, key, ids)| {
            (
                band,
                key,
                ids.iter().map(|i| i.to_string()).collect::<Vec<_>>(),
            )
        }));
        common.push(judged.to_postings());
    }

    // Stage 3: verdicts on the samples (their sets as fingerprinted).
    let (mut judged, mut boilerplate, mut learnt) = (0, HashSet::new(), Vec::new());
    for (band, key, sample) in &samples {
        judged += 1;
        let sets: Vec<&[u32]> = sample
            .iter()
            .map(|id| print[id.as_str()].set.as_slice())
            .collect();
        if let Some(l) = stages.boilerplate(&sets) {
            boilerplate.insert((*band, *key));
            learnt.extend(l);
        }
    }
    learnt.sort_unstable();
    learnt.dedup();

    // Stage 4: the common buckets' pair counts too, all merged by pair.
    for postings in common.iter().filter(|p| !p.is_empty()) {
        let b = Buckets::new(&[postings]).unwrap();
        route(b.candidates(&boilerplate, pair_parts), &mut counts);
    }
    let candidates: Vec<Vec<(String, String, usize)>> = counts
        .iter()
        .map(|c| merge_candidates(c).unwrap())
        .collect();

    // Stage 5: each pair partition fetches its sets (the shingles learnt
    // left out) and verifies its pairs.
    let asked: Vec<Vec<&str>> = candidates
        .iter()
        .map(|c| {
            c.iter()
                .flat_map(|(a, b, _)| [a.as_str(), b.as_str()])
                .collect()
        })
        .collect();
    let tables = fetch(&asked, &held, &learnt);
    let mut pairs = Vec::new();
    for (c, table) in candidates.iter().zip(&tables) {
        for (a, b, n) in c {
            let ((ta, sa), (tb, sb)) = (table.get(a).unwrap(), table.get(b).unwrap());
            if !stages.may_pair(*n, ta, tb) {
                continue;
            }
            if let Some((relation, overlap)) = stages.verify(sa, sb) {
                pairs.push(stages.pair((a, ta), (b, tb), relation, overlap));
            }
        }
    }
    let key = |id: &str| {
        DocKey {
            id: print[id].id.as_str(),
            published: print[id].published,
        }
        .order()
    };
    pairs.sort_by(|x, y| (key(&x.a), key(&x.b)).cmp(&(key(&y.a), key(&y.b))));

    // Stage 6: clusters from the pairs; the missing overlaps from sets
    // fetched as stage 5 fetches them.
    let keys: Vec<DocKey<'_>> = prints
        .iter()
        .map(|p| DocKey {
            id: &p.id,
            published: p.published,
        })
        .collect();
    let number: HashMap<&str, u32> = (0..)
        .zip(&prints)
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let edges: Vec<Edge> = pairs
        .iter()
        .map(|p| Edge {
            a: number[p.a.as_str()],
            b: number[p.b.as_str()],
            relation: p.relation,
            overlap: p.overlap,
        })
        .collect();
    let clustering = Clustering::new(&keys, &edges);
    let missing: Vec<&str> = clustering
        .missing()
        .into_iter()
        .flat_map(|(s, m)| [keys[s as usize].id, keys[m as usize].id])
        .collect();
    let table = fetch(&[missing], &held, &learnt).remove(0);
    let clusters = stages.clusters(&keys, &clustering, |s, m| {
        let set = |d: u32| table.get(keys[d as usize].id).unwrap().1;
        Overlap::of(set(s), set(m))
    });
    Run {
        report: Report { clusters, pairs },
        judged,
        boilerplate: boilerplate.len(),
    }
}

/// Appends each nonempty string of `strings` to its partition's list.
fn route(strings: Vec<Vec<u8>>, to: &mut [Vec<Vec<u8>>]) {
    for (part, bytes) in strings.into_iter().enumerate() {
        if !bytes.is_empty() {
            to[part].push(bytes);
        }
    }
}

/// Each pair partition's sets of the documents it `asked` for, brought
/// from the document partitions that hold them (`held`), without the
/// shingles `learnt`. Odd pair partitions ask for their own document
/// partition's sets too; even ones read them where they are.
fn fetch(asked: &[Vec<&str>], held: &[Vec<Vec<u8>>], learnt: &[u32]) -> Vec<SetTable> {
    let mut sent: Vec<Vec<Vec<u8>>> = vec![Vec::new(); held.len()];
    for (k, ids) in asked.iter().enumerate() {
        route(
            requests(ids.iter().copied(), k, held.len(), k % 2 == 1),
            &mut sent,
        );
    }
    let mut answers: Vec<Vec<Vec<u8>>> = vec![Vec::new(); asked.len()];
    for (sets, requests) in held.iter().zip(&sent) {
        route(answer(sets, requests, asked.len()).unwrap(), &mut answers);
    }
    answers
        .iter()
        .enumerate()
        .map(|(k, a)| {
            let own = match k % 2 {
                0 => held.get(k).map(Vec::as_slice).unwrap_or_default(),
                _ => &[],
            };
            let strings: Vec<&Vec<u8>> = a.iter().chain(own).collect();
            SetTable::of(&strings, |_| true, learnt).unwrap()
        })
        .collect()
}

/// Fingerprints made ahead (the texts then dropped) and added together
/// answer as `add_batch` of the documents: the same matches and report,
/// the same saved engine, in two batches so that the second's sets meet
/// the boilerplate the first taught; and the same view of what is held.
#[test]
fn adding_fingerprints_is_adding_the_documents() {
    let docs = corpus();
    let (first, second) = docs.split_at(docs.len() / 2);
    let mut by_docs = Deduper::new(DedupConfig::default()).unwrap();
    let mut by_prints = by_docs.clone();
    for batch in [first, second] {
        let prints = by_prints.stages().fingerprint_all(batch);
        assert_eq!(
            by_prints.add_fingerprints(prints).unwrap(),
            by_docs.add_batch(batch).unwrap()
        );
    }
    assert_eq!(by_prints.report(), by_docs.report());
    assert_eq!(by_prints.to_bytes(), by_docs.to_bytes());
    let mut whole = Deduper::new(DedupConfig::default()).unwrap();
    let prints = whole.stages().fingerprint_all(docs);
    whole.add_fingerprints(prints).unwrap();
    assert_eq!(&whole.report(), reference());
    let again = by_prints.stages().fingerprint(&docs[7]);
    assert_eq!(by_prints.held_fingerprint(&again), Held::SameText);
    let edited = Document::new(docs[7].id.clone(), format!("{} Updated.", docs[7].text));
    let edited = by_prints.stages().fingerprint(&edited);
    assert_eq!(by_prints.held_fingerprint(&edited), Held::OtherText);
    assert!(matches!(
        by_prints.add_fingerprints(vec![again]),
        Err(Error::DuplicateId { .. })
    ));
}

#[test]
fn driven_by_hand_the_stages_give_the_single_machine_report() {
    let run = drive(corpus(), 300, 3, 2);
    let expected = reference();
    assert!(expected.pairs.len() > 1_000, "{}", expected.pairs.len());
    assert!(
        run.judged > 0 && run.boilerplate > 0,
        "{} {}",
        run.judged,
        run.boilerplate
    );
    assert_eq!(run.report.pairs.len(), expected.pairs.len());
    assert_eq!(&run.report, expected);
}

/// Copies (documents with equal fingerprints) are held once by the
/// engine and expanded when reported; the stages driven by hand know
/// nothing of copies. Both answer alike: every copy pairs with every
/// other and with each partner of its text, buckets count each copy, and
/// the copies' sets take no memory.
#[test]
fn copies_held_once_answer_as_every_document_would() {
    let base = &corpus()[..1_200];
    let mut docs = base.to_vec();
    let copy = |d: &Document, tag: &str, i: usize, t: Option<i64>| {
        // Spaces doubled: another text, the same words.
        let text = match i % 2 {
            0 => d.text.clone(),
            _ => d.text.replace(' ', "  "),
        };
        let mut c = Document::new(format!("{}~{tag}{i}", d.id), text);
        c.published = t.or(d.published);
        c
    };
    for i in 0..40 {
        docs.push(copy(&base[3], "viral", i, Some(1_000 + i as i64)));
    }
    for d in &base[10..60] {
        for i in 0..3 {
            docs.push(copy(d, "c", i, None));
        }
    }
    let docs = shuffled(&docs, 7);
    let mut engine = Deduper::new(DedupConfig::default()).unwrap();
    engine.extend(&docs).unwrap();
    let report = engine.report();
    let run = drive(&docs, 250, 2, 3);
    let viral = |id: &str| id.contains("~viral");
    let copies = report.pairs.iter().filter(|p| viral(&p.a) && viral(&p.b));
    assert_eq!(copies.count(), 40 * 39 / 2);
    assert_eq!(run.report, report);
    let mut streamed = Vec::new();
    engine.for_each_pair(|p| streamed.push(p.to_pair()));
    assert_eq!(streamed, report.pairs);

    let mut originals = Deduper::new(DedupConfig::default()).unwrap();
    originals.extend(base).unwrap();
    assert_eq!(
        engine.memory().shingle_sets,
        originals.memory().shingle_sets
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4, ..ProptestConfig::default() })]

    #[test]
    fn any_batches_partitions_and_order_give_one_answer(
        seed in any::<u64>(),
        batch in 1usize..700,
        parts in 1usize..9,
        pair_parts in 1usize..9,
    ) {
        let docs = shuffled(corpus(), seed);
        let run = drive(&docs, batch, parts, pair_parts);
        prop_assert_eq!(&run.report, reference());
    }

    #[test]
    fn bytes_that_are_not_postings_are_an_error_not_a_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        match Buckets::new(&[bytes.as_slice()]) {
            Ok(_) => {}
            Err(Error::CorruptShuffle { what: "postings", offset, .. }) => {
                prop_assert!(offset <= bytes.len())
            }
            Err(e) => prop_assert!(false, "{e}"),
        }
        for result in [
            SetTable::new(&[bytes.as_slice()]).map(|_| ()),
            answer(&[bytes.as_slice()], &[] as &[&[u8]], 3).map(|_| ()),
            answer(&[] as &[&[u8]], &[bytes.as_slice()], 3).map(|_| ()),
        ] {
            match result {
                Ok(()) => {}
                Err(Error::CorruptShuffle { offset, .. }) => prop_assert!(offset <= bytes.len()),
                Err(e) => prop_assert!(false, "{e}"),
            }
        }
        match merge_candidates(&[bytes.as_slice()]) {
            Ok(_) => {}
            Err(Error::CorruptShuffle { what: "pair counts", offset, .. }) => {
                prop_assert!(offset <= bytes.len())
            }
            Err(e) => prop_assert!(false, "{e}"),
        }
    }
}

#[test]
fn a_truncated_string_is_named_with_its_offset() {
    let stages = Stages::new(DedupConfig::default()).unwrap();
    let prints = stages.fingerprint_all(&corpus()[..20]);
    let bytes = stages.postings(&prints, 1).remove(0);
    assert!(Buckets::new(&[&bytes]).is_ok());
    let cut = &bytes[..bytes.len() - 3];
    let e = Buckets::new(&[cut]).unwrap_err().to_string();
    assert!(e.starts_with("corrupt postings at byte "), "{e}");
    assert!(e.contains("items cannot fit in the bytes left"), "{e}");
    let mut longer = bytes.clone();
    longer.push(0);
    let e = Buckets::new(&[longer]).unwrap_err().to_string();
    assert!(
        e.ends_with(&format!(
            "at byte {}: 1 bytes after the last item",
            bytes.len()
        )),
        "{e}"
    );
}
