//! Each kind of record a budget holds, declared once: its fields with their Chinese label,
//! the other names they go by (Chinese variants, 一体化 field names), their type, whether
//! they are required, and their column in the budget file. Everything that reads or
//! writes records field by field follows from these declarations:
//!
//! - the store's columns, its inserts and updates, loading, and the value checks
//!   (`store/records.rs`);
//! - import and paste: header names, reading a cell, the template (`import`, `paste`);
//! - the comparison of two files, field by field (`diff`);
//! - the grid columns of the sheets, their texts and what typing into them does;
//! - the field names a remark's place may carry.
//!
//! A declaration is a `static` list of [`Field`]s for a type implementing [`Kind`]; a
//! field reaches its record through two plain functions (`get`, `set`) that turn it into
//! and from a [`Value`], the form the file stores. One file here per kind.

/// A field kept in a `String` of the record: its label, column, the struct's field and
/// (by default one-line) type.
macro_rules! text_field {
    ($R:ty, $label:literal, $col:literal, $f:ident) => {
        text_field!(
            $R,
            $label,
            $col,
            $f,
            $crate::engine::records::FieldType::Text
        )
    };
    ($R:ty, $label:literal, $col:literal, $f:ident, $ty:expr) => {
        $crate::engine::records::Field::<$R>::new(
            $label,
            $col,
            $ty,
            |r: &$R| $crate::engine::records::Value::Text(r.$f.clone()),
            |r: &mut $R, v| r.$f = v.into_text(),
        )
    };
}

/// A field kept in a `Money` of the record, stored in 分.
macro_rules! money_field {
    ($R:ty, $label:literal, $col:literal, $f:ident) => {
        $crate::engine::records::Field::<$R>::new(
            $label,
            $col,
            $crate::engine::records::FieldType::Money,
            |r: &$R| $crate::engine::records::Value::Int(r.$f.fen()),
            |r: &mut $R, v| r.$f = $crate::engine::money::Money::from_fen(v.int()),
        )
    };
}

mod asset;
mod department;
mod income;
pub mod indicator;
pub mod line;
pub mod person;
mod prior;
mod procurement;
mod project;
mod reason;
mod remark;
pub mod rule;
pub mod unit;

pub mod place;
pub mod registry;

pub use prior::PriorFigure;
pub use reason::Reason;

use crate::engine::catalog::{CatalogKind, CodeList};
use crate::engine::model::Budget;
use crate::engine::money::Money;
use crate::engine::parts::Parts;
use place::{Place, Sheet, Target};
use registry::{Before, KindId, Record};

/// A field's value as the budget file stores it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
}

impl Value {
    pub fn int(&self) -> i64 {
        match self {
            Value::Int(i) => *i,
            _ => 0,
        }
    }

    /// The text, taken out (no copy).
    pub fn into_text(self) -> String {
        match self {
            Value::Text(s) => s,
            _ => String::new(),
        }
    }

    pub fn text(&self) -> &str {
        match self {
            Value::Text(s) => s,
            _ => "",
        }
    }

