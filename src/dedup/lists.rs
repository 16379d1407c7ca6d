//! [`Lists`]: many short lists of `u32` in one allocation.
//!
//! A batch document carries, per passage, the documents and passages its
//! lookups hit. One `Vec` per passage meant a dozen allocations per document,
//! made on the worker threads of the parallel stages and freed by the
//! in-order stage on another thread, where a cross-thread free costs more.

use super::prepare::trim_scratch;

/// Lists of `u32` stored end to end.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lists {
    values: Vec<u32>,
    /// Where each list ends in `values`.
    ends: Vec<u32>,
}

impl Lists {
    /// No lists.
    pub const fn new() -> Self {
        Lists {
            values: Vec::new(),
            ends: Vec::new(),
        }
    }

    /// No lists, with room for `lists` of them.
    pub fn with_capacity(lists: usize) -> Self {
        Lists {
            values: Vec::new(),
            ends: Vec::with_capacity(lists),
        }
    }

    /// Removes every list, keeping the memory.
    pub fn clear(&mut self) {
        self.values.clear();
        self.ends.clear();
    }

    /// Frees buffers grown past what scratch space keeps (see
    /// [`trim_scratch`]).
    pub fn trim(&mut self) {
        trim_scratch(&mut self.values);
        trim_scratch(&mut self.ends);
    }

    /// Appends a copy of `list`.
    pub fn push(&mut self, list: &[u32]) {
        self.values.extend_from_slice(list);
        self.ends.push(self.values.len() as u32);
    }

    /// List `i` (empty past the last).
    pub fn get(&self, i: usize) -> &[u32] {
        let start = match i {
            0 => 0,
            _ => self
                .ends
                .get(i - 1)
                .map_or(self.values.len(), |&e| e as usize),
        };
        let end = self.ends.get(i).map_or(start, |&e| e as usize);
        &self.values[start..end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_come_back_as_pushed() {
        let mut l = Lists::with_capacity(3);
        l.push(&[1, 2]);
        l.push(&[]);
        l.push(&[3]);
        assert_eq!(l.get(0), [1, 2]);
        assert!(l.get(1).is_empty());
        assert_eq!(l.get(2), [3]);
        assert!(l.get(3).is_empty() && l.get(9).is_empty());
        assert!(Lists::default().get(0).is_empty());
        let copy = l.clone();
        l.clear();
        assert!(l.get(0).is_empty());
        assert_eq!(copy.get(0), [1, 2]);
    }
}
