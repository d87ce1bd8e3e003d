//! The schema of a budget file, as forward migrations. `PRAGMA user_version` holds the
//! version a file is at; a file is migrated one step at a time, each step in the same
//! transaction as the version bump.

/// Marks a SQLite file as a yusuan budget (`PRAGMA application_id`): "ysua".
pub const APPLICATION_ID: i32 = 0x7973_7561;

/// Migrations in order; migration `i` takes a file from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: the budget.
    r#"
CREATE TABLE department (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    code TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    region TEXT NOT NULL DEFAULT '',
    duties TEXT NOT NULL DEFAULT '',
    composition TEXT NOT NULL DEFAULT '',
    divisions INTEGER NOT NULL DEFAULT 0 CHECK (divisions >= 0),
    contact_name TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    goal TEXT NOT NULL DEFAULT ''
);
CREATE TABLE unit (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
    name TEXT NOT NULL CHECK (length(name) > 0),
    kind TEXT NOT NULL CHECK (kind IN ('行政', '参公', '事业'))
);
CREATE TABLE income (
    source TEXT PRIMARY KEY CHECK (source IN (
        '一般公共预算财政拨款', '政府性基金预算财政拨款', '国有资本经营预算财政拨款',
        '财政专户管理资金', '事业收入', '上级补助收入', '附属单位上缴收入', '事业单位经营收入',
        '其他收入', '上年结转（一般公共预算）', '上年结转（政府性基金预算）',
        '上年结转（国有资本经营预算）', '上年结转（其他资金）', '用事业基金弥补收支差额')),
    current_fen INTEGER NOT NULL CHECK (current_fen BETWEEN 0 AND 99999999999999),
    prior_fen INTEGER NOT NULL CHECK (prior_fen BETWEEN 0 AND 99999999999999)
);
CREATE TABLE project (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
    unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
    kind TEXT NOT NULL CHECK (kind IN ('重点', '一般')),
    competent_dept TEXT NOT NULL DEFAULT '',
    overview TEXT NOT NULL DEFAULT '',
    basis TEXT NOT NULL DEFAULT '',
    goal TEXT NOT NULL DEFAULT '',
    budget_fen INTEGER NOT NULL CHECK (budget_fen BETWEEN 0 AND 99999999999999),
    district_fen INTEGER NOT NULL CHECK (district_fen BETWEEN 0 AND 99999999999999),
    township_fen INTEGER NOT NULL CHECK (township_fen BETWEEN 0 AND 99999999999999)
);
CREATE TABLE line (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
    func_code TEXT NOT NULL CHECK (length(func_code) = 7 AND func_code NOT GLOB '*[^0-9]*'),
    dept_econ TEXT NOT NULL CHECK (length(dept_econ) = 5 AND dept_econ NOT GLOB '*[^0-9]*'),
    gov_econ_override TEXT CHECK (gov_econ_override IS NULL OR
        (length(gov_econ_override) = 5 AND gov_econ_override NOT GLOB '*[^0-9]*')),
    nature TEXT NOT NULL CHECK (nature IN ('基本支出', '项目支出')),
    project_id INTEGER REFERENCES project(id) ON DELETE RESTRICT,
    fund_source TEXT NOT NULL CHECK (fund_source IN (
        '一般公共预算财政拨款', '政府性基金预算财政拨款', '国有资本经营预算财政拨款',
        '财政专户管理资金', '事业收入', '上级补助收入', '附属单位上缴收入', '事业单位经营收入',
        '其他收入', '上年结转（一般公共预算）', '上年结转（政府性基金预算）',
        '上年结转（国有资本经营预算）', '上年结转（其他资金）', '用事业基金弥补收支差额')),
    amount_fen INTEGER NOT NULL CHECK (amount_fen BETWEEN 0 AND 99999999999999),
    remark TEXT NOT NULL DEFAULT ''
);
CREATE INDEX line_unit ON line(unit_id);
CREATE INDEX line_project ON line(project_id);
CREATE TABLE prior_function (
    func_code TEXT NOT NULL CHECK (length(func_code) = 7 AND func_code NOT GLOB '*[^0-9]*'),
    nature TEXT NOT NULL CHECK (nature IN ('基本支出', '项目支出')),
    amount_fen INTEGER NOT NULL CHECK (amount_fen BETWEEN 0 AND 99999999999999),
    PRIMARY KEY (func_code, nature)
);
CREATE TABLE prior_item (
    item TEXT PRIMARY KEY CHECK (item IN
        ('因公出国（境）费', '公务用车购置费', '公务用车运行维护费', '公务接待费', '机关运行经费')),
    amount_fen INTEGER NOT NULL CHECK (amount_fen BETWEEN 0 AND 99999999999999)
);
CREATE TABLE indicator (
    id INTEGER PRIMARY KEY,
    project_id INTEGER REFERENCES project(id) ON DELETE CASCADE,
    level1 TEXT NOT NULL DEFAULT '',
    level2 TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL CHECK (length(name) > 0),
    weight TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    op TEXT NOT NULL CHECK (op IN ('≥', '≤', '=', '定性')),
    value TEXT NOT NULL DEFAULT '',
    core INTEGER NOT NULL CHECK (core IN (0, 1))
);
CREATE TABLE procurement (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
    name TEXT NOT NULL CHECK (length(name) > 0),
    fund_source TEXT NOT NULL,
    total_fen INTEGER NOT NULL CHECK (total_fen BETWEEN 0 AND 99999999999999),
    goods_fen INTEGER NOT NULL CHECK (goods_fen BETWEEN 0 AND 99999999999999),
    works_fen INTEGER NOT NULL CHECK (works_fen BETWEEN 0 AND 99999999999999),
    services_fen INTEGER NOT NULL CHECK (services_fen BETWEEN 0 AND 99999999999999)
);
CREATE TABLE asset (
    category TEXT PRIMARY KEY,
    owned INTEGER NOT NULL CHECK (owned BETWEEN 0 AND 1000000),
    to_buy INTEGER NOT NULL CHECK (to_buy BETWEEN 0 AND 1000000)
);
CREATE TABLE reason (
    key TEXT PRIMARY KEY,
    text TEXT NOT NULL
);
"#,
    // 2: official catalogs carried in the file; 人员/公用 override per line.
    r#"
