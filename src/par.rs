//! Data parallelism: rayon's when the `rayon` feature is on (the default),
//! otherwise the same calls running in order on the calling thread.
//!
//! Call sites write `use crate::par::prelude::*;` and rayon's method names
//! (`par_iter`, `into_par_iter`, `par_iter_mut`, `par_sort_unstable`, `par_chunk_by`,
//! `par_chunks`, `map_init`). Without
//! rayon those names give the standard sequential iterators, whose adapters
//! (`map`, `zip`, `filter_map`, `for_each`, `collect`) the code already
//! uses; every parallel stage of the crate computes per item and combines
//! in input order, so both builds give the same results.

#[cfg(feature = "rayon")]
pub(crate) use rayon::prelude;

/// `rayon::in_place_scope`: its closure runs on the calling thread, the
/// tasks it spawns on the pool meanwhile; all have ended when it returns.
#[cfg(feature = "rayon")]
pub(crate) use rayon::in_place_scope as scope;

/// Without rayon, a scope whose tasks run when they are spawned.
#[cfg(not(feature = "rayon"))]
pub(crate) fn scope<'s, R>(f: impl FnOnce(&Scope<'s>) -> R) -> R {
    f(&Scope(std::marker::PhantomData))
}

/// What [`scope`] gives its closure without rayon.
#[cfg(not(feature = "rayon"))]
pub(crate) struct Scope<'s>(std::marker::PhantomData<&'s ()>);

#[cfg(not(feature = "rayon"))]
impl<'s> Scope<'s> {
    /// Runs `task` now.
    pub(crate) fn spawn(&self, task: impl FnOnce(&Scope<'s>) + 's) {
        task(self)
    }
}

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

    /// `par_sort_unstable` (`_by`, `_by_key`) and `par_chunk_by` on
    /// slices: the sequential ones.
    pub(crate) trait ParSlice<T> {
        fn par_sort_unstable(&mut self)
        where
            T: Ord;
        fn par_sort_unstable_by<F: FnMut(&T, &T) -> std::cmp::Ordering>(&mut self, f: F);
        fn par_sort_unstable_by_key<K: Ord, F: FnMut(&T) -> K>(&mut self, f: F);
        fn par_chunk_by<F: FnMut(&T, &T) -> bool>(&self, f: F) -> std::slice::ChunkBy<'_, T, F>;
        fn par_chunks(&self, size: usize) -> std::slice::Chunks<'_, T>;
    }

    impl<T> ParSlice<T> for [T] {
        fn par_sort_unstable(&mut self)
        where
            T: Ord,
        {
            self.sort_unstable()
        }

        fn par_sort_unstable_by<F: FnMut(&T, &T) -> std::cmp::Ordering>(&mut self, f: F) {
            self.sort_unstable_by(f)
        }

        fn par_sort_unstable_by_key<K: Ord, F: FnMut(&T) -> K>(&mut self, f: F) {
            self.sort_unstable_by_key(f)
        }

        fn par_chunk_by<F: FnMut(&T, &T) -> bool>(&self, f: F) -> std::slice::ChunkBy<'_, T, F> {
            self.chunk_by(f)
        }

        fn par_chunks(&self, size: usize) -> std::slice::Chunks<'_, T> {
            self.chunks(size)
        }
    }

    /// `map_init` on iterators: `map` with one state made once.
    pub(crate) trait MapInit: Iterator + Sized {
        fn map_init<S, R>(
            self,
            init: impl Fn() -> S,
            f: impl Fn(&mut S, Self::Item) -> R,
        ) -> impl Iterator<Item = R> {
            let mut state = init();
            self.map(move |x| f(&mut state, x))
        }
    }

    impl<I: Iterator> MapInit for I {}
}

/// `f` of every item, in order: in parallel when `parallel`, else on the
/// calling thread (a few items are done before a pool thread would wake).
pub(crate) fn map<T: Sync, U: Send>(
    items: &[T],
    parallel: bool,
    f: impl Fn(&T) -> U + Sync + Send,
) -> Vec<U> {
    use self::prelude::*;
    match parallel {
        true => items.par_iter().map(f).collect(),
        false => items.iter().map(f).collect(),
    }
}

/// The `Some`s of `f` of every item, in order (see [`map`]): only those
/// are held, however many items there are.
pub(crate) fn filter_map<T: Sync, U: Send>(
    items: &[T],
    parallel: bool,
    f: impl Fn(&T) -> Option<U> + Sync + Send,
) -> Vec<U> {
    use self::prelude::*;
    match parallel {
        true => items.par_iter().filter_map(f).collect(),
        false => items.iter().filter_map(f).collect(),
    }
}

/// `f` on every item, in place: in parallel when `parallel` (see [`map`]).
pub(crate) fn for_each_mut<T: Send>(
    items: &mut [T],
    parallel: bool,
    f: impl Fn(&mut T) + Sync + Send,
) {
    use self::prelude::*;
    match parallel {
        true => items.par_iter_mut().for_each(f),
        false => items.iter_mut().for_each(f),
    }
}

/// Sorts `v`, in parallel when `parallel` (see [`map`]).
pub(crate) fn sort<T: Ord + Send>(v: &mut [T], parallel: bool) {
    use self::prelude::*;
    match parallel {
        true => v.par_sort_unstable(),
        false => v.sort_unstable(),
    }
}
