//! The font bundled in `assets/fonts`: Noto Sans CJK SC, subset to GBK (SIL OFL 1.1).
//! The editor draws with it, and the PDF and the chart images embed it, so that every
//! machine shows and prints the same glyphs.

pub static CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-GBK.otf");
