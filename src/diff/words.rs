//! Token-sequence diff: interning, Myers' O(ND) algorithm in linear space, and
//! the refinement of replaced runs into word substitutions.
//!
//! The diff runs on `u32` ids, not on the tokens: both sequences are interned
//! first (equal token hashes get equal ids, numbered in order of first
//! appearance, so the ids never depend on a hasher's iteration order). Tokens
//! that occur in only one of the two sequences can never be matched; they
//! are set aside before the search, which then runs on the shorter sequences
//! of shared tokens (the same trick as GNU diff and imara-diff). The longest
//! common subsequence of the reduced sequences is the longest common
//! subsequence of the originals, so the result is still minimal.
//!
//! The search itself is Myers' "middle snake" divide and conquer (Myers 1986,
//! *An O(ND) Difference Algorithm and Its Variations*, section 4b): O((N+M)D)
//! time, O(N+M) space, with common prefixes and suffixes stripped at every
//! level. When a single split would need more than [`COST_LIMIT`] edit steps
//! (two texts with next to nothing in common, far larger than any paragraph),
//! the search stops and splits at the furthest point it has reached, as GNU
//! diff does: the edit script stays valid but may no longer be minimal.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

/// Edit steps one split may take before the search settles for a
/// non-minimal split point.
pub(crate) const COST_LIMIT: usize = 1024;

/// One difference: `a[a]` is replaced by `b[b]`. At least one side is
/// non-empty; an empty side is the position where the other side goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hunk {
    /// Range in the first sequence.
    pub a: Range<usize>,
    /// Range in the second sequence.
    pub b: Range<usize>,
}

/// A `Hasher` for keys that are already well-mixed 64-bit hashes.
#[derive(Default)]
pub(crate) struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A hash map keyed by token hashes.
pub(crate) type HashKeyed<V> = HashMap<u64, V, BuildHasherDefault<PassThrough>>;

/// Maps token hashes to dense `u32` ids, numbered in order of first sight.
#[derive(Default)]
pub(crate) struct Interner {
    ids: HashKeyed<u32>,
}

impl Interner {
    /// An interner with room for `n` distinct hashes.
    pub fn with_capacity(n: usize) -> Self {
        let mut ids = HashKeyed::default();
        ids.reserve(n);
        Interner { ids }
    }

    /// The id of `hash`, assigning the next one if it is new.
    pub fn id(&mut self, hash: u64) -> u32 {
        let next = self.ids.len() as u32;
        *self.ids.entry(hash).or_insert(next)
    }

    /// Number of distinct hashes seen: every id is below it.
    pub fn len(&self) -> usize {
        self.ids.len()
    }
}

/// The differences between two hash sequences, in order.
#[cfg(test)]
pub(crate) fn diff_hashes(a: &[u64], b: &[u64]) -> Vec<Hunk> {
    let mut interner = Interner::default();
    let a: Vec<u32> = a.iter().map(|&h| interner.id(h)).collect();
    let b: Vec<u32> = b.iter().map(|&h| interner.id(h)).collect();
    diff_ids(&a, &b, interner.len())
}

/// The differences between two id sequences whose ids are below `num_ids`.
pub(crate) fn diff_ids(a: &[u32], b: &[u32], num_ids: usize) -> Vec<Hunk> {
    // The common prefix and suffix first, on the full sequences: setting
    // tokens aside could otherwise shift a lone substitution into a distant
    // insertion and deletion when a word repeats.
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a_mid, b_mid) = (&a[prefix..], &b[prefix..]);
    let suffix = a_mid
        .iter()
        .rev()
        .zip(b_mid.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let a_mid = &a_mid[..a_mid.len() - suffix];
    let b_mid = &b_mid[..b_mid.len() - suffix];
    let mut hunks = diff_middle(a_mid, b_mid, num_ids);
    for h in &mut hunks {
        h.a = h.a.start + prefix..h.a.end + prefix;
        h.b = h.b.start + prefix..h.b.end + prefix;
    }
    hunks
}

