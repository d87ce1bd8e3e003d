//! Every action of the editor with its label and shortcut, in one place (as in rerun's
//! viewer): menus, buttons and the keyboard all go through these.

use egui::{Key, KeyboardShortcut, Modifiers};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UiCommand {
    New,
    Open,
    OpenReadOnly,
    SaveAs,
    ExportXlsx,
    ExportPdf,
    ExportDocx,
    ExportCharts,
    ExportData,
    RestoreBackup,
    Undo,
    Redo,
    Find,
    InsertRow,
    DuplicateRows,
    DeleteRows,
    FillDown,
    FillRight,
    Reload,
    ToggleFindings,
    ToggleRemarks,
    Compare,
    Import,
    SaveTemplate,
    CarryOver,
    Consolidate,
    LoadLayout,
    SaveLayout,
    LoadStandards,
    SaveStandards,
    Guide,
    About,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    /// Ctrl+S: every edit is stored when made; says so (and stores a cell being typed).
    Save,
    Quit,
    /// Ctrl+PgUp / Ctrl+PgDn: the sheet before or after, as Excel's sheet tabs.
    PrevSheet,
    NextSheet,
}

impl UiCommand {
    pub const ALL: [UiCommand; 39] = [
        UiCommand::New,
        UiCommand::Open,
        UiCommand::OpenReadOnly,
        UiCommand::SaveAs,
        UiCommand::ExportXlsx,
        UiCommand::ExportPdf,
        UiCommand::ExportDocx,
        UiCommand::ExportCharts,
        UiCommand::ExportData,
        UiCommand::RestoreBackup,
        UiCommand::Undo,
        UiCommand::Redo,
        UiCommand::Find,
        UiCommand::InsertRow,
        UiCommand::DuplicateRows,
        UiCommand::DeleteRows,
        UiCommand::FillDown,
        UiCommand::FillRight,
        UiCommand::Reload,
        UiCommand::ToggleFindings,
        UiCommand::ToggleRemarks,
        UiCommand::Compare,
        UiCommand::Import,
        UiCommand::SaveTemplate,
        UiCommand::CarryOver,
        UiCommand::Consolidate,
        UiCommand::LoadLayout,
        UiCommand::SaveLayout,
        UiCommand::LoadStandards,
        UiCommand::SaveStandards,
        UiCommand::Guide,
        UiCommand::About,
        UiCommand::ZoomIn,
        UiCommand::ZoomOut,
        UiCommand::ZoomReset,
        UiCommand::Save,
        UiCommand::Quit,
        UiCommand::PrevSheet,
        UiCommand::NextSheet,
    ];

