//! Index buckets as a batch sees them: the ones its passages share with
//! others, and the filters that say which buckets a lookup looks in.

/// An index bucket that a batch's passages share with others: its band,
/// its key, and how many passages it holds with the batch's (those of
/// removed documents not yet compacted away included; `u32::MAX` for a
/// bucket to judge whatever it holds: one of a text that gains copies).
/// Twelve bytes: a batch of a million documents has tens of millions of
/// them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharedBucket {
    pub band: u32,
    pub key: u32,
    pub held: u32,
}

/// Which index buckets a lookup looks in ([`Corpus::hits_into`](super::Corpus::hits_into)): a
/// filter that may hold buckets it was not given, never leaves out one it
/// was.
pub trait BucketFilter: Sync {
    /// Whether bucket `(band, key)` may hold other documents' passages.
    fn may_hold(&self, band: usize, key: u32) -> bool;

    /// Starts loading what [`may_hold`](Self::may_hold) of this bucket
    /// reads, for a call a little later. Changes nothing.
    fn prefetch(&self, _band: usize, _key: u32) {}
}

/// Every bucket: a query of the documents held.
pub struct AnyBucket;

impl BucketFilter for AnyBucket {
    fn may_hold(&self, _band: usize, _key: u32) -> bool {
        true
    }
}