fn diff_middle(a: &[u32], b: &[u32], num_ids: usize) -> Vec<Hunk> {
    let mut a_changed = vec![false; a.len()];
    let mut b_changed = vec![false; b.len()];

    // Set aside the tokens that the other side does not have.
    let mut in_a = vec![false; num_ids];
    let mut in_b = vec![false; num_ids];
    a.iter().for_each(|&x| in_a[x as usize] = true);
    b.iter().for_each(|&x| in_b[x as usize] = true);
    let (mut ra, mut a_index) = (Vec::with_capacity(a.len()), Vec::with_capacity(a.len()));
    for (i, &x) in a.iter().enumerate() {
        if in_b[x as usize] {
            ra.push(x);
            a_index.push(i);
        } else {
            a_changed[i] = true;
        }
    }
    let (mut rb, mut b_index) = (Vec::with_capacity(b.len()), Vec::with_capacity(b.len()));
    for (j, &x) in b.iter().enumerate() {
        if in_a[x as usize] {
            rb.push(x);
            b_index.push(j);
        } else {
            b_changed[j] = true;
        }
    }

    let mut ra_changed = vec![false; ra.len()];
    let mut rb_changed = vec![false; rb.len()];
    myers(&ra, &rb, &mut ra_changed, &mut rb_changed);
    for (k, &c) in ra_changed.iter().enumerate() {
        a_changed[a_index[k]] |= c;
    }
    for (k, &c) in rb_changed.iter().enumerate() {
        b_changed[b_index[k]] |= c;
    }
    hunks_from_flags(&a_changed, &b_changed)
}

/// Turns per-element "changed" flags into hunks. Unchanged elements of the
/// two sides pair up in order.
fn hunks_from_flags(a_changed: &[bool], b_changed: &[bool]) -> Vec<Hunk> {
    let mut hunks = Vec::new();
    let (mut i, mut j) = (0, 0);
    let (n, m) = (a_changed.len(), b_changed.len());
    while i < n || j < m {
        if i < n && j < m && !a_changed[i] && !b_changed[j] {
            i += 1;
            j += 1;
            continue;
        }
        let (i0, j0) = (i, j);
        while i < n && a_changed[i] {
            i += 1;
        }
        while j < m && b_changed[j] {
            j += 1;
        }
        if i == i0 && j == j0 {
            // Unbalanced flags (cannot happen for a valid script): treat the
            // rest as one replacement rather than loop forever.
            hunks.push(Hunk { a: i..n, b: j..m });
            break;
        }
        hunks.push(Hunk { a: i0..i, b: j0..j });
    }
    hunks
}

/// Marks the elements of `a` and `b` that are not in the common subsequence
/// found by Myers' linear-space algorithm.
fn myers(a: &[u32], b: &[u32], a_changed: &mut [bool], b_changed: &mut [bool]) {
    let size = a.len() + b.len() + 3;
    let mut fd = vec![0isize; size];
    let mut bd = vec![0isize; size];
    let offset = b.len() as isize + 1;
    // An explicit stack of (xoff, xlim, yoff, ylim) boxes instead of recursion.
    let mut stack = vec![(0usize, a.len(), 0usize, b.len())];
    while let Some((mut xoff, mut xlim, mut yoff, mut ylim)) = stack.pop() {
        while xoff < xlim && yoff < ylim && a[xoff] == b[yoff] {
            xoff += 1;
            yoff += 1;
        }
        while xlim > xoff && ylim > yoff && a[xlim - 1] == b[ylim - 1] {
            xlim -= 1;
            ylim -= 1;
        }
        if xoff == xlim {
            b_changed[yoff..ylim].iter_mut().for_each(|c| *c = true);
            continue;
        }
        if yoff == ylim {
            a_changed[xoff..xlim].iter_mut().for_each(|c| *c = true);
            continue;
        }
        let (xmid, ymid) = split(a, b, (xoff, xlim, yoff, ylim), &mut fd, &mut bd, offset);
        let inside = (xoff..=xlim).contains(&xmid)
            && (yoff..=ylim).contains(&ymid)
            && (xmid, ymid) != (xoff, yoff)
            && (xmid, ymid) != (xlim, ylim);
        if !inside {
            a_changed[xoff..xlim].iter_mut().for_each(|c| *c = true);
            b_changed[yoff..ylim].iter_mut().for_each(|c| *c = true);
            continue;
        }
        stack.push((xmid, xlim, ymid, ylim));
        stack.push((xoff, xmid, yoff, ymid));
    }
}

