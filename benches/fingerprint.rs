//! Criterion benches of the fingerprint stages, tokenization included.
//!
//! Inputs are built from the seed articles:
//! - `seeds`: the five seeds concatenated (36 KB);
//! - `1mb`: their paragraphs in a fixed pseudo-random order, repeated up to
//!   1 MiB;
//! - `batch`: 1,000 documents of 3 to 12 seed paragraphs each, for the
//!   parallel batch.
//!
//! The single-thread groups measure the benchmark thread's CPU time, not
//! wall time, so their MB/s are per core even when other processes share
//! the machine; the parallel batch measures wall time, as the point there
//! is how much sooner two threads finish.
//!
//! Run: `cargo bench --bench fingerprint` (see BENCHMARKS.md for the figures).

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use reprint::{Fingerprinter, MinHasher, Shingler, SimHasher, Tokenizer, Variant};
use reprint_testkit::naive;
use rustix::time::{clock_gettime, ClockId};
use std::hint::black_box;
use std::time::Duration;

/// CPU time of the calling thread (`CLOCK_THREAD_CPUTIME_ID`).
struct ThreadCpuTime;

fn thread_cpu_now() -> Duration {
    let t = clock_gettime(ClockId::ThreadCPUTime);
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

impl Measurement for ThreadCpuTime {
    type Intermediate = Duration;
    type Value = Duration;

    fn start(&self) -> Duration {
        thread_cpu_now()
    }
    fn end(&self, start: Duration) -> Duration {
        thread_cpu_now().saturating_sub(start)
    }
    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }
    fn zero(&self) -> Duration {
        Duration::ZERO
    }
    fn to_f64(&self, v: &Duration) -> f64 {
        v.as_nanos() as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        // Durations print the same whichever clock measured them.
        WallTime.formatter()
    }
}

/// The seed files, in name order.
fn seed_texts() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("seeds directory")
        .map(|e| e.expect("seed entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("seed file is UTF-8"))
        .collect()
}

/// A deterministic generator for the input shuffles (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

struct Inputs {
    seeds: String,
    large: String,
    batch: Vec<String>,
}

fn inputs() -> Inputs {
    let texts = seed_texts();
    let seeds = texts.concat();
    let paragraphs: Vec<&str> = texts
        .iter()
        .flat_map(|t| t.split("\n\n"))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let mut rng = Rng(0x5EED);
    let mut large = String::with_capacity(1 << 20);
    while large.len() < 1 << 20 {
        large.push_str(paragraphs[rng.below(paragraphs.len())]);
        large.push_str("\n\n");
    }
    let batch = (0..1000)
        .map(|_| {
            let n = 3 + rng.below(10);
            (0..n)
                .map(|_| paragraphs[rng.below(paragraphs.len())])
                .collect::<Vec<_>>()
                .join("\n\n")
        })
        .collect();
    Inputs {
        seeds,
        large,
        batch,
    }
}

fn named(inputs: &Inputs) -> [(&'static str, &str); 2] {
    [("seeds", &inputs.seeds), ("1mb", &inputs.large)]
}

fn tokenize_shingle<M: Measurement>(c: &mut Criterion<M>, inputs: &Inputs) {
    let mut g = c.benchmark_group("tokenize_shingle");
    let tokenizer = Tokenizer::new();
    let shingler = Shingler::default();
    for (name, text) in named(inputs) {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("tokenize", name), text, |b, t| {
            let mut tokens = Vec::new();
            b.iter(|| {
                tokens.clear();
                tokenizer.tokenize_into(black_box(t), &mut tokens);
                tokens.len()
            })
        });
        g.bench_with_input(BenchmarkId::new("tokenize+shingle", name), text, |b, t| {
            let mut tokens = Vec::new();
            let mut shingles = Vec::new();
            b.iter(|| {
                tokens.clear();
                shingles.clear();
                tokenizer.tokenize_into(black_box(t), &mut tokens);
                shingler.shingles_into(&tokens, &mut shingles);
                shingles.len()
            })
        });
    }
    g.finish();
}

fn minhash<M: Measurement>(c: &mut Criterion<M>, inputs: &Inputs) {
    let mut g = c.benchmark_group("minhash");
    let tokenizer = Tokenizer::new();
    let shingler = Shingler::default();
    for (name, text) in named(inputs) {
        g.throughput(Throughput::Bytes(text.len() as u64));
        for variant in [Variant::Classic, Variant::OnePermutation] {
            for num_perm in [64, 128, 256] {
                let hasher = MinHasher::new(num_perm)
                    .expect("valid num_perm")
                    .with_variant(variant);
                let id = BenchmarkId::new(format!("{variant}/{name}"), num_perm);
                g.bench_with_input(id, text, |b, t| {
                    let mut tokens = Vec::new();
                    let mut shingles = Vec::new();
                    b.iter(|| {
                        tokens.clear();
                        shingles.clear();
                        tokenizer.tokenize_into(black_box(t), &mut tokens);
                        shingler.shingles_into(&tokens, &mut shingles);
                        hasher.signature(shingles.iter().copied())
                    })
                });
            }
        }
    }
    g.finish();
}

fn simhash<M: Measurement>(c: &mut Criterion<M>, inputs: &Inputs) {
    let mut g = c.benchmark_group("simhash");
    let tokenizer = Tokenizer::new();
    let shingler = Shingler::default();
    let hasher = SimHasher::new();
    for (name, text) in named(inputs) {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("simhash", name), text, |b, t| {
            let mut tokens = Vec::new();
            let mut shingles = Vec::new();
            b.iter(|| {
                tokens.clear();
                shingles.clear();
                tokenizer.tokenize_into(black_box(t), &mut tokens);
                shingler.shingles_into(&tokens, &mut shingles);
                hasher.simhash(shingles.iter().copied())
            })
        });
    }
    g.finish();
}

