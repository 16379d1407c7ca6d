//! Unit tests of story generation, figures, names and rendering.

use super::names::{name, spelling_variant};
use super::numbers::{change_number, fix_ordinal, fresh_number};
use super::{generate_story, Renderer, Style};
use crate::markov::model;
use crate::rng::Rng;

#[test]
fn numbers_keep_their_shape() {
    let mut rng = Rng::new(9, &[]);
    for t in [
        "100,000", "1.3", "70%", "$1.3", "82nd", "14-15", "2014", "5",
    ] {
        for _ in 0..20 {
            let n = fresh_number(t, &mut rng);
            assert_eq!(n.len(), t.len(), "{t} -> {n}");
            assert!(!n.starts_with('0'), "{t} -> {n}");
            let c = change_number(&n, &mut rng);
            assert_ne!(c, n);
        }
    }
    let mut s = "21th".to_string();
    fix_ordinal(&mut s);
    assert_eq!(s, "21st");
    let mut s = "112nd".to_string();
    fix_ordinal(&mut s);
    assert_eq!(s, "112th");
}

#[test]
fn spelling_variants_differ_slightly() {
    let mut rng = Rng::new(2, &[]);
    for n in ["Zelensky", "Vantik", "Osso", "Ab"] {
        for _ in 0..10 {
            let v = spelling_variant(n, &mut rng);
            assert_ne!(v, n);
            assert!(v.len().abs_diff(n.len()) == 1, "{n} -> {v}");
        }
    }
}

#[test]
fn names_are_capitalized_and_varied() {
    let names: std::collections::BTreeSet<String> = (0..1000).map(name).collect();
    assert!(names.len() > 990);
    assert!(names
        .iter()
        .all(|n| n.starts_with(|c: char| c.is_ascii_uppercase()) && n.len() >= 3));
}

#[test]
fn rendering_is_spaced_and_styled() {
    let m = model();
    let mut rng = Rng::new(4, &[]);
    let story = generate_story(m, 77, &mut rng, 12, true, true);
    let style = Style::wire("MP");
    let r = Renderer {
        model: m,
        key: story.key,
        content_key: story.key,
        numbers: &story.numbers,
        style: &style,
    };
    let mut text = String::new();
    r.render(&story.paras[0], &mut rng, &mut text);
    assert!(text.contains("(MP) — "), "{text}");
    assert!(!text.contains("  ") && !text.contains(" ,") && !text.contains(" ."));
    let mut all = String::new();
    for p in &story.paras {
        r.render(p, &mut rng, &mut all);
        all.push('\n');
    }
    assert!(
        !all.contains('"') && !all.contains(" ”") && !all.contains("“ "),
        "{all}"
    );
    let straight = Style {
        curly: false,
        ..style.clone()
    };
    let r2 = Renderer {
        style: &straight,
        ..r
    };
    let mut plain = String::new();
    for p in &story.paras {
        r2.render(p, &mut rng, &mut plain);
        plain.push('\n');
    }
    assert!(!plain.contains('“') && !plain.contains('’'));
}
