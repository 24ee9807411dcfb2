//! Number text: `Fte::parse` and `Euro::parse` in every locale; a parsed value, formatted in
//! any locale (and by `Display`), must parse back to the same value and format the same way.
#![no_main]

use kim_core::{Euro, Fte, Locale};
use kim_core_fuzz::utf8;
use libfuzzer_sys::fuzz_target;

const LOCALES: [Locale; 3] = [Locale::De, Locale::En, Locale::Plain];

fuzz_target!(|data: &[u8]| {
    let Some(text) = utf8(data) else { return };
    for locale in LOCALES {
        if let Ok(v) = Fte::parse(text, locale) {
            round_trip(v, Fte::parse, Fte::format);
            assert_eq!(
                v.to_string().parse::<Fte>().ok(),
                Some(v),
                "Display of {v:?}"
            );
        }
        if let Ok(v) = Euro::parse(text, locale) {
            // an amount always has two places (regressions/parse_numbers-1.txt: "1.500" in en
            // once read as Euro(1.500), whose plain text was then ambiguous)
            assert_eq!(v.amount().scale(), 2, "{text:?} ({locale:?}) gives {v:?}");
            round_trip(v, Euro::parse, Euro::format);
            assert_eq!(
                v.to_string().parse::<Euro>().ok(),
                Some(v),
                "Display of {v:?}"
            );
        }
    }
});

fn round_trip<T: Copy + PartialEq + std::fmt::Debug>(
    v: T,
    parse: impl Fn(&str, Locale) -> kim_core::Result<T>,
    format: impl Fn(T, Locale) -> String,
) {
    for locale in LOCALES {
        let text = format(v, locale);
        match parse(&text, locale) {
            Ok(back) => {
                assert_eq!(
                    back, v,
                    "{v:?} as {text:?} ({locale:?}) reads back differently"
                );
                assert_eq!(
                    format(back, locale),
                    text,
                    "{v:?} ({locale:?}) formats differently"
                );
            }
            Err(e) => panic!("{v:?} as {text:?} ({locale:?}) does not read back: {e}"),
        }
    }
}
