//! The dedup engine: adding a batch of generated articles, and querying.
//!
//! `cargo bench --bench dedup`

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use reprint::{DedupConfig, Deduper};
use reprint_testkit::{self as testkit, CorpusConfig};

fn bench(c: &mut Criterion) {
    let corpus =
        testkit::generate(&CorpusConfig::default().with_total_docs(2_000).unwrap()).unwrap();
    let docs = corpus.documents();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();

    let mut g = c.benchmark_group("dedup");
    g.throughput(Throughput::Bytes(bytes as u64));
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        g.bench_function(format!("add_batch_2k_docs/{threads}_threads"), |b| {
            b.iter_batched(
                || Deduper::new(DedupConfig::default()).unwrap(),
                |mut d| {
                    pool.install(|| d.add_batch(&docs).unwrap());
                    d
                },
                BatchSize::LargeInput,
            )
        });
    }
    let (held, probes) = docs.split_at(docs.len() - 200);
    let mut engine = Deduper::new(DedupConfig::default()).unwrap();
    engine.add_batch(held).unwrap();
    let probe_bytes: usize = probes.iter().map(|d| d.text.len()).sum();
    g.throughput(Throughput::Bytes(probe_bytes as u64));
    g.bench_function("query_200_against_1800", |b| {
        b.iter(|| probes.iter().map(|p| engine.query(p).len()).sum::<usize>())
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
