//! Fixed word lists: the embedded seed articles, function words, title
//! words, syllables for invented names, and outlet boilerplate templates.

/// One embedded seed article: its file stem, outlet and text.
pub(crate) struct SeedArticle {
    pub(crate) id: &'static str,
    pub(crate) outlet: &'static str,
    pub(crate) text: &'static str,
}

/// The five real articles in `seeds/` (see `seeds/` and DESIGN.md): 000 is
/// the wire story, 001 and 003 reprint it, 002 and 004 report the same event
/// independently.
pub(crate) const SEEDS: [SeedArticle; 5] = [
    SeedArticle {
        id: "000_0a47ab44ad2963a8",
        outlet: "The Associated Press (seed)",
        text: include_str!("../../seeds/000_0a47ab44ad2963a8.txt"),
    },
    SeedArticle {
        id: "001_4c2b0efe4e2e1cd4",
        outlet: "ITV News (seed)",
        text: include_str!("../../seeds/001_4c2b0efe4e2e1cd4.txt"),
    },
    SeedArticle {
        id: "002_a39f564ad0b1ce5d",
        outlet: "Seed outlet 002",
        text: include_str!("../../seeds/002_a39f564ad0b1ce5d.txt"),
    },
    SeedArticle {
        id: "003_af013e9569bd9990",
        outlet: "CBC News (seed)",
        text: include_str!("../../seeds/003_af013e9569bd9990.txt"),
    },
    SeedArticle {
        id: "004_9933503ff4774b73",
        outlet: "Bloomberg (seed)",
        text: include_str!("../../seeds/004_9933503ff4774b73.txt"),
    },
];

/// Function words: kept as they are in generated text (they carry the
/// grammar; every story shares them, as real news does).
pub(crate) const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "across",
    "after",
    "afterward",
    "again",
    "against",
    "ago",
    "all",
    "almost",
    "along",
    "already",
    "also",
    "although",
    "always",
    "am",
    "among",
    "an",
    "and",
    "another",
    "any",
    "anyway",
    "are",
    "around",
    "as",
    "at",
    "away",
    "back",
    "be",
    "because",
    "been",
    "before",
    "behind",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "cant",
    "can't",
    "could",
    "did",
    "didn't",
    "do",
    "does",
    "doesn't",
    "don't",
    "down",
    "during",
    "each",
    "either",
    "else",
    "even",
    "ever",
    "every",
    "far",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "hasn't",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "however",
    "if",
    "in",
    "into",
    "is",
    "isn't",
    "it",
    "it's",
    "its",
    "just",
    "least",
    "less",
    "like",
    "many",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "near",
    "neither",
    "never",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "onto",
    "or",
    "other",
    "others",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "per",
    "perhaps",
    "rather",
    "same",
    "she",
    "should",
    "since",
    "so",
    "some",
    "still",
    "such",
    "than",
    "that",
    "that's",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "they're",
    "this",
    "those",
    "though",
    "through",
    "to",
    "too",
    "toward",
    "towards",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "was",
    "wasn't",
    "we",
    "we're",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "won't",
    "would",
    "wouldn't",
    "yet",
    "you",
    "your",
    "said",
    "says",
    "say",
    "told",
    "added",
    "according",
];

/// Capitalized words that are not names: titles, days, months. Kept as is.
pub(crate) const TITLE_WORDS: &[&str] = &[
    "I",
    "Mr",
    "Mr.",
    "Ms",
    "Ms.",
    "Mrs",
    "Dr",
    "Dr.",
    "President",
    "Prime",
    "Minister",
    "Ministry",
    "Chancellor",
    "Foreign",
    "Defense",
    "Defence",
    "Secretary",
    "Correspondent",
    "Spokesperson",
    "Spokesman",
    "Ambassador",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan.",
    "Feb.",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
    "PM",
    "CEO",
];

/// Abbreviations whose final period is part of the word, not a sentence end.
pub(crate) const ABBREVIATIONS: &[&str] = &[
    "Mr", "Ms", "Mrs", "Dr", "St", "Jan", "Feb", "Aug", "Sept", "Oct", "Nov", "Dec", "Gov", "Sen",
    "Rep", "Gen", "Lt", "Col", "No", "vs",
];

/// People named in the seeds, (first, last): their invented counterparts are
/// a generated story's speakers, and the targets of spelling variants and
/// "Mr"/"President" prefixes in reprints.
pub(crate) const SEED_PEOPLE: &[(&str, &str)] = &[
    ("Emmanuel", "Macron"),
    ("Vladimir", "Putin"),
    ("Volodymyr", "Zelensky"),
    ("Dmitry", "Peskov"),
    ("Boris", "Johnson"),
    ("Olaf", "Scholz"),
    ("Annalena", "Baerbock"),
    ("Andrzej", "Duda"),
    ("Vasile", "Dincu"),
    ("Jake", "Sullivan"),
    ("Andrey", "Kortunov"),
    ("Ingrida", "Simonyte"),
];