    pub fn label(self) -> &'static str {
        match self {
            UiCommand::New => "新建预算…",
            UiCommand::Open => "打开…",
            UiCommand::OpenReadOnly => "以只读方式打开（审阅）…",
            UiCommand::SaveAs => "另存为…",
            UiCommand::RestoreBackup => "恢复最近的备份…",
            UiCommand::ExportXlsx => "导出公开表（Excel）…",
            UiCommand::ExportPdf => "导出打印用 PDF…",
            UiCommand::ExportDocx => "导出情况说明（Word）…",
            UiCommand::ExportCharts => "导出图表图片（PNG）…",
            UiCommand::ExportData => "导出预算数据（Excel，可再导入）…",
            UiCommand::Undo => "撤销",
            UiCommand::Redo => "重做",
            UiCommand::Find => "查找",
            UiCommand::InsertRow => "插入行",
            UiCommand::DuplicateRows => "复制为新行",
            UiCommand::DeleteRows => "删除行",
            UiCommand::FillDown => "向下填充",
            UiCommand::FillRight => "向右填充",
            UiCommand::Reload => "重新载入",
            UiCommand::ToggleFindings => "检查结果",
            UiCommand::ToggleRemarks => "批注",
            UiCommand::Compare => "与另一文件比较…",
            UiCommand::Import => "导入数据（Excel/CSV）…",
            UiCommand::SaveTemplate => "保存导入模板…",
            UiCommand::CarryOver => "从上年文件带入上年数…",
            UiCommand::Consolidate => "汇总文件夹中的部门预算…",
            UiCommand::LoadLayout => "载入表样…",
            UiCommand::SaveLayout => "保存表样…",
            UiCommand::LoadStandards => "载入测算标准…",
            UiCommand::SaveStandards => "保存测算标准…",
            UiCommand::Guide => "使用说明",
            UiCommand::About => "关于预算编制",
            UiCommand::ZoomIn => "放大",
            UiCommand::ZoomOut => "缩小",
            UiCommand::ZoomReset => "原始大小",
            UiCommand::Save => "保存",
            UiCommand::Quit => "退出",
            UiCommand::PrevSheet => "上一页",
            UiCommand::NextSheet => "下一页",
        }
    }

    /// The main shortcut.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let cmd = Modifiers::COMMAND;
        let k = |m, key| Some(KeyboardShortcut::new(m, key));
        match self {
            UiCommand::New => k(cmd, Key::N),
            UiCommand::Open => k(cmd, Key::O),
            UiCommand::OpenReadOnly
            | UiCommand::RestoreBackup
            | UiCommand::ExportDocx
            | UiCommand::ExportCharts
            | UiCommand::ExportData => None,
            UiCommand::ExportPdf => k(cmd, Key::P),
            UiCommand::ExportXlsx => k(cmd, Key::E),
            UiCommand::SaveAs => k(cmd | Modifiers::SHIFT, Key::S),
            UiCommand::Undo => k(cmd, Key::Z),
            UiCommand::Redo => k(cmd, Key::Y),
            UiCommand::Find => k(cmd, Key::F),
            UiCommand::InsertRow => k(cmd, Key::I),
            UiCommand::DuplicateRows => k(cmd | Modifiers::SHIFT, Key::D),
            UiCommand::DeleteRows => k(cmd, Key::Minus),
            UiCommand::FillDown => k(cmd, Key::D),
            UiCommand::FillRight => k(cmd, Key::R),
            UiCommand::Reload => k(Modifiers::NONE, Key::F5),
            UiCommand::ToggleFindings => k(Modifiers::NONE, Key::F8),
            UiCommand::ToggleRemarks => k(Modifiers::NONE, Key::F9),
            UiCommand::Compare
            | UiCommand::Import
            | UiCommand::SaveTemplate
            | UiCommand::CarryOver
            | UiCommand::Consolidate
            | UiCommand::LoadLayout
            | UiCommand::SaveLayout
            | UiCommand::LoadStandards
            | UiCommand::SaveStandards
            | UiCommand::About => None,
            UiCommand::Guide => k(Modifiers::NONE, Key::F1),
            // As in Excel: Ctrl+- deletes rows, so zoom takes Alt too.
            UiCommand::ZoomIn => k(cmd | Modifiers::ALT, Key::Equals),
            UiCommand::ZoomOut => k(cmd | Modifiers::ALT, Key::Minus),
            UiCommand::ZoomReset => k(cmd | Modifiers::ALT, Key::Num0),
            UiCommand::Save => k(cmd, Key::S),
            UiCommand::Quit => k(cmd, Key::Q),
            UiCommand::PrevSheet => k(cmd, Key::PageUp),
            UiCommand::NextSheet => k(cmd, Key::PageDown),
        }
    }

    /// Further shortcuts that do the same (Ctrl+Shift+Z for redo, Ctrl++ for zoom).
    pub fn alternatives(self) -> Vec<KeyboardShortcut> {
        let cmd = Modifiers::COMMAND;
        match self {
            UiCommand::Redo => vec![KeyboardShortcut::new(cmd | Modifiers::SHIFT, Key::Z)],
            UiCommand::ZoomIn => vec![KeyboardShortcut::new(cmd | Modifiers::ALT, Key::Plus)],
            // Excel's Ctrl+Delete habit of earlier versions still deletes rows.
            UiCommand::DeleteRows => vec![KeyboardShortcut::new(cmd, Key::Delete)],
            _ => vec![],
        }
    }

    /// Whether the command changes the budget (refused in review mode).
    pub fn edits(self) -> bool {
        matches!(
            self,
            UiCommand::Undo
                | UiCommand::Redo
                | UiCommand::RestoreBackup
                | UiCommand::Import
                | UiCommand::CarryOver
                | UiCommand::LoadLayout
                | UiCommand::LoadStandards
                | UiCommand::InsertRow
                | UiCommand::DuplicateRows
                | UiCommand::DeleteRows
                | UiCommand::FillDown
                | UiCommand::FillRight
        )
    }

    /// Commands that still make sense while a text field has the keyboard.
    pub fn works_while_typing(self) -> bool {
        !matches!(
            self,
            UiCommand::Undo
                | UiCommand::Redo
                | UiCommand::InsertRow
                | UiCommand::DuplicateRows
                | UiCommand::DeleteRows
                | UiCommand::FillDown
                | UiCommand::FillRight
        )
    }
}

/// A shortcut as Chinese office software prints it: `Ctrl+Shift+D`, `Ctrl+-`,
/// `Ctrl+Alt+=`, `Ctrl+PgDn`, `F5` (egui's own names are English words: Ctrl+Minus).
pub fn shortcut_text(s: &KeyboardShortcut) -> String {
    let m = s.modifiers;
    let mut out = String::new();
    if m.command || m.ctrl {
        out.push_str(if cfg!(target_os = "macos") {
            "⌘+"
        } else {
            "Ctrl+"
        });
    }
    if m.shift {
        out.push_str("Shift+");
    }
    if m.alt {
        out.push_str("Alt+");
    }
    let key = match s.logical_key {
        Key::Minus => "-",
        Key::Equals => "=",
        Key::Plus => "+",
        Key::Delete => "Del",
        Key::PageUp => "PgUp",
        Key::PageDown => "PgDn",
        Key::Escape => "Esc",
        Key::Enter => "Enter",
        k => k.name(),
    };
    out.push_str(key);
    out
}

/// The text a menu shows beside a command: its shortcut, if it has one.
pub fn shortcut_label(c: UiCommand) -> String {
    c.shortcut().map(|s| shortcut_text(&s)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_read_as_chinese_software_prints_them() {
        assert_eq!(shortcut_label(UiCommand::DeleteRows), "Ctrl+-");
        assert_eq!(shortcut_label(UiCommand::ZoomIn), "Ctrl+Alt+=");
        assert_eq!(shortcut_label(UiCommand::ZoomOut), "Ctrl+Alt+-");
        assert_eq!(shortcut_label(UiCommand::ZoomReset), "Ctrl+Alt+0");
        assert_eq!(shortcut_label(UiCommand::DuplicateRows), "Ctrl+Shift+D");
        assert_eq!(shortcut_label(UiCommand::NextSheet), "Ctrl+PgDn");
        assert_eq!(shortcut_label(UiCommand::Reload), "F5");
        // Every shortcut is printed without an English word for a sign.
        for c in UiCommand::ALL {
            let t = shortcut_label(c);
            for word in ["Minus", "Equals", "Plus", "Page"] {
                assert!(!t.contains(word), "{c:?}: {t}");
            }
        }
    }
}