    /// An optional id: `None` for NULL.
    pub fn id(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// An optional text: `None` for NULL.
    pub fn opt_text(&self) -> Option<String> {
        match self {
            Value::Text(s) => Some(s.clone()),
            _ => None,
        }
    }

    pub fn from_opt_text(s: &Option<String>) -> Value {
        s.as_ref().map_or(Value::Null, |s| Value::Text(s.clone()))
    }

    pub fn from_opt_id(id: Option<i64>) -> Value {
        id.map_or(Value::Null, Value::Int)
    }
}

/// The other names of a unit column (Chinese headers and 一体化 field names).
pub const UNIT_ALIASES: &[&str] = &[
    "单位代码",
    "单位名称",
    "预算单位",
    "agency_code",
    "agency_name",
];

/// What a field holds, which decides how it is shown, read, checked and stored.
#[derive(Clone, Copy, Debug)]
pub enum FieldType {
    /// The record's id (integer; 0 for a record not yet stored). Not shown.
    Id,
    /// Where a line stands in the officer's list (integer). Not shown.
    Order,
    /// Text on one line.
    Text,
    /// Text of several lines (项目概况, 职能职责).
    LongText,
    /// Money, stored as integer 分, shown `3,129,066.95`.
    Money,
    /// Money or blank (NULL: by a rule, such as a 缴费基数 left to the standard).
    OptMoney,
    /// Money that may be below zero (an adjustment by hand), shown `+1,200.00`.
    SignedMoney,
    /// A leaf code of a catalog (`2014001`), shown with its name; empty when not filled.
    Code(CatalogKind),
    /// One of a closed set: the labels, and the label a text names (aliases accepted).
    Choice(&'static [&'static str], fn(&str) -> Option<&'static str>),
    /// A whole number of things (0 to 1,000,000).
    Count,
    /// A budget year (2000–2100).
    Year,
    /// A decimal number (an indicator's weight, 0–100), stored as text.
    Decimal,
    /// 是 or 否, stored 1 or 0.
    YesNo,
    /// A unit of the budget, by id; written by its code.
    Unit,
    /// A project of the budget, by id, or none; written by its name.
    Project,
}

impl FieldType {
    /// Stored as an integer (else as text).
    pub fn is_integer(self) -> bool {
        matches!(
            self,
            FieldType::Id
                | FieldType::Order
                | FieldType::Money
                | FieldType::OptMoney
                | FieldType::SignedMoney
                | FieldType::Count
                | FieldType::Year
                | FieldType::YesNo
                | FieldType::Unit
                | FieldType::Project
        )
    }
}

/// Sets a field from a typed text, or says why not.
pub type ReadText<R> = fn(&mut R, &str, &Budget) -> Result<(), String>;

/// The values a field offers for one record (see [`Field::suggest_for`]).
pub type SuggestFor<R> = fn(&R) -> Option<&'static [&'static str]>;

/// How one field of a record of type `R` is declared.
pub struct Field<R> {
    /// The Chinese name: column header, grid title, the field of a remark's place.
    pub label: &'static str,
    /// Other headers that name it: Chinese variants and 一体化 field names.
    pub aliases: &'static [&'static str],
    /// Its column in the budget file.
    pub column: &'static str,
    pub ty: FieldType,
    /// A blank is refused.
    pub required: bool,
    /// May be NULL in the file (an override not given, a line without project).
    pub nullable: bool,
    /// Shown in the sheet's grid (ids, order and the owner of an indicator are not).
    pub in_grid: bool,
    /// Other records name a record of the kind by it (a unit by its code, name or 简称;
    /// a project by its name or code).
    pub names: bool,
    /// Its width in the grid.
    pub width: f32,
    pub get: fn(&R) -> Value,
    pub set: fn(&mut R, Value),
    /// How it shows where its type's way is not enough (a code that follows a mapping).
    pub show: Option<fn(&R, &Budget) -> String>,
    /// How a typed text sets it where its type's way is not enough.
    pub read: Option<ReadText<R>>,
    /// Values a text field offers in a list (any text is taken all the same).
    pub suggest: &'static [&'static str],
    /// The values offered for one record, where they depend on another field (the 二级指标
    /// of the 一级 chosen); `None` from it: [`Field::suggest`].
    pub suggest_for: Option<SuggestFor<R>>,
}

impl<R> Field<R> {
    /// A field; the rest is set with the builder methods below.
    pub const fn new(
        label: &'static str,
        column: &'static str,
        ty: FieldType,
        get: fn(&R) -> Value,
        set: fn(&mut R, Value),
    ) -> Field<R> {
        let in_grid = !matches!(ty, FieldType::Id | FieldType::Order);
        Field {
            label,
            aliases: &[],
            column,
            ty,
            required: false,
            nullable: false,
            in_grid,
            names: false,
            width: 120.0,
            get,
            set,
            show: None,
            read: None,
            suggest: &[],
            suggest_for: None,
        }
    }

