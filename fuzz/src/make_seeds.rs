//! Writes the seed corpora of the fuzz targets into `fuzz/corpus/<target>/`
//! from the repository's `seeds/` articles and from indexes saved by the
//! library: `cargo run --manifest-path fuzz/Cargo.toml --bin make_seeds`.
//! Existing files are kept; seeds are named by content.

use std::fs;
use std::path::{Path, PathBuf};

use reprint::{
    DedupConfig, Deduper, Document, LshIndex, LshParams, MinHasher, SimHashIndex, SimHasher,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let seeds_dir = root.join("../seeds");
    let mut articles: Vec<(String, String)> = Vec::new();
    for entry in fs::read_dir(&seeds_dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        articles.push((name, fs::read_to_string(&path)?));
    }
    articles.sort();
    let corpus = root.join("corpus");

    // text: each article, and its first paragraphs.
    for (_, text) in &articles {
        put(&corpus.join("text"), text.as_bytes())?;
        let head: String = text.split("\n\n").take(3).collect::<Vec<_>>().join("\n\n");
        put(&corpus.join("text"), head.as_bytes())?;
    }
    // align: source NUL reprint, for every ordered pair of the seeds.
    for (_, a) in &articles {
        for (_, b) in &articles {
            let mut pair = a.as_bytes().to_vec();
            pair.push(0);
            pair.extend_from_slice(b.as_bytes());
            put(&corpus.join("align"), &pair)?;
        }
    }
    // records: the seeds as JSONL, whole and line by line.
    let mut jsonl = String::new();
    for (name, text) in &articles {
        let line = format!(
            "{{\"id\":{:?},\"text\":{:?},\"outlet\":\"AP\",\"published\":\"2022-02-08T09:00:00Z\"}}\n",
            name, text
        );
        let mut small = vec![255u8];
        small.extend_from_slice(line.as_bytes());
        put(&corpus.join("records"), &small)?;
        jsonl.push_str(&line);
    }
    let mut all = vec![255u8];
    all.extend_from_slice(jsonl.as_bytes());
    put(&corpus.join("records"), &all)?;

    // loaders: saved indexes of each kind, tagged for the target's first
    // byte (0 Deduper, 1 LshIndex<u32>, 2 LshIndex<u64>, 3 SimHashIndex;
    // +4 reframed).
    let mut engine = Deduper::new(DedupConfig::default())?;
    let docs: Vec<Document> = articles
        .iter()
        .enumerate()
        .map(|(i, (name, text))| Document::new(name.clone(), text.clone()).with_published(i as i64))
        .collect();
    engine.add_batch(&docs[..2])?;
    let small = engine.to_bytes();
    engine.add_batch(&docs[2..])?;
    let full = engine.to_bytes();
    let hasher = MinHasher::new(64)?;
    let params = LshParams::new(16, 4)?;
    let mut lsh32 = LshIndex::<u32>::new(params);
    let mut lsh64 = LshIndex::<u64>::new(params);
    let simhasher = SimHasher::new();
    let mut sim = SimHashIndex::new(3)?;
    for (i, (_, text)) in articles.iter().enumerate() {
        let words: Vec<u64> = text
            .split_whitespace()
            .map(|w| w.len() as u64 * 1_000_003 + w.as_bytes()[0] as u64)
            .collect();
        let sig = hasher.signature(words.iter().copied());
        lsh32.insert(i as u32, &sig)?;
        lsh64.insert(i as u64 * 1_000_000_007, &sig)?;
        sim.insert(i as u64, simhasher.simhash(words.iter().copied()))?;
    }
    for (tag, bytes) in [
        (0u8, small),
        (0, full),
        (1, lsh32.to_bytes()),
        (2, lsh64.to_bytes()),
        (3, sim.to_bytes()),
    ] {
        for reframed in [0u8, 4] {
            let mut tagged = vec![tag | reframed];
            tagged.extend_from_slice(&bytes);
            put(&corpus.join("loaders"), &tagged)?;
        }
    }
    println!("seed corpora written under {}", corpus.display());
    Ok(())
}

/// Writes `bytes` into `dir`, named by their hash.
fn put(dir: &Path, bytes: &[u8]) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let name = format!("seed-{:016x}", xxhash_rust::xxh3::xxh3_64(bytes));
    fs::write(dir.join(name), bytes)
}
