//! LshIndex insert and query throughput.
//!
//! `cargo bench --bench lsh`

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use reprint::lsh::{LshIndex, LshParams};
use reprint::{MinHasher, Signature};

fn signatures(n: usize, num_perm: usize) -> Vec<Signature> {
    let h = MinHasher::new(num_perm).unwrap();
    (0..n as u64)
        .map(|i| h.signature((0..200u64).map(move |j| (i * 1_000_003) ^ (j * 0x9E37_79B9))))
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("lsh");
    for &(num_perm, threshold) in &[(128usize, 0.5f64), (16, 0.3)] {
        let params = LshParams::for_threshold(threshold, num_perm).unwrap();
        let sigs = signatures(100_000, num_perm);
        let label = format!("{num_perm}perm-{}x{}", params.bands, params.rows);
        g.throughput(Throughput::Elements(sigs.len() as u64));
        g.bench_with_input(BenchmarkId::new("insert_100k", &label), &sigs, |b, sigs| {
            b.iter_batched(
                || LshIndex::<u32>::new(params),
                |mut idx| {
                    for (i, s) in sigs.iter().enumerate() {
                        idx.insert(i as u32, s).unwrap();
                    }
                    idx
                },
                BatchSize::LargeInput,
            )
        });
        let mut idx = LshIndex::<u32>::new(params);
        for (i, s) in sigs.iter().enumerate() {
            idx.insert(i as u32, s).unwrap();
        }
        let queries = &sigs[..10_000];
        g.throughput(Throughput::Elements(queries.len() as u64));
        g.bench_with_input(
            BenchmarkId::new("query_10k_of_100k", &label),
            queries,
            |b, qs| {
                b.iter(|| {
                    qs.iter()
                        .map(|q| idx.query(q).unwrap().len())
                        .sum::<usize>()
                })
            },
        );
        eprintln!(
            "{label}: {} bytes per id in a 100k index",
            idx.memory_bytes() / sigs.len()
        );
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
