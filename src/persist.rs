//! Versioned binary encoding with checksums, for saved indexes (work in progress).
