//! Property tests of the fingerprint core: tokenizer, shingles, MinHash,
//! SimHash and the parallel batch.
//!
//! The tokenizer, shingles, exact Jaccard and SimHash are checked against
//! `reprint_testkit::naive`, slow, obviously-correct re-implementations of
//! the rules of `reprint::text`, `reprint::shingle` and `reprint::simhash`. MinHash
//! accuracy is checked against the binomial bound that a correct scheme
//! satisfies; those cases run from a fixed proptest seed so that a run is
//! reproducible (at 4 sigma a correct scheme still misses once in ~10^4
//! checks, and a flaky test would be worse than a fixed draw).

use std::collections::BTreeSet;

use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::test_runner::RngSeed;
use reprint::text::{normalize, paragraph_spans, word_paragraph_spans, Analysis, Token, Tokenizer};
use reprint::{Fingerprinter, MinHasher, Shingler, SimHash, SimHasher, Variant};
use reprint_testkit::naive;

// ---------------------------------------------------------------- strategies

/// Pieces of news text that exercise every normalization rule, glued
/// together without forced spaces so that joiners meet their neighbours.
fn news_fragment() -> impl Strategy<Value = &'static str> {
    select(vec![
        "Moscow",
        "macron",
        "UKRAINE",
        "Zelenskyy",
        "the",
        "a",
        "I",
        "said",
        "100,000",
        "1.3",
        "2022",
        "3.",
        ",5",
        "U.S.",
        "e.g.",
        "N.A.T.O",
        "can't",
        "Ukraine’s",
        "rock'n'roll",
        "ʼ",
        "'",
        "’",
        "‘",
        "′",
        "＇",
        "\u{AD}",
        "\u{200B}",
        "\u{200C}",
        "\u{200D}",
        "\u{2060}",
        "\u{FEFF}",
        "e\u{301}",
        "\u{301}",
        "\u{308}",
        "ﬁ",
        "Ｎａｔｏ",
        "²",
        "Ελλάδα",
        "Москва",
        "東京",
        "😀",
        "ß",
        "İ",
        "ǅ",
        "Ⅻ",
        "¼",
        "⑴",
        "ｰ",
        "١٢٣",
        " ",
        "  ",
        "\n",
        "\r\n",
        "\n\n",
        "\r\n\r\n",
        "\n \n",
        "\t",
        "\u{a0}",
        "\u{2028}",
        "—",
        "-",
        "–",
        ".",
        ",",
        "“",
        "”",
        "\"",
        "(",
        ")",
        "$",
        "…",
        "* * *",
        ":",
        ";",
        "!",
        "?",
        "0",
        "9",
        "x",
    ])
}

/// Text made of [`news_fragment`]s.
fn news_text() -> impl Strategy<Value = String> {
    prop::collection::vec(news_fragment(), 0..80).prop_map(|v| v.concat())
}

/// Dense runs of single tricky chars: every joiner next to every other.
fn tricky_chars() -> impl Strategy<Value = String> {
    let chars = vec![
        'a', 'Z', '0', '7', '.', ',', '\'', '’', 'ʼ', '\u{AD}', '\u{200B}', '\u{FEFF}', '\u{301}',
        'é', 'ﬁ', 'Ａ', '²', 'İ', ' ', '\n', '\r', '-', '—', '"', '”', 'ß', 'Σ', 'ς',
        // Compatibility forms the fuzzer found: punctuation, letters of
        // unspaced scripts, spaces before marks, lowercase forms NFKC
        // composes.
        '⒒', 'ก', 'ำ', '〸', 'ゟ', '㈠', 'ﱞ', 'Ŀ', 'ᾼ', '\u{345}',
    ];
    prop::collection::vec(select(chars), 0..60).prop_map(|v| v.into_iter().collect())
}

/// ASCII words of 1 to 40 letters and digits, mixed case, between
/// separators and joiners: the tokenizer's fast paths (eight bytes at a
/// time, words up to 32 bytes lowered on the stack) and their edges.
fn ascii_words() -> impl Strategy<Value = String> {
    let sep = select(vec![
        " ", ".", ",", "'", "’", "\n", "é", "—", ". ", ", ", "\u{AD}", "",
    ]);
    prop::collection::vec(("[A-Za-z0-9]{1,40}", sep), 0..40).prop_map(|v| {
        v.into_iter()
            .flat_map(|(w, s)| [w, s.to_string()])
            .collect()
    })
}