    /// The values offered for a record depend on it (see [`Field::suggest_for`]).
    pub const fn suggest_for(mut self, f: SuggestFor<R>) -> Self {
        self.suggest_for = Some(f);
        self
    }

    /// The values a text field offers for this record.
    pub fn suggestions(&self, r: &R) -> &'static [&'static str] {
        self.suggest_for.and_then(|f| f(r)).unwrap_or(self.suggest)
    }

    pub const fn suggest(mut self, values: &'static [&'static str]) -> Self {
        self.suggest = values;
        self
    }

    /// A record's id (column `id`).
    pub const fn id(get: fn(&R) -> Value, set: fn(&mut R, Value)) -> Field<R> {
        Field::new("id", "id", FieldType::Id, get, set)
    }

    /// The unit a record belongs to (column `unit_id`), named by code, name or 简称.
    pub const fn unit(get: fn(&R) -> Value, set: fn(&mut R, Value)) -> Field<R> {
        Field::new("单位", "unit_id", FieldType::Unit, get, set).aliases(UNIT_ALIASES)
    }

    pub const fn aliases(mut self, a: &'static [&'static str]) -> Self {
        self.aliases = a;
        self
    }

    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// Other records name a record of the kind by it.
    pub const fn names(mut self) -> Self {
        self.names = true;
        self
    }

    pub const fn nullable(mut self) -> Self {
        self.nullable = true;
        self
    }

    pub const fn hidden(mut self) -> Self {
        self.in_grid = false;
        self
    }

    pub const fn width(mut self, w: f32) -> Self {
        self.width = w;
        self
    }

    pub const fn show(mut self, f: fn(&R, &Budget) -> String) -> Self {
        self.show = Some(f);
        self
    }

    pub const fn read(mut self, f: fn(&mut R, &str, &Budget) -> Result<(), String>) -> Self {
        self.read = Some(f);
        self
    }

    /// Whether a header cell names this field.
    pub fn is_named(&self, header: &str) -> bool {
        let h = header.trim();
        h == self.label || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(h))
    }

    /// The field as the sheets show it: a code with its name, money grouped, a unit by
    /// its 简称; a character a reader cannot see by its code (the editor still opens the
    /// text as it is, [`Field::edit_text`]).
    pub fn shown(&self, r: &R, b: &Budget) -> String {
        visible(self.shown_as_is(r, b))
    }

    fn shown_as_is(&self, r: &R, b: &Budget) -> String {
        if let Some(f) = self.show {
            return f(r, b);
        }
        let v = (self.get)(r);
        match self.ty {
            FieldType::Code(kind) => {
                let code = v.text();
                if code.is_empty() {
                    String::new()
                } else {
                    let name = list_of(b, kind)
                        .label(code)
                        .unwrap_or_else(|| "（目录中没有）".into());
                    format!("{code} {name}")
                }
            }
            FieldType::Unit => b
                .unit(v.int())
                .map(|u| u.short_label().to_string())
                .unwrap_or_default(),
            _ => self.written(r, b),
        }
    }

    /// The field as files and comparisons write it: a code alone, a unit by its code, a
    /// project by its name, money as `3,129,066.95`.
    pub fn written(&self, r: &R, b: &Budget) -> String {
        let v = (self.get)(r);
        match self.ty {
            FieldType::Money => Money::from_fen(v.int()).grouped(),
            FieldType::OptMoney => match v {
                Value::Int(f) => Money::from_fen(f).grouped(),
                _ => String::new(),
            },
            FieldType::SignedMoney => signed(Money::from_fen(v.int())),
            FieldType::YesNo => if v.int() != 0 { "是" } else { "否" }.to_string(),
            FieldType::Unit => b.unit(v.int()).map(|u| u.code.clone()).unwrap_or_default(),
            FieldType::Project => v
                .id()
                .and_then(|p| b.project(p))
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            FieldType::Id | FieldType::Order | FieldType::Count | FieldType::Year => match v {
                Value::Int(i) => i.to_string(),
                _ => String::new(),
            },
            _ => v.into_text(),
        }
    }

    /// The text the cell editor opens with: money plain, a code alone, an override as
    /// given (blank when the field follows its rule).
    pub fn edit_text(&self, r: &R, b: &Budget) -> String {
        match self.ty {
            FieldType::Money | FieldType::SignedMoney => {
                Money::from_fen((self.get)(r).int()).plain()
            }
            FieldType::OptMoney => match (self.get)(r) {
                Value::Int(f) => Money::from_fen(f).plain(),
                _ => String::new(),
            },
            FieldType::Code(_) => (self.get)(r).text().to_string(),
            FieldType::Choice(..) if self.show.is_some() => (self.get)(r).text().to_string(),
            // As it is: a hidden character stays one, and the store says so on Enter.
            _ => self.shown_as_is(r, b),
        }
    }

    /// Sets the field from a typed, pasted or imported text, or says why not.
    pub fn read_text(&self, r: &mut R, text: &str, b: &Budget) -> Result<(), String> {
        if let Some(f) = self.read {
            return f(r, text, b);
        }
        let t = text.trim();
        if t.is_empty() && self.required {
            return Err(format!("“{}”不能为空", self.label));
        }
        let v = match self.ty {
            FieldType::Id | FieldType::Order => return Ok(()),
            FieldType::Text => Value::Text(t.to_string()),
            FieldType::LongText => Value::Text(text.trim_end().to_string()),
            FieldType::Money => {
                if t.is_empty() {
                    Value::Int(0)
                } else {
                    Value::Int(
                        crate::engine::money::parse_yuan(t)
                            .map_err(|e| e.to_string())?
                            .fen(),
                    )
                }
            }
            FieldType::OptMoney if t.is_empty() => Value::Null,
            FieldType::OptMoney => Value::Int(
                crate::engine::money::parse_yuan(t)
                    .map_err(|e| e.to_string())?
                    .fen(),
            ),
            FieldType::SignedMoney => Value::Int(parse_signed(t)?.fen()),
            FieldType::Code(kind) => Value::Text(read_code(b, kind, t)?),
            FieldType::Choice(labels, canonical) => {
                if t.is_empty() {
                    Value::Text(String::new())
                } else {
                    // A code written before the name (`1 一般公共预算`) is read by its name.
                    let named = canonical(t).or_else(|| {
                        let rest = t.trim_start_matches(|c: char| c.is_ascii_digit()).trim();
                        (rest.len() < t.len()).then(|| canonical(rest)).flatten()
                    });
                    Value::Text(
                        named
                            .ok_or_else(|| format!("“{t}”应为 {}", labels.join("、")))?
                            .to_string(),
                    )
                }
            }
            FieldType::Count => {
                let n: i64 = if t.is_empty() {
                    0
                } else {
                    t.parse()
                        .ok()
                        .filter(|n| *n >= 0)
                        .ok_or_else(|| format!("“{t}”不是非负整数"))?
                };
                if n > 1_000_000 {
                    return Err(format!("数量 {n} 过大"));
                }
                Value::Int(n)
            }
            FieldType::Year => {
                let y: i64 = t.parse().map_err(|_| format!("“{t}”不是年份"))?;
                if !(2000..=2100).contains(&y) {
                    return Err(format!("年度“{y}”应在 2000 至 2100 之间"));
                }
                Value::Int(y)
            }
            FieldType::Decimal => {
                let d: rust_decimal::Decimal = if t.is_empty() {
                    rust_decimal::Decimal::ZERO
                } else {
                    t.parse().map_err(|_| format!("“{t}”不是数字"))?
                };
                Value::Text(d.normalize().to_string())
            }
            FieldType::YesNo => Value::Int(match t {
                "是" | "Y" | "y" | "1" | "true" | "TRUE" | "核心" => 1,
                "否" | "N" | "n" | "0" | "false" | "FALSE" | "" => 0,
                _ => return Err(format!("“{t}”应为“是”或“否”")),
            }),
            FieldType::Unit => {
                let code = t.trim_start_matches(['[', '【', '(']);
                let digits: String = code.chars().take_while(|c| c.is_ascii_digit()).collect();
                let u = b
                    .units
                    .iter()
                    .find(|u| u.is_named(t) || (!digits.is_empty() && u.code == digits))
                    .ok_or_else(|| format!("没有单位“{t}”（可填单位代码、名称或简称）"))?;
                Value::Int(u.id)
            }
            FieldType::Project => {
                if t.is_empty() {
                    Value::Null
                } else {
                    let p = b
                        .projects
                        .iter()
                        .find(|p| p.name == t || (!p.code.is_empty() && p.code == t))
                        .ok_or_else(|| format!("没有项目“{t}”"))?;
                    Value::Int(p.id)
                }
            }
        };
        (self.set)(r, v);
        Ok(())
    }

    /// Whether a stored value fits the field, or why not (reading a file, checking an
    /// edit). The message names the field; the caller names the record.
    pub fn check(&self, v: &Value) -> Result<(), String> {
        let l = self.label;
        match (v, self.ty) {
            (Value::Null, _) if self.nullable => Ok(()),
            (Value::Null, _) => Err(format!("“{l}”缺少值")),
            (Value::Int(_), t) if !t.is_integer() => Err(format!("“{l}”应为文字，文件中是数字")),
            (Value::Text(_), t) if t.is_integer() => Err(format!("“{l}”应为整数，文件中是文字")),
            (Value::Int(i), FieldType::SignedMoney)
                if i.unsigned_abs() > crate::engine::money::MAX_YUAN as u64 * 100 + 99 =>
            {
                Err(format!("“{l}”过大（{}）", Money::from_fen(*i).grouped()))
            }
            (Value::Int(i), FieldType::Money | FieldType::OptMoney) if *i < 0 => Err(format!(
                "“{l}”不能为负数（{}）",
                Money::from_fen(*i).grouped()
            )),
            (Value::Int(i), FieldType::Money | FieldType::OptMoney)
                if *i > crate::engine::money::MAX_YUAN * 100 + 99 =>
            {
                Err(format!("“{l}”过大（{}）", Money::from_fen(*i).grouped()))
            }
            (Value::Int(i), FieldType::Count) if !(0..=1_000_000).contains(i) => {
                Err(format!("“{l}”的数量 {i} 超出范围"))
            }
            (Value::Int(i), FieldType::Year) if !(2000..=2100).contains(i) => {
                Err(format!("“{l}” {i} 应在 2000 至 2100 之间"))
            }
            (Value::Int(i), FieldType::YesNo) if !(0..=1).contains(i) => {
                Err(format!("“{l}”应为 0 或 1"))
            }
            // Blank: a line still being typed.
            (Value::Text(s), FieldType::Code(kind)) => {
                let len = leaf_len(kind);
                if s.is_empty() || (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())) {
                    Ok(())
                } else {
                    Err(format!("“{l}”“{s}”应为 {len} 位数字的科目"))
                }
            }
            (Value::Text(s), FieldType::Choice(labels, _)) => {
                if labels.contains(&s.as_str()) {
                    Ok(())
                } else {
                    Err(format!("“{l}”“{s}”不是 {} 之一", labels.join("、")))
                }
            }
            (Value::Text(s), FieldType::Decimal) => s
                .parse::<rust_decimal::Decimal>()
                .map(|_| ())
                .map_err(|_| format!("“{l}”“{s}”不是数字")),
            // Whether a text may be blank is a rule of entry and import, not of the file.
            _ => Ok(()),
        }
    }
}

