//! Text from users' files: UTF-8 (with or without BOM) or, as Excel and WPS save CSV on
//! Chinese Windows, GBK/GB18030.

/// The encoding of a text file from outside.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// GBK and its superset GB18030, as Excel and WPS save text on Chinese Windows.
    Gb18030,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Gb18030 => "GBK",
        }
    }
}

/// The encoding a file is in, from its start: UTF-8 when it is valid UTF-8, or nearly all
/// of its non-ASCII text is (a file of UTF-8 with a stray byte is UTF-8 with a fault, not
/// GBK); otherwise GBK. In GBK almost no Chinese character is also valid UTF-8.
pub fn sniff(bytes: &[u8]) -> Encoding {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // The last character may be cut by the sample's end.
    let cut = bytes.len().saturating_sub(3);
    match std::str::from_utf8(bytes) {
        Ok(_) => Encoding::Utf8,
        Err(e) if e.valid_up_to() >= cut => Encoding::Utf8,
        Err(_) => {
            let lossy = String::from_utf8_lossy(bytes);
            let bad = lossy.chars().filter(|c| *c == '\u{FFFD}').count();
            let good = lossy
                .chars()
                .filter(|c| !c.is_ascii() && *c != '\u{FFFD}')
                .count();
            if good >= 4 * bad {
                Encoding::Utf8
            } else {
                Encoding::Gb18030
            }
        }
    }
}

/// Text in a given encoding; `None` when the bytes are not in it.
pub fn decode_in(bytes: &[u8], enc: Encoding) -> Option<std::borrow::Cow<'_, str>> {
    match enc {
        Encoding::Utf8 => std::str::from_utf8(bytes)
            .ok()
            .map(std::borrow::Cow::Borrowed),
        Encoding::Gb18030 => {
            encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes)
        }
    }
}

/// Decodes a whole text file in the encoding its start shows; the line (from 1) of the
/// first bytes that are not in it, when some are not.
pub fn decode_lines(bytes: &[u8]) -> Result<(String, Encoding), usize> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let enc = sniff(bytes);
    if let Some(text) = decode_in(bytes, enc) {
        return Ok((text.into_owned(), enc));
    }
    let line = bytes
        .split(|b| *b == b'\n')
        .position(|l| decode_in(l, enc).is_none())
        .unwrap_or(0);
    Err(line + 1)
}

/// Decodes bytes to text: UTF-8 when valid, otherwise GB18030 (a superset of GBK).
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            let (text, _, _) = encoding_rs::GB18030.decode(bytes);
            text.into_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn decodes_utf8_bom_and_gbk() {
        assert_eq!(super::decode("\u{feff}科目".as_bytes()), "科目");
        // "科目" in GBK is BF C6 C4 BF.
        assert_eq!(super::decode(&[0xBF, 0xC6, 0xC4, 0xBF]), "科目");
    }
}
