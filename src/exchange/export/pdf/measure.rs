//! Measuring text in the bundled font: widths of strings and of figures, and where a
//! text breaks into lines that fit.

use super::*;

// ---- measuring ---------------------------------------------------------------------------

/// Advance widths of the bundled font, per character, in em.
pub(super) struct Measure {
    pub(super) widths: HashMap<char, f32>,
    pub(super) font: skrifa::FontRef<'static>,
    pub(super) upem: f32,
}

impl Measure {
    pub(super) fn new() -> Result<Measure, String> {
        use skrifa::raw::TableProvider;
        let font = skrifa::FontRef::new(crate::engine::fonts::CJK_FONT)
            .map_err(|_| "内置字体无法读取".to_string())?;
        let upem = font
            .head()
            .map(|h| h.units_per_em() as f32)
            .unwrap_or(1000.0);
        Ok(Measure {
            widths: HashMap::new(),
            font,
            upem,
        })
    }

    pub(super) fn em(&mut self, c: char) -> f32 {
        if let Some(w) = self.widths.get(&c) {
            return *w;
        }
        let gid = self.font.charmap().map(c).unwrap_or_default();
        let w = self
            .font
            .glyph_metrics(
                skrifa::instance::Size::unscaled(),
                skrifa::instance::LocationRef::default(),
            )
            .advance_width(gid)
            .unwrap_or(self.upem)
            / self.upem;
        self.widths.insert(c, w);
        w
    }

    pub(super) fn width(&mut self, s: &str, size: f32) -> f32 {
        s.chars().map(|c| self.em(c)).sum::<f32>() * size
    }

    /// Breaks a text into lines no wider than `max`; breaks at any character (as Chinese
    /// text does) and at line ends in the text.
    pub(super) fn wrap(&mut self, s: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for para in s.split('\n') {
            let mut line = String::new();
            let mut w = 0.0;
            let figure = |c: char| c.is_ascii_digit() || ".,%".contains(c);
            for c in para.chars() {
                let cw = self.em(c) * size;
                if w + cw > max && !line.is_empty() {
                    // Keep closing punctuation with the text before it.
                    if "，。、；：）》」”’！？,.;:)".contains(c) {
                        line.push(c);
                        lines.push(std::mem::take(&mut line));
                        w = 0.0;
                        continue;
                    }
                    // Never break inside a figure (37,151.47, 2024) or before its unit
                    // (2024年, 1.00万元): the figure moves down whole.
                    let run = line.chars().rev().take_while(|x| figure(*x)).count();
                    let sticks = figure(c) || "年万元个辆台月日".contains(c);
                    if sticks && run > 0 && run < line.chars().count() {
                        let at = line.char_indices().rev().nth(run - 1).map_or(0, |(i, _)| i);
                        let moved = line.split_off(at);
                        lines.push(std::mem::take(&mut line));
                        w = moved.chars().map(|x| self.em(x) * size).sum();
                        line = moved;
                    } else {
                        // An opening mark never ends a line: it goes down with what it
                        // opens.
                        let opening = line
                            .chars()
                            .last()
                            .filter(|x| "（《“‘(「[【〔".contains(*x) && line.chars().count() > 1);
                        if let Some(o) = opening {
                            line.pop();
                            lines.push(std::mem::take(&mut line));
                            line.push(o);
                            w = self.em(o) * size;
                        } else {
                            lines.push(std::mem::take(&mut line));
                            w = 0.0;
                        }
                    }
                }
                line.push(c);
                w += cw;
            }
            // (A closing mark that ended the last full line leaves nothing after it: no
            // empty line.)
            if !line.is_empty() || lines.is_empty() || para.is_empty() {
                lines.push(line);
            }
        }
        lines
    }
}
