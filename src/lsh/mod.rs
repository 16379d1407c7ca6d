//! Locality-sensitive hashing indexes (work in progress).
