//! Where the window puts and finds budget files: a new or saved-as budget named without
//! a folder goes beside the budget open (or in the user's documents folder), never into
//! whatever the working directory happens to be; recent files are kept by absolute path.

use std::path::{Path, PathBuf};

/// A path made absolute against the working directory (as it is when that fails).
pub fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// The user's documents folder (see [`crate::engine::base::platform::documents_dir`]).
pub fn documents_dir() -> Option<PathBuf> {
    crate::engine::base::platform::documents_dir()
}

/// Where a budget file named by the user goes: a name without a folder (`nanan2026`) goes
/// beside `beside` (the budget open), else into the documents folder; `.db` is added when
/// missing; the result is absolute.
pub fn new_budget_path(typed: &Path, beside: Option<&Path>) -> PathBuf {
    let bare = typed.parent().is_none_or(|p| p.as_os_str().is_empty());
    let p = if bare && !typed.is_absolute() {
        let dir = beside
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .filter(|d| !d.as_os_str().is_empty())
            .or_else(documents_dir)
            .unwrap_or_default();
        dir.join(typed)
    } else {
        typed.to_path_buf()
    };
    absolute(&with_db_extension(&p))
}

/// The path with the `.db` extension (kept when it has it, in any case).
pub fn with_db_extension(p: &Path) -> PathBuf {
    if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("db")) {
        p.to_path_buf()
    } else {
        let mut s = p.as_os_str().to_owned();
        s.push(".db");
        PathBuf::from(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_name_goes_beside_the_open_budget() {
        let open = Path::new("/data/budgets/2026/渝北区.db");
        assert_eq!(
            new_budget_path(Path::new("nanan2026"), Some(open)),
            PathBuf::from("/data/budgets/2026/nanan2026.db")
        );
        assert_eq!(
            new_budget_path(Path::new("/tmp/x/南岸.DB"), Some(open)),
            PathBuf::from("/tmp/x/南岸.DB")
        );
        // A name with a dot keeps it: 南岸区.2026 → 南岸区.2026.db.
        assert_eq!(
            new_budget_path(Path::new("南岸区.2026"), Some(open)),
            PathBuf::from("/data/budgets/2026/南岸区.2026.db")
        );
        assert!(new_budget_path(Path::new("a"), None).is_absolute());
    }
}