fn par_fingerprint(c: &mut Criterion, inputs: &Inputs) {
    let mut g = c.benchmark_group("par_fingerprint");
    let bytes: usize = inputs.batch.iter().map(String::len).sum();
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(20);
    let pools = [1, 2].map(|threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("rayon pool")
    });
    for variant in [Variant::Classic, Variant::OnePermutation] {
        let f = Fingerprinter::new(
            Shingler::default(),
            MinHasher::new(128)
                .expect("valid num_perm")
                .with_variant(variant),
        );
        for pool in &pools {
            let id = BenchmarkId::new(format!("{variant}/128/threads"), pool.current_num_threads());
            g.bench_with_input(id, &inputs.batch, |b, docs| {
                b.iter(|| pool.install(|| f.par_fingerprint(black_box(docs))))
            });
        }
        // The machine is shared: a job that starts while one of the two
        // benchmarks above runs skews their ratio. Here each iteration runs
        // the batch on 1 thread, then on 2, back to back; the time reported
        // is the 2-thread one, and the ratio is printed from the fastest run
        // of each and from the median of the paired ratios.
        let mut runs: Vec<(Duration, Duration)> = Vec::new();
        let id = BenchmarkId::new(format!("{variant}/128/interleaved_1_then_2_threads"), 2);
        g.bench_with_input(id, &inputs.batch, |b, docs| {
            b.iter_custom(|iters| {
                let mut two = Duration::ZERO;
                for _ in 0..iters {
                    let start = std::time::Instant::now();
                    black_box(pools[0].install(|| f.par_fingerprint(black_box(docs))));
                    let t1 = start.elapsed();
                    let start = std::time::Instant::now();
                    black_box(pools[1].install(|| f.par_fingerprint(black_box(docs))));
                    let t2 = start.elapsed();
                    runs.push((t1, t2));
                    two += t2;
                }
                two
            })
        });
        if let (Some(t1), Some(t2)) = (
            runs.iter().map(|r| r.0).min(),
            runs.iter().map(|r| r.1).min(),
        ) {
            let mut ratios: Vec<f64> = runs
                .iter()
                .map(|(a, b)| a.as_secs_f64() / b.as_secs_f64())
                .collect();
            ratios.sort_by(f64::total_cmp);
            let mib = |t: Duration| bytes as f64 / t.as_secs_f64() / (1 << 20) as f64;
            println!(
                "par_fingerprint/{variant}/128: fastest of {} interleaved runs: 1 thread {:.1} MiB/s, \
                 2 threads {:.1} MiB/s, ratio {:.2}; median paired ratio {:.2}",
                runs.len(),
                mib(t1),
                mib(t2),
                t1.as_secs_f64() / t2.as_secs_f64(),
                ratios[ratios.len() / 2],
            );
        }
    }
    g.finish();
}

