//! libFuzzer entry for `slawatch_fuzz::mail` (src/lib.rs says what it checks).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| slawatch_fuzz::mail(data));
