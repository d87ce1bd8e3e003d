//! Text files from users: UTF-8 (with or without BOM) or, as Excel and WPS save CSV on
//! Chinese Windows, GBK/GB18030.

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