/// Titles put before a speaker's name by the "President" prefix edit.
pub(crate) const PERSON_TITLES: &[&str] = &[
    "President",
    "Prime Minister",
    "Minister",
    "Chancellor",
    "Governor",
    "Senator",
    "Mayor",
];

/// Onsets, vowels and codas of invented names: with 24 onsets, 10 vowels,
/// 14 codas and the endings, a name is one of a few million.
pub(crate) const ONSETS: &[&str] = &[
    "b", "br", "c", "d", "dr", "f", "g", "gr", "h", "j", "k", "kr", "l", "m", "n", "p", "r", "s",
    "st", "t", "tr", "v", "z", "sh",
];
/// Vowels of invented names.
pub(crate) const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "a", "e", "o", "ia", "ou"];
/// Codas of invented names.
pub(crate) const CODAS: &[&str] = &[
    "", "", "", "n", "r", "l", "s", "k", "m", "nd", "rt", "v", "th", "sk",
];
/// Endings that make invented names look like surnames or places.
pub(crate) const NAME_ENDINGS: &[&str] = &[
    "ov", "ski", "son", "ez", "ia", "an", "er", "ino", "berg", "ville",
];

/// Wire agencies: (name, dateline tag).
pub(crate) const WIRES: &[(&str, &str)] = &[
    ("Meridian Press", "MP"),
    ("Continental News Service", "CNS"),
    ("Atlas Wire", "Atlas"),
];

/// Last word of an outlet's name.
pub(crate) const OUTLET_SUFFIXES: &[&str] = &[
    "Courier",
    "Herald",
    "Gazette",
    "Tribune",
    "Post",
    "Observer",
    "Daily News",
    "Chronicle",
    "Star",
    "Journal",
    "News Network",
    "Broadcasting",
    "Record",
    "Sentinel",
    "Times",
];

/// Headers an outlet may put above every article.
pub(crate) const HEADERS: &[&str] = &[
    "ADVERTISEMENT",
    "Listen to this article",
    "This article is free to read. Subscribe to {outlet} for full access to our journalism.",
    "{outlet} | World",
    "Skip to main content",
];

/// Newsletter names, for the sign-up footer.
pub(crate) const NEWSLETTERS: &[&str] = &[
    "Morning Briefing",
    "Evening Update",
    "The Daily Edition",
    "First Look",
    "Weekend Reader",
    "News at Noon",
];

/// Footers: each outlet picks a few and repeats them under every article.
/// `{outlet}`, `{group}`, `{newsletter}`, `{day}` are filled per outlet.
pub(crate) const FOOTERS: &[&str] = &[
    "Sign up for {newsletter} from {outlet}: the day's top stories, local news and analysis, sent to your inbox every {day}. You can unsubscribe at any time.",
    "Support independent local journalism. Become a {outlet} subscriber today and get unlimited access to our reporting on any device for less than the price of a coffee each week.",
    "Copyright {year} {outlet}. All rights reserved. No part of this article may be reproduced, stored or transmitted without the written permission of the publisher.",
    "Got a news tip? Contact the {outlet} newsroom by email or through our secure tip line. Our editors read every message we receive.",
    "Download the {outlet} app for breaking news alerts, live coverage of the stories you follow and the latest video from our reporters.",
    "Listen to {newsletter}, the {outlet} podcast, wherever you get your podcasts. New episodes are published every {day}.",
    "Corrections and clarifications: if you believe something in this article is wrong, write to the standards editor of {outlet}, who reviews every request.",
];

/// Comment policies: shared verbatim by every outlet of a media group.
pub(crate) const COMMENT_POLICIES: &[&str] = &[
    "Comments are reviewed by our moderators before they appear and must follow the {group} community guidelines. We reserve the right to remove any comment that is abusive, off topic or promotional, and to close the discussion on any story at any time.",
    "To keep the conversation civil, readers who comment on {group} websites must use their real first and last names. Please note that {group} does not endorse the opinions expressed in comments, and may publish them in whole or in part.",
    "Join the conversation. Create a free {group} account to comment on this story, follow the authors you like and save articles to read later. Already a member? Log in.",
];

/// "With files from" lines an outlet puts under reprinted wire copy.
pub(crate) const FILES_FROM: &[&str] = &[
    "With files from {wire}",
    "This story includes reporting from {wire}.",
    "{wire} contributed to this report.",
];

/// Photo credit formats; `{name}` is the photographer, different per article.
pub(crate) const PHOTO_CREDITS: &[&str] = &[
    "(Photo: {name}/{outlet})",
    "Credit: {name} / {outlet}",
    "({name}/{wire})",
    "Photograph by {name} for {outlet}",
];

/// Days of the week, for templates and datelines.
pub(crate) const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Promo lines an outlet drops inside an article, followed by a headline.
pub(crate) const PROMOS: &[&str] = &["READ MORE:", "RELATED:", "WATCH |", "Also on {outlet}:"];
