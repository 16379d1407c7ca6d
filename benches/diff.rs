//! Paragraph alignment throughput: seed pairs and a synthetic 1,000-word pair.
//!
//! Throughput is one element per aligned pair, so criterion's `elem/s` is
//! pairs per second.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use reprint::diff::{align, align_analyzed, AlignConfig};
use reprint::text::Tokenizer;

fn seed(name: &str) -> String {
    let path = format!("{}/seeds/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A 1,000-word "wire story" (25 paragraphs of 40 words, drawn from a
/// 2,000-word vocabulary with a few very common words) and a reprint of it
/// that edits one word in twenty, drops three paragraphs, splits one, merges
/// two, moves one and adds four of its own.
fn synthetic_pair() -> (String, String) {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let syl = [
        "ka", "lo", "mi", "ne", "ru", "si", "ta", "vo", "ze", "pu", "da", "fe", "go",
    ];
    let common = ["the", "a", "of", "to", "and", "in", "said", "on"];
    let mut word = |rng: &mut Rng| -> String {
        if rng.below(4) == 0 {
            return common[rng.below(common.len())].to_string();
        }
        (0..2 + rng.below(2))
            .map(|_| syl[rng.below(syl.len())])
            .collect()
    };
    let paragraph = |rng: &mut Rng, word: &mut dyn FnMut(&mut Rng) -> String, n: usize| {
        let words: Vec<String> = (0..n).map(|_| word(rng)).collect();
        format!("{}.", words.join(" "))
    };
    let source: Vec<String> = (0..25)
        .map(|_| paragraph(&mut rng, &mut word, 40))
        .collect();
    let mut reprint: Vec<String> = Vec::new();
    for (i, p) in source.iter().enumerate() {
        if [6, 13, 20].contains(&i) {
            continue; // dropped
        }
        let mut words: Vec<String> = p.split(' ').map(str::to_string).collect();
        for w in words.iter_mut() {
            if rng.below(20) == 0 {
                *w = word(&mut rng);
            }
        }
        match i {
            3 => {
                let tail = words.split_off(18);
                reprint.push(words.join(" "));
                reprint.push(tail.join(" "));
            }
            9 => reprint.push(words.join(" ")),
            10 => {
                if let Some(last) = reprint.last_mut() {
                    last.push(' ');
                    last.push_str(&words.join(" "));
                }
            }
            _ => reprint.push(words.join(" ")),
        }
        if i % 6 == 5 {
            reprint.push(paragraph(&mut rng, &mut word, 30));
        }
    }
    let moved = reprint.remove(2);
    reprint.insert(12, moved);
    (source.join("\n\n"), reprint.join("\n\n"))
}

fn bench_align(c: &mut Criterion) {
    let config = AlignConfig::default();
    let mut group = c.benchmark_group("diff");
    group.throughput(Throughput::Elements(1));
    let wire = seed("000_0a47ab44ad2963a8.txt");
    for name in [
        "001_4c2b0efe4e2e1cd4.txt",
        "003_af013e9569bd9990.txt",
        "002_a39f564ad0b1ce5d.txt",
        "004_9933503ff4774b73.txt",
    ] {
        let other = seed(name);
        group.bench_with_input(
            BenchmarkId::new("align/seeds", &name[..3]),
            &other,
            |b, other| b.iter(|| align(black_box(&wire), black_box(other), &config)),
        );
    }
    let (source, reprint) = synthetic_pair();
    let check = align(&source, &reprint, &config);
    eprintln!(
        "synthetic pair: {} + {} words; {:?}",
        check.summary.source_words, check.summary.reprint_words, check.summary
    );
    group.bench_function("align/synthetic_1000_words", |b| {
        b.iter(|| align(black_box(&source), black_box(&reprint), &config))
    });
    let t = Tokenizer::new();
    let (sa, ra) = (t.analyze(&source), t.analyze(&reprint));
    group.bench_function("align_analyzed/synthetic_1000_words", |b| {
        b.iter(|| align_analyzed(&source, black_box(&sa), &reprint, black_box(&ra), &config))
    });
    group.finish();
}

criterion_group!(benches, bench_align);
criterion_main!(benches);