fn empty() -> impl Strategy<Value = String> {
    Just(String::new())
}

fn one_char() -> impl Strategy<Value = String> {
    any::<char>().prop_map(String::from)
}

fn only_punctuation() -> impl Strategy<Value = String> {
    "[ \\-—–.,;:!?\"“”‘’'()\\[\\]{}*…/\\\\\n\r\t]{0,200}"
}

/// One word of up to 100 KB.
fn huge_token() -> impl Strategy<Value = String> {
    ("[a-zA-Z0-9é]{1,4}", 1usize..25_000).prop_map(|(w, n)| w.repeat(n))
}

fn mixed_scripts() -> impl Strategy<Value = String> {
    "[a-zA-Zα-ωА-Яа-я一-龥ا-ي\u{0900}-\u{097F}0-9 .,'’\n]{0,200}"
}

fn crlf_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        select(vec![
            "word", "Second", "1.5", " ", "\r\n", "\r\n\r\n", "\r", " \r\n ",
        ]),
        0..60,
    )
    .prop_map(|v| v.concat())
}

fn combining_marks() -> impl Strategy<Value = String> {
    "[a-zA-Z \u{0300}-\u{036F}\u{1AB0}-\u{1AFF}\u{20D0}-\u{20FF}]{0,100}"
}

fn zero_width() -> impl Strategy<Value = String> {
    "[a-z0-9 \u{AD}\u{200B}-\u{200D}\u{2060}\u{FEFF}.,'’]{0,100}"
}

/// Every text strategy above, and arbitrary strings.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        empty(),
        one_char(),
        only_punctuation(),
        huge_token(),
        mixed_scripts(),
        crlf_text(),
        combining_marks(),
        zero_width(),
        news_text(),
        tricky_chars(),
        ascii_words(),
    ]
}

/// A text of `50..300` random lowercase words.
fn word_text() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[a-z]{2,9}", 50..300)
}

/// Two sets with a known Jaccard similarity in [0.2, 0.8].
#[derive(Debug, Clone)]
struct SetPair {
    a: Vec<u64>,
    b: Vec<u64>,
    jaccard: f64,
}

/// Union sizes: tiny (most one-permutation bins empty: densification),
/// medium, and large (every bin filled).
fn set_pair() -> impl Strategy<Value = SetPair> {
    let union = prop_oneof![2usize..=12, 50usize..=500, 2_000usize..=5_000];
    (union, 0.2f64..=0.8, 0.0f64..=1.0, any::<u64>()).prop_map(|(u, j, split, seed)| {
        let lo = (0.2 * u as f64).ceil() as usize;
        let hi = (0.8 * u as f64).floor() as usize;
        let shared = ((j * u as f64).round() as usize).clamp(lo.max(1), hi.max(1));
        let only = u - shared;
        let a_only = (split * only as f64).round() as usize;
        let elems: Vec<u64> = (0..u as u64)
            .map(|i| naive::fmix64(seed.wrapping_add(i)))
            .collect();
        let (common, rest) = elems.split_at(shared);
        let (left, right) = rest.split_at(a_only);
        SetPair {
            a: common.iter().chain(left).copied().collect(),
            b: common.iter().chain(right).copied().collect(),
            jaccard: shared as f64 / u as f64,
        }
    })
}

fn variant() -> impl Strategy<Value = Variant> {
    prop_oneof![Just(Variant::Classic), Just(Variant::OnePermutation)]
}

/// Shuffles `v` with the permutation an `Index` list describes, and appends
/// repeats of some elements.
fn shuffled_with_repeats(v: &[u64], picks: &[Index]) -> Vec<u64> {
    let mut out = v.to_vec();
    if out.is_empty() {
        return out;
    }
    for (i, p) in picks.iter().enumerate() {
        let n = out.len();
        out.swap(i % n, p.index(n));
    }
    let repeats: Vec<u64> = picks.iter().map(|p| v[p.index(v.len())]).collect();
    out.extend(repeats);
    out
}

// ----------------------------------------------------------------- checks

fn check_tokens(text: &str, tokens: &[Token]) -> Result<(), TestCaseError> {
    let mut prev_end = 0;
    for t in tokens {
        let s = text.get(t.span());
        prop_assert!(s.is_some(), "span {:?} not on char boundaries", t.span());
        let s = s.unwrap_or_default();
        prop_assert!(
            t.start >= prev_end && t.start < t.end,
            "tokens overlap or are empty"
        );
        prop_assert!(s.chars().next().is_some_and(naive::is_word_char));
        prop_assert!(s.chars().last().is_some_and(naive::is_word_char));
        prev_end = t.end;
    }
    Ok(())
}

