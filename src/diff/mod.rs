//! Paragraph alignment of a reprint against its source (work in progress).