/// A kind of record, declared once: its name, its table in the file, its fields, its key
/// and blank record, the sheet it is entered on and the part of the budget it is, the
/// rules a record keeps beyond its fields' own, and how the budget keeps records of the
/// kind. Everything done to records of any kind is written against this (`registry`).
pub trait Kind: Clone + PartialEq + Sized + Into<Record> + 'static {
    /// Its name in the registry.
    const ID: KindId;
    /// How users name the kind: the sheet, the import sheet, the diff's heading.
    const NAME: &'static str;
    /// Its table in the budget file.
    const TABLE: &'static str;
    /// The columns that identify a record in the table (an id, or a natural key).
    const KEY: &'static [&'static str];
    /// The sheet of the editor it is entered on (where a remark on it is left); none
    /// for a remark itself.
    const SHEET: Option<Sheet>;
    /// The part of the budget it is: what an edit of it touches, what reads it.
    const PART: Parts;
    fn fields() -> &'static [Field<Self>];
    /// A record with nothing filled in, before its fields are set (loading, a new row).
    fn blank() -> Self;

    /// The field of this label.
    fn field(label: &str) -> Option<&'static Field<Self>> {
        Self::fields().iter().find(|f| f.label == label)
    }

    /// The fields shown in the grid, in order.
    fn grid_fields() -> Vec<&'static Field<Self>> {
        Self::fields().iter().filter(|f| f.in_grid).collect()
    }

    /// Its id, for a kind kept by id (0: not yet stored).
    fn id(&self) -> Option<i64> {
        let f = Self::fields()
            .iter()
            .find(|f| matches!(f.ty, FieldType::Id))?;
        Some((f.get)(self).int())
    }

    /// What names the record in a menu or a message: its name, code or key.
    fn title(&self) -> String {
        String::new()
    }

    /// How a place names the record: by its id, or by its key.
    fn target(&self) -> Target {
        match self.id() {
            Some(id) => Target::Id(id),
            None => Target::Key(self.title()),
        }
    }

    /// Where the record is shown (its sheet, itself), for a remark and for undo to go to.
    fn place(&self) -> Option<Place> {
        Self::SHEET.map(|s| Place::new(s, Some(self.target()), None))
    }

    /// What putting it is called in the 撤销 menu: 修改单位“办公室”.
    fn describe_put(&self) -> String {
        match self.title() {
            t if t.is_empty() => format!("修改{}", Self::NAME),
            t => format!("修改{}“{t}”", Self::NAME),
        }
    }

    /// The rules a record keeps beyond what its fields' types allow (a unit's code used
    /// once, a project's name), checked before it is stored: why not, in Chinese.
    fn rules(&self, _b: &Budget) -> Result<(), String> {
        Ok(())
    }

    /// Why the record of an id cannot be deleted (a unit that lines still name).
    fn delete_rules(_b: &Budget, _id: i64) -> Result<(), String> {
        Ok(())
    }

    /// A record kept by key that holds nothing: putting it removes the one of its key.
    fn is_void(&self) -> bool {
        false
    }

    /// Puts the record in the budget, in the place of the one of its id or key; what was
    /// there.
    fn put_in(self, b: &mut Budget) -> Before<Self>;

    /// Takes the record of an id out of the budget, with the records kept under it (a
    /// project's indicators), the record first; none when there is no such record (or
    /// the kind is not kept by id).
    fn take_from(_b: &mut Budget, _id: i64) -> Vec<Record> {
        Vec::new()
    }

    /// Puts a file's records of the kind into a budget being loaded (in their key's
    /// order).
    fn load_into(b: &mut Budget, all: Vec<Self>);

    /// The budget's records of the kind, in order.
    fn records(b: &Budget) -> std::borrow::Cow<'_, [Self]>;

    /// The record of the same id or key as the budget holds it now.
    fn current(&self, b: &Budget) -> Option<Self> {
        let target = self.target();
        Self::records(b)
            .iter()
            .find(|o| o.target() == target)
            .cloned()
    }
}