fn check_paragraphs(text: &str, doc: &Analysis) -> Result<(), TestCaseError> {
    let mut next_token = 0;
    let mut prev_end = 0;
    for p in &doc.paragraphs {
        let s = text.get(p.span.clone());
        prop_assert!(s.is_some(), "paragraph {:?} not on char boundaries", p.span);
        let s = s.unwrap_or_default();
        prop_assert!(p.span.start >= prev_end);
        prop_assert_eq!(s, s.trim(), "paragraph span not trimmed");
        let blank_line = s.split('\n').any(|l| l.trim().is_empty());
        prop_assert!(!blank_line, "paragraph {:?} holds a blank line", p.span);
        // Token ranges tile the token list, in order, with no empty range.
        prop_assert_eq!(p.tokens.start, next_token);
        prop_assert!(p.tokens.end > p.tokens.start);
        for t in &doc.tokens[p.tokens.clone()] {
            prop_assert!(p.span.start <= t.start && t.end <= p.span.end);
        }
        next_token = p.tokens.end;
        prev_end = p.span.end;
    }
    prop_assert_eq!(next_token, doc.tokens.len());
    let all = paragraph_spans(text);
    prop_assert!(doc.paragraphs.iter().all(|p| all.contains(&p.span)));
    // The same paragraphs found without hashing.
    let with_words = word_paragraph_spans(text);
    prop_assert!(with_words.iter().eq(doc.paragraphs.iter().map(|p| &p.span)));
    Ok(())
}

fn check_against_naive(text: &str) -> Result<(), TestCaseError> {
    let tokenizer = Tokenizer::new();
    prop_assert_eq!(tokenizer.tokenize(text), naive::tokens(text, &tokenizer));
    let words: Vec<String> = naive::words(text)
        .into_iter()
        .map(|w| w.normalized)
        .collect();
    prop_assert_eq!(normalize(text), words.join(" "));
    Ok(())
}

fn fingerprinters() -> Vec<Fingerprinter> {
    let mut out = Vec::new();
    for k in [1, 5] {
        for variant in [Variant::Classic, Variant::OnePermutation] {
            for num_perm in [1, 7, 128] {
                let Ok(shingler) = Shingler::new(k) else {
                    continue;
                };
                let Ok(hasher) = MinHasher::new(num_perm) else {
                    continue;
                };
                out.push(Fingerprinter::new(shingler, hasher.with_variant(variant)));
            }
        }
    }
    out
}

