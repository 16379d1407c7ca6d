//! Insert and query throughput of `SimHashIndex` at k = 3, on random
//! fingerprints with planted near neighbours.
//!
//! `cargo bench --bench simhash_index`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use reprint::{SimHash, SimHashIndex};

fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `fp` with `d` distinct random bits flipped.
fn flip(fp: u64, d: u32, state: &mut u64) -> u64 {
    let mut mask = 0u64;
    while mask.count_ones() < d {
        mask |= 1 << (splitmix(state) % 64);
    }
    fp ^ mask
}

/// `n` fingerprints: 90% uniform, 10% planted within distance 1..=3 of an
/// earlier one.
fn corpus(n: usize) -> Vec<u64> {
    let mut state = 42;
    let mut fps = Vec::with_capacity(n);
    for i in 0..n {
        let r = splitmix(&mut state);
        if i > 0 && r.is_multiple_of(10) {
            let base = fps[(splitmix(&mut state) % i as u64) as usize];
            let d = 1 + (splitmix(&mut state) % 3) as u32;
            fps.push(flip(base, d, &mut state));
        } else {
            fps.push(r);
        }
    }
    fps
}

/// `n` queries: half near a stored fingerprint (distance 0..=4), half uniform.
fn queries(fps: &[u64], n: usize) -> Vec<SimHash> {
    let mut state = 7;
    (0..n)
        .map(|i| {
            if i % 2 == 0 {
                let base = fps[(splitmix(&mut state) % fps.len() as u64) as usize];
                let d = (splitmix(&mut state) % 5) as u32;
                SimHash(flip(base, d, &mut state))
            } else {
                SimHash(splitmix(&mut state))
            }
        })
        .collect()
}

fn build(fps: &[u64], blocks: Option<u32>) -> SimHashIndex {
    let mut index = match blocks {
        None => SimHashIndex::new(3),
        Some(b) => SimHashIndex::with_blocks(3, b),
    }
    .expect("valid layout");
    for (id, &fp) in fps.iter().enumerate() {
        index.insert(id as u64, SimHash(fp)).expect("fresh id");
    }
    index
}

fn bench_insert(c: &mut Criterion) {
    let mut group = c.benchmark_group("simhash_index/insert");
    group.sample_size(10);
    for n in [100_000usize, 1_000_000] {
        let fps = corpus(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("k3", n), &fps, |b, fps| {
            b.iter_batched(|| (), |()| build(fps, None), BatchSize::PerIteration)
        });
    }
    group.finish();
}

fn bench_query(c: &mut Criterion) {
    let mut group = c.benchmark_group("simhash_index/query");
    const QUERIES: usize = 10_000;
    for n in [100_000usize, 1_000_000] {
        let fps = corpus(n);
        let qs = queries(&fps, QUERIES);
        // Layouts for k = 3: 4 blocks (4 tables of 16 bits), the default 5
        // (10 tables of 25-26 bits), 6 (20 tables of 32 bits).
        for blocks in [4u32, 5, 6] {
            let index = build(&fps, Some(blocks));
            let hits: usize = qs.iter().map(|&q| index.query(q).len()).sum();
            eprintln!(
                "n = {n}, blocks = {blocks}: {} tables, {:.0} bytes per fingerprint, {:.2} hits per query",
                index.tables(),
                index.memory_bytes() as f64 / n as f64,
                hits as f64 / QUERIES as f64
            );
            group.throughput(Throughput::Elements(QUERIES as u64));
            group.bench_with_input(
                BenchmarkId::new(format!("k3_b{blocks}"), n),
                &qs,
                |b, qs| {
                    let mut buf = Vec::new();
                    b.iter(|| {
                        let mut total = 0;
                        for &q in qs {
                            index.query_into(q, &mut buf);
                            total += buf.len();
                        }
                        black_box(total)
                    })
                },
            );
        }
        if n == 100_000 {
            // The baseline the index replaces: a scan of every fingerprint.
            let scan_qs = &qs[..100];
            group.throughput(Throughput::Elements(scan_qs.len() as u64));
            group.bench_with_input(BenchmarkId::new("scan", n), &fps, |b, fps| {
                b.iter(|| {
                    let mut total = 0usize;
                    for q in scan_qs {
                        total += fps
                            .iter()
                            .filter(|&&fp| (fp ^ q.0).count_ones() <= 3)
                            .count();
                    }
                    black_box(total)
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_insert, bench_query);
criterion_main!(benches);