/// The first field of the grid that shows differently in two versions of a record (the
/// cell an undo goes back to).
pub fn changed_field<R: Kind>(b: &Budget, old: &R, new: &R) -> Option<&'static str> {
    R::grid_fields()
        .into_iter()
        .find(|f| f.shown(old, b) != f.shown(new, b))
        .map(|f| f.label)
}

/// Every field name a remark's place may carry: the labels of every kind's fields and
/// the other names they go by (sorted; made once).
pub fn field_labels() -> &'static [&'static str] {
    static LABELS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(labels);
    &LABELS
}

fn labels() -> Vec<&'static str> {
    struct Labels<'a>(&'a mut Vec<&'static str>);
    impl registry::KindFn for Labels<'_> {
        type Out = ();
        fn call<R: Kind>(self) {
            for f in R::fields() {
                self.0.push(f.label);
                self.0.extend(f.aliases);
            }
        }
    }
    let mut v = Vec::new();
    for k in KindId::ALL {
        k.visit(Labels(&mut v));
    }
    v.sort();
    v.dedup();
    v
}

fn list_of(b: &Budget, kind: CatalogKind) -> &CodeList {
    match kind {
        CatalogKind::Function => &b.catalog.function,
        CatalogKind::DeptEconomic | CatalogKind::Mapping => &b.catalog.dept_economic,
        CatalogKind::GovEconomic => &b.catalog.gov_economic,
    }
}