CREATE TABLE catalog_entry (
    kind TEXT NOT NULL CHECK (kind IN ('function', 'economic_dept', 'economic_gov')),
    code TEXT NOT NULL CHECK (length(code) BETWEEN 3 AND 7 AND code NOT GLOB '*[^0-9]*'),
    name TEXT NOT NULL,
    PRIMARY KEY (kind, code)
);
CREATE TABLE catalog_mapping (
    dept_code TEXT PRIMARY KEY,
    gov_admin TEXT NOT NULL,
    gov_institution TEXT NOT NULL
);
ALTER TABLE line ADD COLUMN cost_class TEXT CHECK (cost_class IS NULL OR cost_class IN ('人员经费', '公用经费'));
"#,
    // 3: remarks (批注) by reviewers and the officer.
    r#"
CREATE TABLE remark (
    id INTEGER PRIMARY KEY,
    target TEXT NOT NULL,
    author TEXT NOT NULL CHECK (length(author) > 0),
    created TEXT NOT NULL,
    text TEXT NOT NULL CHECK (length(text) > 0),
    resolved INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1))
);
"#,
    // 4: lines keep the order the officer gives them (seq) and can be stored before their
    // codes are filled in (a blank row: func_code and dept_econ empty); a unit has a 简称.
    // SQLite cannot change a CHECK rule in place: the line table is rebuilt.
    r#"
