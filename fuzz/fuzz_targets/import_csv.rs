#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| yusuan::fuzz_targets::import_csv(data));