// ------------------------------------------------------------------ tests

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        rng_seed: RngSeed::Fixed(0x4d49_4e48_4153_4831),
        ..ProptestConfig::default()
    })]

    /// Both variants estimate Jaccard within 4 binomial sigmas, on tiny
    /// (densified), medium and large sets, at 64, 128 and 256 permutations.
    #[test]
    fn minhash_estimates_within_four_sigma(pair in set_pair(), seed in any::<u64>()) {
        for variant in [Variant::Classic, Variant::OnePermutation] {
            for num_perm in [64, 128, 256] {
                let h = MinHasher::new(num_perm)?.with_seed(seed).with_variant(variant);
                let est = h.signature(pair.a.iter().copied()).jaccard(&h.signature(pair.b.iter().copied()))?;
                let j = pair.jaccard;
                let sigma = (j * (1.0 - j) / num_perm as f64).sqrt();
                prop_assert!(
                    (est - j).abs() <= 4.0 * sigma,
                    "{variant} {num_perm}: estimate {est:.3} for J = {j:.3} (|A| = {}, |B| = {}), 4 sigma = {:.3}",
                    pair.a.len(), pair.b.len(), 4.0 * sigma
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Classic signatures (four shingles per pass, AVX2 where the CPU has
    /// it) equal the naive one, a pass over every shingle per permutation.
    #[test]
    fn classic_minhash_matches_naive(
        set in prop::collection::vec(any::<u64>(), 0..600),
        num_perm in 1usize..=300,
        seed in any::<u64>(),
    ) {
        let sig = MinHasher::new(num_perm)?.with_seed(seed).signature(set.iter().copied());
        prop_assert_eq!(sig.values(), &naive::classic_minhash(num_perm, seed, &set)[..]);
    }

    /// Signatures depend on the set only: same set in another order, with
    /// repeats, gives the same signature; so does a second hasher built
    /// from the same parameters.
    #[test]
    fn signature_ignores_order_and_repeats(
        set in prop::collection::vec(any::<u64>(), 0..300),
        picks in prop::collection::vec(any::<Index>(), 0..50),
        variant in variant(),
        num_perm in 1usize..300,
        seed in any::<u64>(),
    ) {
        let h = MinHasher::new(num_perm)?.with_seed(seed).with_variant(variant);
        let again = MinHasher::from_params(h.params())?;
        let sig = h.signature(set.iter().copied());
        prop_assert_eq!(sig.values().len(), num_perm);
        prop_assert_eq!(sig.is_empty(), set.is_empty());
        prop_assert_eq!(&sig, &again.signature(set.iter().copied()));
        prop_assert_eq!(&sig, &h.signature(shuffled_with_repeats(&set, &picks)));
        if !set.is_empty() {
            prop_assert_eq!(sig.jaccard(&sig)?, 1.0);
        }
        let s = SimHasher::new().with_seed(seed);
        let mut reversed = set.clone();
        reversed.reverse();
        prop_assert_eq!(s.simhash(set.iter().copied()), s.simhash(reversed));
    }

    /// Shingle sets do not depend on repeats of a whole text; identical
    /// texts give identical fingerprints.
    #[test]
    fn identical_text_identical_fingerprints(text in news_text(), k in 1usize..8) {
        let f = Fingerprinter::new(Shingler::new(k)?, MinHasher::new(64)?);
        prop_assert_eq!(f.fingerprint(&text), f.fingerprint(&text.clone()));
        let doubled = format!("{text}\n\n{text}");
        let tokens = f.tokenizer.tokenize(&text);
        let doubled_tokens = f.tokenizer.tokenize(&doubled);
        prop_assert_eq!(doubled_tokens.len(), 2 * tokens.len());
        let once = f.shingler.shingle_set(&tokens);
        let twice = f.shingler.shingle_set(&doubled_tokens);
        // Every shingle of the text is a shingle of the doubled text (a text
        // shorter than k makes one short shingle, which the doubled lacks).
        prop_assume!(tokens.len() >= k);
        prop_assert_eq!(reprint::shingle::intersection_len(&once, &twice), once.len());
    }

    /// The parallel batch equals the sequential loop, in the global pool
    /// and in pools of 1, 2 and 4 threads.
    #[test]
    fn parallel_equals_sequential(
        texts in prop::collection::vec(news_text(), 0..24),
        variant in variant(),
    ) {
        let f = Fingerprinter::new(Shingler::new(3)?, MinHasher::new(32)?.with_variant(variant));
        let sequential: Vec<_> = texts.iter().map(|t| f.fingerprint(t)).collect();
        let sets: Vec<Vec<u64>> = texts
            .iter()
            .map(|t| f.shingler.shingles(&f.tokenizer.tokenize(t)))
            .collect();
        let sequential_sigs: Vec<_> = sets.iter().map(|s| f.minhasher.signature(s.iter().copied())).collect();
        prop_assert_eq!(&f.par_fingerprint(&texts), &sequential);
        prop_assert_eq!(&f.minhasher.par_signatures(&sets), &sequential_sigs);
        for threads in [1, 2, 4] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let (prints, sigs) = pool.install(|| (f.par_fingerprint(&texts), f.minhasher.par_signatures(&sets)));
            prop_assert_eq!(&prints, &sequential, "{} threads", threads);
            prop_assert_eq!(&sigs, &sequential_sigs, "{} threads", threads);
        }
    }

    /// Nothing panics, on arbitrary and on adversarial strings; spans slice
    /// the original at char boundaries; paragraphs tile the tokens.
    #[test]
    fn no_panic_and_consistent_spans(text in any_text()) {
        let doc = Tokenizer::new().analyze(&text);
        check_tokens(&text, &doc.tokens)?;
        check_paragraphs(&text, &doc)?;
        let _ = normalize(&text);
        prop_assert_eq!(reprint::text::count_words(&text), doc.tokens.len());
        for k in [1, 3, 5] {
            let s = Shingler::new(k)?;
            prop_assert_eq!(s.shingles(&doc.tokens).len(), s.count(doc.tokens.len()));
            let grams = s.char_ngrams(&text);
            prop_assert_eq!(grams.is_empty(), normalize(&text).is_empty());
        }
        for f in fingerprinters() {
            let p = f.fingerprint(&text);
            prop_assert_eq!(p.tokens, doc.tokens.len());
            prop_assert_eq!(p.minhash.is_empty(), doc.tokens.is_empty());
        }
    }

    /// The tokenizer agrees with the naive reference on generated news text.
    #[test]
    fn tokenizer_matches_naive_on_news(text in news_text()) {
        check_against_naive(&text)?;
    }

    /// ... on dense runs of tricky chars.
    #[test]
    fn tokenizer_matches_naive_on_tricky_chars(text in tricky_chars()) {
        check_against_naive(&text)?;
    }

    /// ... on mixed-case ASCII words of every length.
    #[test]
    fn tokenizer_matches_naive_on_ascii_words(text in ascii_words()) {
        check_against_naive(&text)?;
    }

    /// ... and on arbitrary strings.
    #[test]
    fn tokenizer_matches_naive_on_any_text(text in any_text()) {
        check_against_naive(&text)?;
    }

    /// Shingles (the unrolled loops for k up to 8 and the generic one),
    /// exact Jaccard and SimHash agree with the naive ones: every window
    /// hashed on its own, `BTreeSet`s, the textbook sum of ±1 per bit.
    #[test]
    fn shingles_jaccard_and_simhash_match_naive(
        a in news_text(),
        b in news_text(),
        k in 1usize..=10,
        seed in any::<u64>(),
    ) {
        let shingler = Shingler::new(k)?.with_seed(seed);
        let tokenizer = Tokenizer::new();
        let (ta, tb) = (tokenizer.tokenize(&a), tokenizer.tokenize(&b));
        let sa = shingler.shingles(&ta);
        prop_assert_eq!(&sa, &naive::shingles(&ta, &shingler));
        let set = |t: &[Token]| naive::shingles(t, &shingler).into_iter().collect::<BTreeSet<u64>>();
        prop_assert_eq!(
            reprint::shingle::jaccard(&shingler.shingle_set(&ta), &shingler.shingle_set(&tb)),
            naive::jaccard(&set(&ta), &set(&tb))
        );
        // Repeats weight features, and pass the 255 the counters flush at.
        let features = sa.repeat(4);
        prop_assert_eq!(
            SimHasher::new().with_seed(seed).simhash(features.iter().copied()).0,
            naive::simhash(seed, &features)
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    /// A one-word edit moves a SimHash fewer bits than an unrelated text
    /// does, on average over 32 texts of 50 to 300 words.
    #[test]
    fn simhash_one_word_edit_is_closer_than_unrelated(
        cases in prop::collection::vec((word_text(), any::<Index>(), "[a-z]{2,9}", word_text()), 32),
    ) {
        let f = Fingerprinter::default();
        let sim = |words: &[String]| -> SimHash { f.fingerprint(&words.join(" ")).simhash };
        let (mut near, mut far) = (0u32, 0u32);
        for (words, at, replacement, other) in &cases {
            let mut edited = words.clone();
            edited[at.index(words.len())] = replacement.clone();
            let base = sim(words);
            near += base.distance(sim(&edited));
            far += base.distance(sim(other));
        }
        let n = cases.len() as f64;
        let (near, far) = (f64::from(near) / n, f64::from(far) / n);
        prop_assert!(near < far, "mean distance after one edit {near:.1}, unrelated {far:.1}");
        // Unrelated texts differ in about half the bits; one edit in few.
        prop_assert!(far > 24.0 && near < 16.0, "near {near:.1}, far {far:.1}");
    }
}

/// The counting SimHash equals the textbook one at the counters' flush
/// boundaries (every 255 features) and across weights.
#[test]
fn simhash_counting_matches_the_textbook_form_at_flush_boundaries() {
    let mut state = 7u64;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        naive::fmix64(state)
    };
    for n in [0usize, 1, 2, 3, 254, 255, 256, 511, 1000, 3000] {
        for distinct in [1u64, 3, 50, 1 << 40] {
            let features: Vec<u64> = (0..n).map(|_| next() % distinct).collect();
            for seed in [0, 99] {
                assert_eq!(
                    SimHasher::new()
                        .with_seed(seed)
                        .simhash(features.iter().copied())
                        .0,
                    naive::simhash(seed, &features),
                    "{n} features, {distinct} distinct"
                );
            }
        }
    }
}
