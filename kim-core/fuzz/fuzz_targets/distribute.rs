//! A `distribute` input as JSON text: posts split among Kommunen by weights.
#![no_main]

use kim_core_fuzz::{json_input, run};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some((_, value, lang)) = json_input(data) {
        run("distribute", &value, lang);
    }
});