/// Finds a point on an optimal edit path through the box `(xoff, xlim, yoff,
/// ylim)`, whose first and last elements differ on both sides.
///
/// Diagonal `d = x - y`; `fd[d]` is the furthest `x` a forward path of the
/// current cost reaches on diagonal `d`, `bd[d]` the smallest `x` a backward
/// path reaches. The paths grow one edit at a time, alternately, until they
/// overlap on a diagonal: that point splits the problem in two.
fn split(
    a: &[u32],
    b: &[u32],
    (xoff, xlim, yoff, ylim): (usize, usize, usize, usize),
    fd: &mut [isize],
    bd: &mut [isize],
    offset: isize,
) -> (usize, usize) {
    let (xoff, xlim, yoff, ylim) = (xoff as isize, xlim as isize, yoff as isize, ylim as isize);
    let at = |d: isize| (d + offset) as usize;
    let dmin = xoff - ylim;
    let dmax = xlim - yoff;
    let fmid = xoff - yoff;
    let bmid = xlim - ylim;
    let (mut fmin, mut fmax, mut bmin, mut bmax) = (fmid, fmid, bmid, bmid);
    let odd = (fmid - bmid) & 1 != 0;
    fd[at(fmid)] = xoff;
    bd[at(bmid)] = xlim;
    let mut cost = 0usize;
    loop {
        cost += 1;
        // Forward: extend every diagonal by one edit, then follow the snake.
        if fmin > dmin {
            fmin -= 1;
            fd[at(fmin - 1)] = -1;
        } else {
            fmin += 1;
        }
        if fmax < dmax {
            fmax += 1;
            fd[at(fmax + 1)] = -1;
        } else {
            fmax -= 1;
        }
        let mut d = fmax;
        while d >= fmin {
            let (lo, hi) = (fd[at(d - 1)], fd[at(d + 1)]);
            let mut x = if lo >= hi { lo + 1 } else { hi };
            let mut y = x - d;
            while x < xlim && y < ylim && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            fd[at(d)] = x;
            if odd && bmin <= d && d <= bmax && bd[at(d)] <= x {
                return (x as usize, y as usize);
            }
            d -= 2;
        }
        // Backward, the same from the other end.
        if bmin > dmin {
            bmin -= 1;
            bd[at(bmin - 1)] = isize::MAX;
        } else {
            bmin += 1;
        }
        if bmax < dmax {
            bmax += 1;
            bd[at(bmax + 1)] = isize::MAX;
        } else {
            bmax -= 1;
        }
        let mut d = bmax;
        while d >= bmin {
            let (lo, hi) = (bd[at(d - 1)], bd[at(d + 1)]);
            let mut x = if lo < hi { lo } else { hi - 1 };
            let mut y = x - d;
            while x > xoff && y > yoff && a[x as usize - 1] == b[y as usize - 1] {
                x -= 1;
                y -= 1;
            }
            bd[at(d)] = x;
            if !odd && fmin <= d && d <= fmax && x <= fd[at(d)] {
                return (x as usize, y as usize);
            }
            d -= 2;
        }
        if cost >= COST_LIMIT {
            return furthest_point(
                fd,
                bd,
                (fmin, fmax, bmin, bmax),
                (xoff, xlim, yoff, ylim),
                at,
            );
        }
    }
}

/// The point, forward or backward, that got furthest from its own corner:
/// the split GNU diff takes when the exact search is too expensive.
fn furthest_point(
    fd: &[isize],
    bd: &[isize],
    (fmin, fmax, bmin, bmax): (isize, isize, isize, isize),
    (xoff, xlim, yoff, ylim): (isize, isize, isize, isize),
    at: impl Fn(isize) -> usize,
) -> (usize, usize) {
    let (mut fbest, mut fx) = (-1isize, xoff);
    let mut d = fmax;
    while d >= fmin {
        let mut x = fd[at(d)].min(xlim);
        let mut y = x - d;
        if y > ylim {
            x = ylim + d;
            y = ylim;
        }
        if x + y > fbest {
            fbest = x + y;
            fx = x;
        }
        d -= 2;
    }
    let (mut bbest, mut bx) = (isize::MAX, xlim);
    let mut d = bmax;
    while d >= bmin {
        let mut x = bd[at(d)].max(xoff);
        let mut y = x - d;
        if y < yoff {
            x = yoff + d;
            y = yoff;
        }
        if x + y < bbest {
            bbest = x + y;
            bx = x;
        }
        d -= 2;
    }
    let (x, y) = if (xlim + ylim) - bbest < fbest - (xoff + yoff) {
        (fx, fbest - fx)
    } else {
        (bx, bbest - bx)
    };
    (x.max(0) as usize, y.max(0) as usize)
}

