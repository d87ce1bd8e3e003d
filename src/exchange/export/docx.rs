//! The 情况说明 as a Word document (.docx), set as official documents are: title in
//! 方正小标宋简体 二号 centred, section headings in 黑体 三号, body in 仿宋_GB2312 三号 with a
//! two-character first-line indent and a fixed 28-point line spacing. Word or WPS
//! substitutes a font the machine lacks.
//!
//! A .docx is a zip of a few XML parts; these are written directly (the `zip` crate is
//! already in the tree through rust_xlsxwriter), which keeps the output small and exact.

use crate::engine::model::Budget;
use crate::engine::narrative::{self, Narrative};
use std::io::{Cursor, Write};
use std::path::Path;
use zip::write::SimpleFileOptions;

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Characters XML 1.0 does not allow.
            c if (c as u32) < 0x20 && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>"#;

const DOC_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"#;

fn font(name: &str) -> String {
    format!(r#"<w:rFonts w:ascii="{name}" w:eastAsia="{name}" w:hAnsi="{name}" w:cs="{name}"/>"#)
}

fn styles() -> String {
    // Sizes are in half-points: 二号 = 22 pt = 44, 三号 = 16 pt = 32.
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults><w:rPrDefault><w:rPr>{body}<w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:line="560" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:ind w:firstLineChars="200" w:firstLine="640"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:spacing w:before="240" w:after="240" w:line="700" w:lineRule="exact"/></w:pPr><w:rPr>{title}<w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr>{heading}</w:rPr></w:style>
</w:styles>"#,
        body = font("仿宋_GB2312"),
        title = font("方正小标宋简体"),
        heading = font("黑体"),
    )
}

fn paragraph(style: &str, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        esc(text)
    )
}

fn document(n: &Narrative) -> String {
    let mut body = paragraph("Title", &n.title);
    for s in &n.sections {
        body.push_str(&paragraph("Heading1", &s.heading));
        for p in &s.paragraphs {
            for line in p.text.split('\n') {
                body.push_str(&paragraph("Normal", line));
            }
        }
    }
    // A4, margins as official documents use (上 37 mm, 下 35 mm, 左 28 mm, 右 26 mm).
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body>
</w:document>"#
    )
}

fn core(title: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>{}</dc:title><dc:creator>yusuan</dc:creator><dc:language>zh-CN</dc:language>
</cp:coreProperties>"#,
        esc(title)
    )
}

/// The narrative as .docx bytes; a draft (a budget with 错误) begins with its mark.
pub fn to_bytes(b: &Budget) -> Result<Vec<u8>, String> {
    let mut n = narrative::narrative(b);
    if let Some(mark) = super::draft_mark(b) {
        n.title = format!("{mark}　{}", n.title);
    }
    // Built in memory: a failure here is the zip writer's (its own text is English).
    let fail = |e: zip::result::ZipError| match e {
        zip::result::ZipError::Io(e) => {
            format!(
                "无法生成 Word 文件：{}",
                crate::engine::base::system::io_reason(&e)
            )
        }
        _ => "无法生成 Word 文件（压缩出错）".to_string(),
    };
    let io_fail = |e: std::io::Error| {
        format!(
            "无法生成 Word 文件：{}",
            crate::engine::base::system::io_reason(&e)
        )
    };
    let mut zw = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let parts: [(&str, String); 6] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", RELS.to_string()),
        ("word/_rels/document.xml.rels", DOC_RELS.to_string()),
        ("word/document.xml", document(&n)),
        ("word/styles.xml", styles()),
        ("docProps/core.xml", core(&n.title)),
    ];
    for (name, text) in parts {
        zw.start_file(name, opts).map_err(fail)?;
        zw.write_all(text.as_bytes()).map_err(io_fail)?;
    }
    Ok(zw.finish().map_err(fail)?.into_inner())
}

/// Writes the narrative's .docx (whole or not at all).
pub fn write(b: &Budget, path: &Path) -> Result<(), String> {
    super::write_atomically(path, &to_bytes(b)?)
}
