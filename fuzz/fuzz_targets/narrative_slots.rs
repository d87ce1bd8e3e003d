#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| yusuan::fuzz_targets::narrative_slots(data));