/// The fast paths against the naive references of `reprint_testkit::naive`,
/// in one run, on the 1 MiB text (MiB/s of text): what each fast path buys
/// over the obviously correct form. Checks first that both give the same
/// values. (To time a change to a fast path, compare runs of the same
/// bench with criterion's `--save-baseline` and `--baseline`: see
/// BENCHMARKS.md.)
fn naive_vs_fast<M: Measurement>(c: &mut Criterion<M>, inputs: &Inputs) {
    let text = inputs.large.as_str();
    let tokenizer = Tokenizer::new();
    let shingler = Shingler::default();
    let tokens = tokenizer.tokenize(text);
    let shingles = shingler.shingles(&tokens);
    let classic = MinHasher::new(128).expect("valid num_perm");
    let seed = classic.params().seed;
    let simhasher = SimHasher::new();

    // Same values, naive and fast.
    assert_eq!(naive::tokens(text, &tokenizer), tokens, "tokens differ");
    assert_eq!(
        naive::shingles(&tokens, &shingler),
        shingles,
        "shingles differ"
    );
    assert_eq!(
        naive::classic_minhash(128, seed, &shingles),
        classic.signature(shingles.iter().copied()).values(),
        "MinHash differs"
    );
    assert_eq!(
        naive::simhash(0, &shingles),
        simhasher.simhash(shingles.iter().copied()).0,
        "SimHash differs"
    );

    let mut g = c.benchmark_group("naive_vs_fast");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("tokenize/naive", |b| {
        b.iter(|| naive::tokens(black_box(text), &tokenizer).len())
    });
    let mut out = Vec::new();
    g.bench_function("tokenize/fast", |b| {
        b.iter(|| {
            out.clear();
            tokenizer.tokenize_into(black_box(text), &mut out);
            out.len()
        })
    });
    g.bench_function("shingle/naive", |b| {
        b.iter(|| naive::shingles(black_box(&tokens), &shingler).len())
    });
    let mut sh = Vec::new();
    g.bench_function("shingle/fast", |b| {
        b.iter(|| {
            sh.clear();
            shingler.shingles_into(black_box(&tokens), &mut sh);
            sh.len()
        })
    });
    g.bench_function("classic_128/naive", |b| {
        b.iter(|| naive::classic_minhash(128, seed, black_box(&shingles)))
    });
    g.bench_function("classic_128/fast", |b| {
        b.iter(|| classic.signature(black_box(&shingles).iter().copied()))
    });
    g.bench_function("simhash/naive", |b| {
        b.iter(|| naive::simhash(0, black_box(&shingles)))
    });
    g.bench_function("simhash/fast", |b| {
        b.iter(|| simhasher.simhash(black_box(&shingles).iter().copied()))
    });
    g.finish();
}

fn per_core_benches(c: &mut Criterion<ThreadCpuTime>) {
    let inputs = inputs();
    tokenize_shingle(c, &inputs);
    minhash(c, &inputs);
    simhash(c, &inputs);
    naive_vs_fast(c, &inputs);
}

fn parallel_benches(c: &mut Criterion) {
    par_fingerprint(c, &inputs());
}

criterion_group! {
    name = per_core;
    config = Criterion::default().with_measurement(ThreadCpuTime);
    targets = per_core_benches
}
criterion_group!(parallel, parallel_benches);
criterion_main!(per_core, parallel);
