//! The 情况说明 a budget publishes, as its layout declares it: 重庆's, built by code
//! ([`chongqing`]), or the sections and sentence patterns a layout declares ([`declared`],
//! Shanghai's). Each paragraph that quotes an officer's text names its key, so that an
//! editor can offer the text beside the sentence that needs it.

mod chongqing;
pub mod declared;

pub use chongqing::TERMS;

use crate::engine::model::Budget;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    pub text: String,
    /// The reason this paragraph quotes, when it quotes one.
    pub reason_key: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// `一、单位基本情况`
    pub heading: String,
    pub paragraphs: Vec<Paragraph>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Narrative {
    /// `重庆市渝北区信访办公室2025年部门预算情况说明`
    pub title: String,
    pub sections: Vec<Section>,
}

impl Narrative {
    /// The whole text, one paragraph a line.
    pub fn text(&self) -> String {
        let mut out = format!("{}\n\n", self.title);
        for s in &self.sections {
            out.push_str(&s.heading);
            out.push('\n');
            for p in &s.paragraphs {
                out.push_str(&p.text);
                out.push('\n');
            }
            out.push('\n');
        }
        out
    }
}

/// The narrative of a budget, as its layout declares it.
pub fn narrative(b: &Budget) -> Narrative {
    narrative_of(b, &crate::engine::tables::Sums::of(b))
}

/// [`narrative`], the lines read through their sums (those the derivation keeps).
pub fn narrative_of(b: &Budget, sums: &crate::engine::tables::Sums) -> Narrative {
    let n = match declared_spec(b) {
        Some(spec) => declared::narrative(b, sums, spec),
        None => chongqing::narrative(b, sums),
    };
    visible(n)
}

/// The narrative the budget's layout declares, if it declares one (else 重庆's).
fn declared_spec(b: &Budget) -> Option<&crate::engine::layout::spec::narrative::NarrativeSpec> {
    b.layout
        .spec
        .narrative
        .as_ref()
        .map(|n| n.get_ref())
        .filter(|spec| spec.builtin.is_none())
}

/// Whether the narrative compares each function 项 and nature with last year and quotes
/// its reason (重庆's built-in one does).
pub fn compares_functions(b: &Budget) -> bool {
    declared_spec(b).is_none()
}

/// The officer's texts a declared narrative quotes that are still empty, each with the
/// sentence that needs it (the chongqing narrative's reasons are asked for by the
/// change-reason check).
pub fn missing_texts(b: &Budget, sums: &crate::engine::tables::Sums) -> Vec<(String, String)> {
    declared_spec(b).map_or_else(Vec::new, |spec| declared::missing_texts(b, sums, spec))
}

/// The officer's texts a declared narrative's section of each project quotes that are
/// still empty, each with its project's name and the text's name and key (those of the
/// section's lists and of sentences printed only when a figure is not zero are in
/// [`missing_texts`]).
pub fn missing_project_texts(b: &Budget) -> Vec<(String, String, String)> {
    declared_spec(b).map_or_else(Vec::new, |spec| declared::missing_project_texts(b, spec))
}

/// No output prints a character a reader cannot see (in a text another program wrote).
fn visible(n: Narrative) -> Narrative {
    let visible = crate::engine::records::visible;
    Narrative {
        title: visible(n.title),
        sections: n
            .sections
            .into_iter()
            .map(|s| Section {
                heading: visible(s.heading),
                paragraphs: s
                    .paragraphs
                    .into_iter()
                    .map(|p| Paragraph {
                        text: visible(p.text),
                        ..p
                    })
                    .collect(),
            })
            .collect(),
    }
}
