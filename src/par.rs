//! Data parallelism: rayon's when the `rayon` feature is on (the default),
//! otherwise the same calls running in order on the calling thread.
//!
//! Call sites write `use crate::par::prelude::*;` and rayon's method names
//! (`par_iter`, `into_par_iter`, `par_iter_mut`), and `par::join`. Without
//! rayon those names give the standard sequential iterators, whose adapters
//! (`map`, `zip`, `filter_map`, `for_each`, `collect`) the code already
//! uses; every parallel stage of the crate computes per item and combines
//! in input order, so both builds give the same results.

#[cfg(feature = "rayon")]
pub(crate) use rayon::{current_num_threads, current_thread_index, join, prelude};

/// Runs `a` then `b` and returns both results (rayon's `join`, in order).
#[cfg(not(feature = "rayon"))]
pub(crate) fn join<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA,
    B: FnOnce() -> RB,
{
    let ra = a();
    (ra, b())
}

/// The calling thread is no pool thread.
#[cfg(not(feature = "rayon"))]
pub(crate) fn current_thread_index() -> Option<usize> {
    None
}

/// One thread: the caller's.
#[cfg(not(feature = "rayon"))]
pub(crate) fn current_num_threads() -> usize {
    1
}

/// rayon's method names on the standard sequential iterators.
#[cfg(not(feature = "rayon"))]
pub(crate) mod prelude {
    /// `par_iter` on slices (and what derefs to them): `iter`.
    pub(crate) trait ParIter<T> {
        fn par_iter(&self) -> std::slice::Iter<'_, T>;
    }

    impl<T> ParIter<T> for [T] {
        fn par_iter(&self) -> std::slice::Iter<'_, T> {
            self.iter()
        }
    }

    /// `par_iter_mut` on slices: `iter_mut`.
    pub(crate) trait ParIterMut<T> {
        fn par_iter_mut(&mut self) -> std::slice::IterMut<'_, T>;
    }

    impl<T> ParIterMut<T> for [T] {
        fn par_iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
            self.iter_mut()
        }
    }

    /// `into_par_iter` on anything iterable (vectors, ranges): `into_iter`.
    pub(crate) trait IntoParIter: IntoIterator + Sized {
        fn into_par_iter(self) -> Self::IntoIter {
            self.into_iter()
        }
    }

    impl<I: IntoIterator> IntoParIter for I {}
}