fn leaf_len(kind: CatalogKind) -> usize {
    match kind {
        CatalogKind::Function => 7,
        _ => 5,
    }
}

/// The first character of a text that a reader cannot see: a control character (but a
/// line break or tab in a text of several lines), or a mark that reorders or hides text
/// (bidi overrides and isolates, zero-width characters, a byte-order mark).
pub fn hidden_char(s: &str, multiline: bool) -> Option<char> {
    s.chars().find(|c| {
        (c.is_control() && !(multiline && matches!(*c, '\n' | '\r' | '\t')))
            || matches!(
                *c,
                '\u{200B}'..='\u{200F}'
                    | '\u{202A}'..='\u{202E}'
                    | '\u{2066}'..='\u{2069}'
                    | '\u{061C}'
                    | '\u{FEFF}'
            )
    })
}

/// A text as every output prints it: each character [`hidden_char`] finds (line breaks
/// and tabs kept) is shown by its code, `〔U+202E〕`, so that no output prints a text that
/// reads differently from what it holds.
pub fn visible(s: String) -> String {
    if hidden_char(&s, true).is_none() {
        return s;
    }
    let mut shown = String::with_capacity(s.len() + 12);
    for c in s.chars() {
        if hidden_char(c.encode_utf8(&mut [0; 4]), true).is_some() {
            shown.push_str(&format!("〔U+{:04X}〕", c as u32));
        } else {
            shown.push(c);
        }
    }
    shown
}

