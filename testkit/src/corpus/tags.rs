//! Derivation tags, story-number ranges and document id kinds: the
//! coordinates every random choice and every id is derived from.

/// Derivation tags: every random choice is made from a stream derived from
/// the seed and one of these, plus the unit's coordinates.
pub(super) const TAG_PLAN: u64 = 100;
pub(super) const TAG_ORDER: u64 = 101;
pub(super) const TAG_TIME: u64 = 102;
pub(super) const TAG_STORY: u64 = 103;
pub(super) const TAG_KEY: u64 = 104;
pub(super) const TAG_REPRINT: u64 = 105;
pub(super) const TAG_OWN: u64 = 106;
pub(super) const TAG_RIVAL: u64 = 107;
pub(super) const TAG_UNRELATED: u64 = 108;
pub(super) const TAG_IDS: u64 = 109;
pub(super) const TAG_BRIEF: u64 = 110;
pub(super) const TAG_PASSAGE: u64 = 111;
pub(super) const TAG_FOLLOW_UP: u64 = 112;
pub(super) const TAG_TEMPLATE: u64 = 113;
pub(super) const TAG_PARTIAL: u64 = 114;
pub(super) const TAG_OCR: u64 = 115;

/// Story numbers of briefs start here, those of follow-ups at twice this
/// (generated stories are numbered from 1, at most 2^40).
pub(super) const BRIEF_STORIES: u64 = 1 << 41;
pub(super) const FOLLOW_UP_STORIES: u64 = 2 << 41;

/// Document id kinds (the top 4 bits of the hashed coordinates).
pub(super) const ID_STORY: u64 = 1;
pub(super) const ID_UNRELATED: u64 = 2;
pub(super) const ID_BRIEF: u64 = 3;
pub(super) const ID_HOST: u64 = 4;
pub(super) const ID_FOLLOW_UP: u64 = 5;
pub(super) const ID_TEMPLATE: u64 = 6;
