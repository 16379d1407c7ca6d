//! The fingerprint kernels as they were before the speed work (commit
//! b225989), and the portable classic MinHash kernel of `src/minhash.rs`,
//! kept so that the benches can time "before" and "after" in one run and
//! check that both give the same values. The word hash is the crate's own
//! (`Tokenizer::hash_normalized`; it was xxh3 then), so that the check still
//! holds: the "before" tokenizer is the char-by-char scanner.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

pub fn mix64(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^= x >> 33;
    x
}

/// Token spans and hashes, as `(start, end, hash)`.
pub fn tokenize(text: &str, seed: u64, out: &mut Vec<(usize, usize, u64)>) {
    let mut buf = String::new();
    let hasher = reprint::text::Tokenizer::new().with_seed(seed);
    scan_words(text, &mut buf, |start, end, word| {
        out.push((start, end, hasher.hash_normalized(word)))
    });
}

/// Word shingles over `(start, end, hash)` tokens: a generic loop over
/// each window.
pub fn shingles(tokens: &[(usize, usize, u64)], k: usize, seed: u64, out: &mut Vec<u64>) {
    // The combination of the crate's (rotations since; a multiply chain
    // then), so that the check of equal values still holds: "before" is the
    // generic loop over each window.
    let hash = |w: &[(usize, usize, u64)]| {
        let mut acc = seed ^ (w.len() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        for (j, &(_, _, h)) in w.iter().enumerate() {
            acc ^= h.rotate_left(13 * j as u32);
        }
        mix64(acc)
    };
    if tokens.is_empty() {
        return;
    }
    if tokens.len() < k {
        out.push(hash(tokens));
        return;
    }
    out.extend(tokens.windows(k).map(hash));
}

/// The classic MinHash coefficients for `seed` (unchanged since).
pub fn classic_coefficients(num_perm: usize, seed: u64) -> (Vec<u64>, Vec<u64>) {
    let mut state = seed;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(state)
    };
    (0..num_perm).map(|_| (next() | 1, next())).unzip()
}

fn fold32(x: u64) -> u64 {
    (x ^ (x >> 32)) & 0xffff_ffff
}

/// Before: one shingle per pass over the permutations, baseline target.
pub fn classic_one_per_pass(mul: &[u64], add: &[u64], shingles: &[u64]) -> Vec<u32> {
    let mut mins = vec![u32::MAX; mul.len()];
    for &x in shingles {
        let x = fold32(x);
        for ((m, &a), &b) in mins.iter_mut().zip(mul).zip(add) {
            let v = (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32;
            *m = (*m).min(v);
        }
    }
    mins
}

/// After, without the AVX2 dispatch: four shingles per pass, baseline
/// target (a copy of `kernel::update_portable`).
pub fn classic_four_per_pass(mul: &[u64], add: &[u64], shingles: &[u64]) -> Vec<u32> {
    let mut mins = vec![u32::MAX; mul.len()];
    let keys: Vec<u32> = shingles.iter().map(|&x| fold32(x) as u32).collect();
    let mut blocks = keys.chunks_exact(4);
    let hash = |a: u64, b: u64, x: u64| (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32;
    for x in &mut blocks {
        let x = [x[0], x[1], x[2], x[3]].map(u64::from);
        for ((m, &a), &b) in mins.iter_mut().zip(mul).zip(add) {
            let mut v = *m;
            for x in x {
                v = v.min(hash(a, b, x));
            }
            *m = v;
        }
    }
    for &x in blocks.remainder() {
        let x = u64::from(x);
        for ((m, &a), &b) in mins.iter_mut().zip(mul).zip(add) {
            *m = (*m).min(hash(a, b, x));
        }
    }
    mins
}

/// Before: sort, then add `±weight` to 64 signed sums per distinct feature.
pub fn simhash(seed: u64, features: &[u64]) -> u64 {
    let mut features = features.to_vec();
    features.sort_unstable();
    let mut sums = [0i64; 64];
    let mut i = 0;
    while i < features.len() {
        let f = features[i];
        let mut j = i + 1;
        while j < features.len() && features[j] == f {
            j += 1;
        }
        let weight = (j - i) as i64;
        let h = mix64(f ^ seed);
        for (bit, s) in sums.iter_mut().enumerate() {
            let set = ((h >> bit) & 1) as i64;
            *s += (2 * set - 1) * weight;
        }
        i = j;
    }
    let mut bits = 0u64;
    for (bit, &s) in sums.iter().enumerate() {
        bits |= u64::from(s > 0) << bit;
    }
    bits
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || (!c.is_ascii() && is_combining_mark(c))
}

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '\u{FF07}'
    )
}

/// Characters that are invisible inside a word.
fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// What a non-word char between two word chars does to the token.
enum Joiner {
    /// Not a joiner: the word ends here.
    Break,
    /// Part of the word, dropped from the normalized form.
    Skip,
    /// Part of the word, kept as this char.
    Keep(char),
}

fn joiner(c: char, prev: char, next: char) -> Joiner {
    if is_apostrophe(c) || is_ignorable(c) {
        return Joiner::Skip;
    }
    let digits = prev.is_ascii_digit() && next.is_ascii_digit();
    match c {
        '.' if digits => Joiner::Keep('.'),
        '.' => Joiner::Skip,
        ',' if digits => Joiner::Skip,
        _ => Joiner::Break,
    }
}

/// Calls `emit(start, end, normalized)` for every word of `text`.
///
/// `buf` is scratch space, reused across words.
fn scan_words(text: &str, buf: &mut String, mut emit: impl FnMut(usize, usize, &str)) {
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !is_word_char(c) {
            continue;
        }
        buf.clear();
        let mut ascii = c.is_ascii();
        buf.push(c);
        let mut end = start + c.len_utf8();
        let mut prev = c;
        while let Some(&(i, n)) = chars.peek() {
            if is_word_char(n) {
                ascii &= n.is_ascii();
                buf.push(n);
                prev = n;
                end = i + n.len_utf8();
                chars.next();
                continue;
            }
            // A joiner counts only when a word char follows right after it.
            let after = i + n.len_utf8();
            let next = match text.get(after..).and_then(|s| s.chars().next()) {
                Some(x) if is_word_char(x) => x,
                _ => break,
            };
            match joiner(n, prev, next) {
                Joiner::Break => break,
                Joiner::Skip => {}
                Joiner::Keep(k) => buf.push(k),
            }
            chars.next();
        }

        if ascii {
            buf.make_ascii_lowercase();
            emit(start, end, buf);
        } else {
            let folded: String = buf
                .nfkc()
                .flat_map(char::to_lowercase)
                .filter(|&x| is_word_char(x) || x == '.')
                .collect();
            if !folded.is_empty() {
                emit(start, end, &folded);
            }
        }
    }
}