/// An amount that may be below zero (`-300`, `+1,200.00`, blank for 0).
pub fn parse_signed(t: &str) -> Result<Money, String> {
    let t = t.trim();
    let (minus, digits) = match t.strip_prefix(['-', '－', '−']) {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix(['+', '＋']).unwrap_or(t)),
    };
    if digits.trim().is_empty() {
        return Ok(Money::ZERO);
    }
    let m = crate::engine::money::parse_yuan(digits.trim()).map_err(|e| e.to_string())?;
    Ok(if minus { Money::ZERO - m } else { m })
}

/// An adjustment as shown: `+1,200.00`, `-300.00`, blank for none.
pub fn signed(m: Money) -> String {
    if m.is_zero() {
        String::new()
    } else if m.is_negative() {
        m.grouped()
    } else {
        format!("+{}", m.grouped())
    }
}

/// The digits a code cell begins with (`2014001 行政运行`, `[30101]基本工资` → the code).
pub fn code_of(s: &str) -> String {
    s.trim()
        .trim_start_matches(['[', '【', '('])
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect()
}

/// A leaf code of a catalog from a typed text, checked against the catalog in force.
pub fn read_code(b: &Budget, kind: CatalogKind, t: &str) -> Result<String, String> {
    let c = code_of(t);
    let what = match kind {
        CatalogKind::Function => "项级功能科目",
        CatalogKind::GovEconomic => "政府经济分类中的款级科目",
        _ => "部门经济分类中的款级科目",
    };
    if c.len() != leaf_len(kind) {
        return Err(format!("“{}”不是 {} 位的{what}", t.trim(), leaf_len(kind)));
    }
    if !list_of(b, kind).contains(&c) {
        return Err(format!("“{c}”不在{}中", kind.label()));
    }
    Ok(c)
}