CREATE TABLE line_v4 (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
    func_code TEXT NOT NULL CHECK (func_code = '' OR
        (length(func_code) = 7 AND func_code NOT GLOB '*[^0-9]*')),
    dept_econ TEXT NOT NULL CHECK (dept_econ = '' OR
        (length(dept_econ) = 5 AND dept_econ NOT GLOB '*[^0-9]*')),
    gov_econ_override TEXT CHECK (gov_econ_override IS NULL OR
        (length(gov_econ_override) = 5 AND gov_econ_override NOT GLOB '*[^0-9]*')),
    nature TEXT NOT NULL CHECK (nature IN ('基本支出', '项目支出')),
    project_id INTEGER REFERENCES project(id) ON DELETE RESTRICT,
    fund_source TEXT NOT NULL CHECK (fund_source IN (
        '一般公共预算财政拨款', '政府性基金预算财政拨款', '国有资本经营预算财政拨款',
        '财政专户管理资金', '事业收入', '上级补助收入', '附属单位上缴收入', '事业单位经营收入',
        '其他收入', '上年结转（一般公共预算）', '上年结转（政府性基金预算）',
        '上年结转（国有资本经营预算）', '上年结转（其他资金）', '用事业基金弥补收支差额')),
    amount_fen INTEGER NOT NULL CHECK (amount_fen BETWEEN 0 AND 99999999999999),
    remark TEXT NOT NULL DEFAULT '',
    cost_class TEXT CHECK (cost_class IS NULL OR cost_class IN ('人员经费', '公用经费')),
    seq INTEGER NOT NULL DEFAULT 0
);
INSERT INTO line_v4 (id, unit_id, func_code, dept_econ, gov_econ_override, nature, project_id,
    fund_source, amount_fen, remark, cost_class, seq)
    SELECT id, unit_id, func_code, dept_econ, gov_econ_override, nature, project_id,
        fund_source, amount_fen, remark, cost_class, id * 1024 FROM line;
DROP TABLE line;
ALTER TABLE line_v4 RENAME TO line;
CREATE INDEX line_unit ON line(unit_id);
CREATE INDEX line_project ON line(project_id);
ALTER TABLE unit ADD COLUMN short_name TEXT NOT NULL DEFAULT '';
"#,
    // 5: the disclosure layout (表样) the budget publishes: a built-in one by id, or a
    // layout file of the region's own (its text). Files from before print 重庆's 17 tables.
    r#"
CREATE TABLE layout (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    builtin TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    CHECK ((builtin = '') <> (source = ''))
);
INSERT INTO layout (id, builtin) VALUES (1, 'chongqing-17');
"#,
    // 6: the share of a procurement item reserved for small and medium firms, and of
    // that for small and micro firms (政府采购 面向中小企业预留), as Shanghai publishes it.
    r#"
ALTER TABLE procurement ADD COLUMN sme_fen INTEGER NOT NULL DEFAULT 0
    CHECK (sme_fen BETWEEN 0 AND 99999999999999);
ALTER TABLE procurement ADD COLUMN small_fen INTEGER NOT NULL DEFAULT 0
    CHECK (small_fen BETWEEN 0 AND 99999999999999);
"#,
    // 7: what the file's last write by this program left in SQLite's file change counter
    // (the header's offset 24, which every writing transaction moves on by one). A file
    // whose counter still says so has been written by nothing else since: its rules were
    // held by SQLite on every write, and opening it need not verify them again.
    r#"
CREATE TABLE proven (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    change_counter INTEGER NOT NULL
);
"#,
    // 8: the roster (人员) and the standards (测算标准) that compute lines from it; a unit's
    // posts (编制数) and the function its wages are booked on; a line's rule and its
    // adjustment by hand. No identity number (证件号码) has a column.
    r#"
