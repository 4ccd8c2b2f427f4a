//! A stable-Rust stand-in for cargo-fuzz: random bytes and random edits of
//! real WIT files must never panic, must terminate, and must round-trip.
//! `WIT_FUZZ_CASES` sets the number of cases (CI can run more);
//! `WIT_FUZZ_SEED` replays a run.

mod common;

const SNIPPETS: &[&str] = &[
    "{",
    "}",
    "<",
    ">",
    "(",
    ")",
    ";",
    ",",
    ":",
    ".",
    "@",
    "/",
    "%",
    "->",
    "_",
    "\"",
    "/*",
    "*/",
    "///",
    "//",
    "\n",
    " ",
    "func",
    "interface",
    "world",
    "package",
    "use",
    "type",
    "record",
    "resource",
    "list<",
    "result<",
    "tuple<",
    "@since(version = 1.0.0)",
    "import",
    "export",
    "include",
    "with",
    "as",
    "from",
    "static",
    "constructor",
    "async",
    "0.2.0",
    "tuple<",
    "own<",
    "borrow<",
    "option<",
    "map<",
    "future",
    "stream<",
    "error-context",
    "u32",
    "string",
    "flags",
    "enum",
    "variant",
    "=",
    "+",
    "-",
    "*",
    "ñ",
    "🎉",
    "\r",
    "\t",
    "\u{202e}",
];

fn char_boundary(text: &str, rng: &mut fastrand::Rng) -> usize {
    floor_boundary(text, rng.usize(..=text.len()))
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn mutate(text: &mut String, rng: &mut fastrand::Rng) {
    for _ in 0..rng.usize(1..8) {
        let a = char_boundary(text, rng);
        let b = char_boundary(text, rng);
        let start = a.min(b);
        let end = |limit: usize| floor_boundary(text, a.max(b).min(start + limit));
        match rng.u8(..4) {
            0 => text.replace_range(start..end(40), ""),
            1 => text.insert_str(start, SNIPPETS[rng.usize(..SNIPPETS.len())]),
            2 => {
                let chunk = text[start..end(60)].to_string();
                text.insert_str(char_boundary(text, rng), &chunk);
            }
            _ => {
                let end = end(30);
                let chunk = text[start..end].to_string();
                text.replace_range(start..end, "");
                text.insert_str(char_boundary(text, rng), &chunk);
            }
        }
    }
}

/// Parses on another thread, so that a parser loop fails the test instead
/// of hanging it.
fn parse_with_deadline(text: &str, case: &str) -> syntax::Parse {
    let (send, receive) = std::sync::mpsc::channel();
    let owned = text.to_string();
    std::thread::spawn(move || {
        let result = std::panic::catch_unwind(|| syntax::parse(&owned));
        let _ = send.send(result.ok());
    });
    match receive.recv_timeout(std::time::Duration::from_secs(10)) {
        Ok(Some(parse)) => parse,
        Ok(None) => panic!("parse panicked on {case}: {text:?}"),
        Err(_) => panic!("parse did not finish within 10 s on {case}: {text:?}"),
    }
}

fn check(text: &str, case: &str) {
    let parse = parse_with_deadline(text, case);
    assert_eq!(
        parse.syntax().to_string(),
        text,
        "{case} does not round-trip"
    );
    for e in parse.errors() {
        assert!(
            e.range.start <= e.range.end && e.range.end <= text.len(),
            "{case}: error range {:?} out of bounds",
            e.range
        );
    }
}

#[test]
fn random_input_never_panics_and_round_trips() {
    let cases = common::fuzz_cases(300);
    let seed = common::fuzz_seed(0x5749_5421);
    let mut rng = fastrand::Rng::with_seed(seed);
    let corpus = common::corpus_texts();
    for case in 0..cases {
        let bytes: Vec<u8> = (0..rng.usize(..400)).map(|_| rng.u8(..)).collect();
        check(
            &String::from_utf8_lossy(&bytes),
            &format!("random bytes, case {case} of seed {seed}"),
        );

        let mut text = corpus[rng.usize(..corpus.len())].clone();
        mutate(&mut text, &mut rng);
        check(
            &text,
            &format!("mutated corpus file, case {case} of seed {seed}"),
        );
    }
}
