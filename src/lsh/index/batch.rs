//! What a batch insert reads: ids and their band keys, in order.

/// Items stored at once by
/// [`LshIndex::insert_many_keys`](super::LshIndex::insert_many_keys): ids,
/// each with its band keys (one per band; a shorter list leaves bands
/// out). Read in order, as often as needed (once per band), so that a
/// caller can give them as it holds them, without a list of pairs: a
/// corpus of a million documents has twenty million passages.
pub(crate) trait Batch<Id>: Sync {
    /// Number of items.
    fn len(&self) -> usize;

    /// The items in order.
    fn items(&self) -> impl Iterator<Item = (Id, &[u32])> + Clone;
}

impl<Id: Copy + Sync, K: AsRef<[u32]> + Sync> Batch<Id> for [(Id, K)] {
    fn len(&self) -> usize {
        <[(Id, K)]>::len(self)
    }

    fn items(&self) -> impl Iterator<Item = (Id, &[u32])> + Clone {
        self.iter().map(|(id, keys)| (*id, keys.as_ref()))
    }
}

/// Runs of items with consecutive `u32` ids: each run's first id and the
/// keys of its items, `stride` keys an item (a document's passages).
pub(crate) struct Runs<'a> {
    pub runs: &'a [(u32, &'a [u32])],
    pub stride: usize,
    /// Items in all the runs.
    pub len: usize,
}

impl Batch<u32> for Runs<'_> {
    fn len(&self) -> usize {
        self.len
    }

    fn items(&self) -> impl Iterator<Item = (u32, &[u32])> + Clone {
        let stride = self.stride.max(1);
        self.runs
            .iter()
            .flat_map(move |&(first, keys)| (first..).zip(keys.chunks_exact(stride)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_give_their_items_in_order() {
        let (a, b) = ([1u32, 2, 3, 4], [5u32, 6]);
        let runs = Runs {
            runs: &[(10, &a[..]), (20, &[][..]), (30, &b[..])],
            stride: 2,
            len: 3,
        };
        let items: Vec<(u32, Vec<u32>)> = runs.items().map(|(id, k)| (id, k.to_vec())).collect();
        assert_eq!(
            items,
            [(10, vec![1, 2]), (11, vec![3, 4]), (30, vec![5, 6])]
        );
        let pairs = [(7u64, vec![9u32]), (8, vec![])];
        let items: Vec<(u64, &[u32])> = pairs[..].items().collect();
        assert_eq!(items, [(7, &[9][..]), (8, &[][..])]);
        assert_eq!(Batch::len(&pairs[..]), 2);
    }
}