CREATE TABLE rule (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
    way TEXT NOT NULL CHECK (way IN ('按人月', '按比例', '按人定额', '按车定额', '按单位定额')),
    base TEXT NOT NULL DEFAULT '',
    rate TEXT NOT NULL DEFAULT '0',
    categories TEXT NOT NULL DEFAULT '',
    identities TEXT NOT NULL DEFAULT '',
    econ TEXT NOT NULL CHECK (length(econ) = 5 AND econ NOT GLOB '*[^0-9]*'),
    func TEXT NOT NULL CHECK (func = '' OR (length(func) = 7 AND func NOT GLOB '*[^0-9]*')),
    func_institution TEXT NOT NULL CHECK (func_institution = '' OR
        (length(func_institution) = 7 AND func_institution NOT GLOB '*[^0-9]*')),
    cost_class TEXT CHECK (cost_class IS NULL OR cost_class IN ('人员经费', '公用经费')),
    seq INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE person (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
    category TEXT NOT NULL CHECK (category IN ('在职', '编外聘用', '离休', '退休', '遗属')),
    identity TEXT CHECK (identity IS NULL OR identity IN ('行政', '参公', '事业')),
    name TEXT NOT NULL DEFAULT '',
    count INTEGER NOT NULL CHECK (count BETWEEN 0 AND 1000000),
    months INTEGER NOT NULL CHECK (months BETWEEN 0 AND 1000000),
    base_pay_fen INTEGER NOT NULL CHECK (base_pay_fen BETWEEN 0 AND 99999999999999),
    allowance_fen INTEGER NOT NULL CHECK (allowance_fen BETWEEN 0 AND 99999999999999),
    performance_fen INTEGER NOT NULL CHECK (performance_fen BETWEEN 0 AND 99999999999999),
    pension_fen INTEGER NOT NULL CHECK (pension_fen BETWEEN 0 AND 99999999999999),
    living_fen INTEGER NOT NULL CHECK (living_fen BETWEEN 0 AND 99999999999999),
    bonus_fen INTEGER CHECK (bonus_fen IS NULL OR bonus_fen BETWEEN 0 AND 99999999999999),
    base_pension_fen INTEGER CHECK (base_pension_fen IS NULL OR base_pension_fen BETWEEN 0 AND 99999999999999),
    base_medical_fen INTEGER CHECK (base_medical_fen IS NULL OR base_medical_fen BETWEEN 0 AND 99999999999999),
    base_housing_fen INTEGER CHECK (base_housing_fen IS NULL OR base_housing_fen BETWEEN 0 AND 99999999999999)
);
CREATE INDEX person_unit ON person(unit_id);
ALTER TABLE unit ADD COLUMN posts_admin INTEGER NOT NULL DEFAULT 0 CHECK (posts_admin BETWEEN 0 AND 1000000);
ALTER TABLE unit ADD COLUMN posts_institution INTEGER NOT NULL DEFAULT 0 CHECK (posts_institution BETWEEN 0 AND 1000000);
ALTER TABLE unit ADD COLUMN main_func TEXT NOT NULL DEFAULT '' CHECK (main_func = '' OR
    (length(main_func) = 7 AND main_func NOT GLOB '*[^0-9]*'));
ALTER TABLE line ADD COLUMN rule TEXT NOT NULL DEFAULT '';
ALTER TABLE line ADD COLUMN adjust_fen INTEGER NOT NULL DEFAULT 0
    CHECK (adjust_fen BETWEEN -99999999999999 AND 99999999999999);
"#,
];

/// The version this program writes.
pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

/// The tables a budget file holds at the current version: anything else in a file (a
/// trigger, a view, another table) does not belong there.
pub const EXPECTED_TABLES: &[&str] = &[
    "asset",
    "catalog_entry",
    "catalog_mapping",
    "department",
    "income",
    "indicator",
    "layout",
    "line",
    "person",
    "prior_function",
    "prior_item",
    "procurement",
    "project",
    "proven",
    "reason",
    "remark",
    "rule",
    "unit",
];