/// Absorbs short stretches of common words that sit between two larger
/// changes: a rewritten sentence that happens to keep `a` and `Russian` in
/// place reads better as one replacement than as five pieces.
///
/// An equal stretch between two hunks is absorbed when it is at most half
/// as long as each of them (a hunk's size is its longer side); hunks grow
/// as they absorb, left to right. Lone edits never merge: `[-his-] meeting
/// [-with-]` keeps its shape, since one word is not at most half of one.
/// Each returned hunk says whether it absorbed anything (it is then a
/// rewrite, not a light edit).
pub(crate) fn absorb_short_equalities(hunks: Vec<Hunk>) -> Vec<(Hunk, bool)> {
    let size = |h: &Hunk| h.a.len().max(h.b.len());
    let mut out: Vec<(Hunk, bool)> = Vec::with_capacity(hunks.len());
    for h in hunks {
        if let Some((prev, absorbed)) = out.last_mut() {
            let equal = h.a.start - prev.a.end;
            if 2 * equal <= size(prev) && 2 * equal <= size(&h) {
                prev.a.end = h.a.end;
                prev.b.end = h.b.end;
                *absorbed = true;
                continue;
            }
        }
        out.push((h, false));
    }
    out
}

/// Splits a replacement of `a` by `b` (both non-empty) where some words on
/// the two sides are spelling variants of each other.
///
/// `similar(i, j)` says whether `a[i]` and `b[j]` are variants. The longest
/// chain of variant pairs (in order) becomes one-for-one substitutions; what
/// lies between them stays insertions, deletions or grouped substitutions.
/// Returns hunks relative to the two slices. For hunks larger than
/// `max_cells` pairs the input is returned whole.
pub(crate) fn refine(
    a_len: usize,
    b_len: usize,
    max_cells: usize,
    mut similar: impl FnMut(usize, usize) -> bool,
) -> Vec<Hunk> {
    let whole = vec![Hunk {
        a: 0..a_len,
        b: 0..b_len,
    }];
    if a_len == 0 || b_len == 0 || a_len.saturating_mul(b_len) > max_cells {
        return whole;
    }
    // lcs[i][j] = longest chain of variant pairs in a[i..] x b[j..].
    let w = b_len + 1;
    let mut lcs = vec![0u32; (a_len + 1) * w];
    let mut sim = vec![false; a_len * b_len];
    for i in (0..a_len).rev() {
        for j in (0..b_len).rev() {
            let s = similar(i, j);
            sim[i * b_len + j] = s;
            lcs[i * w + j] = if s {
                lcs[(i + 1) * w + j + 1] + 1
            } else {
                lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
            };
        }
    }
    if lcs[0] == 0 {
        return whole;
    }
    let mut out = Vec::new();
    let (mut i, mut j, mut i0, mut j0) = (0, 0, 0, 0);
    while i < a_len && j < b_len {
        if sim[i * b_len + j] && lcs[i * w + j] == lcs[(i + 1) * w + j + 1] + 1 {
            if i > i0 || j > j0 {
                out.push(Hunk { a: i0..i, b: j0..j });
            }
            out.push(Hunk {
                a: i..i + 1,
                b: j..j + 1,
            });
            i += 1;
            j += 1;
            (i0, j0) = (i, j);
        } else if lcs[(i + 1) * w + j] >= lcs[i * w + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    if i0 < a_len || j0 < b_len {
        out.push(Hunk {
            a: i0..a_len,
            b: j0..b_len,
        });
    }
    out
}

/// Whether two normalized words are spelling variants: their chars' common
/// subsequence makes at least two thirds of their mean length
/// (`2·LCS / (|a| + |b|) >= 2/3`), e.g. `zelensky`/`zelenskyy`,
/// `fueling`/`fuelling`, `1.3`/`1.2`, but not `told`/`tells` or
/// `president`/`prime`.
pub(crate) fn spelling_variants(a: &[char], b: &[char]) -> bool {
    const MAX: usize = 64;
    let (n, m) = (a.len(), b.len());
    // The LCS is at most the shorter length, so lengths far apart fail.
    if n == 0 || m == 0 || n > MAX || m > MAX || 3 * n.min(m) < n + m {
        return false;
    }
    let mut row = [0u8; MAX + 1];
    for &ca in a {
        let mut diag = 0;
        for (j, &cb) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if ca == cb { diag + 1 } else { up.max(row[j]) };
            diag = up;
        }
    }
    3 * usize::from(row[m]) >= n + m
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Naive quadratic LCS length: the reference the diff must agree with.
    fn lcs_len(a: &[u32], b: &[u32]) -> usize {
        let mut t = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for i in (0..a.len()).rev() {
            for j in (0..b.len()).rev() {
                t[i][j] = if a[i] == b[j] {
                    t[i + 1][j + 1] + 1
                } else {
                    t[i + 1][j].max(t[i][j + 1])
                };
            }
        }
        t[0][0]
    }

    /// Checks that the hunks turn `a` into `b` and returns the number of
    /// matched (unchanged) elements.
    fn apply(a: &[u32], b: &[u32], hunks: &[Hunk]) -> usize {
        let (mut i, mut j, mut matched) = (0, 0, 0);
        for h in hunks {
            assert!(h.a.start >= i && h.b.start >= j, "hunks out of order");
            assert!(!h.a.is_empty() || !h.b.is_empty(), "empty hunk");
            assert_eq!(h.a.start - i, h.b.start - j, "unequal gap before hunk");
            assert_eq!(a[i..h.a.start], b[j..h.b.start], "gap is not common");
            matched += h.a.start - i;
            i = h.a.end;
            j = h.b.end;
        }
        assert_eq!(a.len() - i, b.len() - j);
        assert_eq!(a[i..], b[j..]);
        matched + a.len() - i
    }

    fn ids(a: &[u32], b: &[u32]) -> Vec<Hunk> {
        let n = a.iter().chain(b).max().map_or(0, |&m| m as usize + 1);
        diff_ids(a, b, n)
    }

    /// A small deterministic generator (xorshift) for reproducible cases.
    fn xorshift(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    #[test]
    fn matches_naive_lcs_on_random_sequences() {
        let mut s = 0x1234_5678_9abc_def1u64;
        for case in 0..2000 {
            let alphabet = 2 + (case % 7) as u64;
            let n = (xorshift(&mut s) % 40) as usize;
            let a: Vec<u32> = (0..n)
                .map(|_| (xorshift(&mut s) % alphabet) as u32)
                .collect();
            // b: a mutated copy, so there is real overlap.
            let mut b = a.clone();
            for _ in 0..xorshift(&mut s) % 8 {
                let r = xorshift(&mut s);
                let pos = (r >> 8) as usize % (b.len() + 1);
                match r % 3 {
                    0 if pos < b.len() => {
                        b.remove(pos);
                    }
                    1 => b.insert(pos, (xorshift(&mut s) % (alphabet + 2)) as u32),
                    _ if pos < b.len() => b[pos] = (xorshift(&mut s) % alphabet) as u32,
                    _ => {}
                }
            }
            let hunks = ids(&a, &b);
            assert_eq!(
                apply(&a, &b, &hunks),
                lcs_len(&a, &b),
                "case {case}: {a:?} {b:?}"
            );
            // Unrelated sequences too.
            let c: Vec<u32> = (0..(xorshift(&mut s) % 30))
                .map(|_| (xorshift(&mut s) % alphabet) as u32)
                .collect();
            let hunks = ids(&a, &c);
            assert_eq!(
                apply(&a, &c, &hunks),
                lcs_len(&a, &c),
                "case {case}: {a:?} {c:?}"
            );
        }
    }

    #[test]
    fn edge_cases() {
        assert!(ids(&[], &[]).is_empty());
        assert_eq!(ids(&[1, 2], &[]), vec![Hunk { a: 0..2, b: 0..0 }]);
        assert_eq!(ids(&[], &[1]), vec![Hunk { a: 0..0, b: 0..1 }]);
        assert!(ids(&[1, 2, 3], &[1, 2, 3]).is_empty());
        assert_eq!(ids(&[1, 2, 3], &[1, 4, 3]), vec![Hunk { a: 1..2, b: 1..2 }]);
        assert_eq!(
            diff_hashes(&[10, 20, 30], &[10, 30]),
            vec![Hunk { a: 1..2, b: 1..1 }]
        );
    }

    #[test]
    fn cost_limit_keeps_the_script_valid() {
        // Two long sequences over a 2-letter alphabet, offset so the exact
        // search would need more than COST_LIMIT steps per split.
        let mut s = 99u64;
        let a: Vec<u32> = (0..6000).map(|_| (xorshift(&mut s) % 2) as u32).collect();
        let b: Vec<u32> = (0..6000).map(|_| (xorshift(&mut s) % 2) as u32).collect();
        let hunks = ids(&a, &b);
        let matched = apply(&a, &b, &hunks);
        assert!(matched > 3000, "{matched}");
    }

    #[test]
    fn short_equalities_between_large_changes_are_absorbed() {
        let h = |a: Range<usize>, b: Range<usize>| Hunk { a, b };
        // [0..4 -> 0..6] eq(1) [5..5 -> 7..10] eq(1) [6..7 -> 11..16]
        let merged = absorb_short_equalities(vec![h(0..4, 0..6), h(5..5, 7..10), h(6..7, 11..16)]);
        assert_eq!(merged, vec![(h(0..7, 0..16), true)]);
        // One-word edits around a one-word equality stay apart.
        let kept = vec![h(1..2, 1..1), h(3..5, 2..3)];
        let unchanged: Vec<(Hunk, bool)> = kept.iter().map(|x| (x.clone(), false)).collect();
        assert_eq!(absorb_short_equalities(kept), unchanged);
        // A long equality is never absorbed.
        let far = vec![h(0..4, 0..4), h(9..13, 9..13)];
        let unchanged: Vec<(Hunk, bool)> = far.iter().map(|x| (x.clone(), false)).collect();
        assert_eq!(absorb_short_equalities(far), unchanged);
    }

    #[test]
    fn refine_pairs_variants() {
        // a = [with, zelensky], b = [zelenskyy]
        let chars =
            |w: &[&str]| -> Vec<Vec<char>> { w.iter().map(|x| x.chars().collect()).collect() };
        let a = chars(&["with", "zelensky"]);
        let b = chars(&["zelenskyy"]);
        let h = refine(2, 1, 1 << 12, |i, j| spelling_variants(&a[i], &b[j]));
        assert_eq!(
            h,
            vec![Hunk { a: 0..1, b: 0..0 }, Hunk { a: 1..2, b: 0..1 }]
        );
        let a = chars(&["zelensky"]);
        let b = chars(&["president", "zelenskyy", "on", "tuesday"]);
        let h = refine(1, 4, 1 << 12, |i, j| spelling_variants(&a[i], &b[j]));
        assert_eq!(
            h,
            vec![
                Hunk { a: 0..0, b: 0..1 },
                Hunk { a: 0..1, b: 1..2 },
                Hunk { a: 1..1, b: 2..4 }
            ]
        );
        let h = refine(1, 1, 1 << 12, |_, _| false);
        assert_eq!(h, vec![Hunk { a: 0..1, b: 0..1 }]);
    }

    #[test]
    fn variants() {
        let v = |a: &str, b: &str| {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            spelling_variants(&a, &b)
        };
        assert!(v("zelensky", "zelenskyy"));
        assert!(v("fueling", "fuelling"));
        assert!(v("manoeuvres", "maneuvers"));
        assert!(v("1.3", "1.2"));
        assert!(v("kyiv", "kyïv"));
        assert!(!v("told", "tells"));
        assert!(!v("president", "prime"));
        assert!(!v("a", "the"));
        assert!(!v("", "x"));
        assert!(!v(&"a".repeat(100), &"a".repeat(100)));
    }
}
