//! 项目: the projects with their forms and performance indicators, and 整体绩效 (the
//! department's own target).

use super::{Command, Notice, SheetStates, draft_field};
use crate::app::document::Document;
use crate::engine::edit::Edit;
use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::money::{Money, parse_yuan};
use crate::engine::records::Kind;
use crate::engine::records::place::Sheet;
use egui::{Color32, RichText};

pub(super) fn show(
    ui: &mut egui::Ui,
    doc: &Document,
    st: &mut SheetStates,
    out: &mut Vec<Command>,
) {
    let b = doc.budget();
    let ro = doc.is_read_only();
    if let Some(max) = st.select_new_project_after
        && let Some(p) = b.projects.iter().find(|p| p.id > max)
    {
        st.project = Some(p.id);
        st.select_new_project_after = None;
        st.drafts.clear();
    }
    if st.project.is_none_or(|p| b.project(p).is_none()) {
        st.project = b.projects.first().map(|p| p.id);
    }
    egui::Panel::left("project_list")
        .resizable(true)
        .default_size(240.0)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(!ro && !b.units.is_empty(), egui::Button::new("新增项目"))
                    .clicked()
                {
                    let mut n = b.projects.len() + 1;
                    while b.project_by_name(&format!("新项目{n}")).is_some() {
                        n += 1;
                    }
                    out.push(Command::Apply(
                        Edit::put(Project {
                            name: format!("新项目{n}"),
                            unit_id: b.units[0].id,
                            competent_dept: b.department.name.clone(),
                            ..Project::blank()
                        }),
                        None,
                    ));
                    st.select_new_project_after =
                        Some(b.projects.iter().map(|p| p.id).max().unwrap_or(0));
                }
                if let Some(p) = st.project
                    && ui.add_enabled(!ro, egui::Button::new("删除项目")).clicked()
                {
                    out.push(Command::Apply(Edit::delete::<Project>(p), None));
                }
            });
            ui.separator();
            for p in &b.projects {
                let lines: Money = b
                    .lines
                    .iter()
                    .filter(|l| l.project_id == Some(p.id))
                    .map(|l| l.amount)
                    .sum();
                let ok = lines == p.budget;
                let text = RichText::new(format!(
                    "{}\n{}  {}",
                    p.name,
                    p.kind.label(),
                    p.budget.grouped()
                ));
                let text = if ok {
                    text
                } else {
                    text.color(Color32::from_rgb(200, 40, 40))
                };
                if ui
                    .selectable_label(st.project == Some(p.id), text)
                    .clicked()
                {
                    st.project = Some(p.id);
                    st.drafts.clear();
                }
            }
        });
    let Some(p) = st.project.and_then(|id| b.project(id)) else {
        ui.label("还没有项目。点击“新增项目”。");
        return;
    };
    egui::ScrollArea::vertical()
        .id_salt("project_form")
        .show(ui, |ui| {
            ui.set_max_width(ui.available_width());
            let mut new = p.clone();
            let mut changed = false;
            let key = |k: &str| format!("p{}-{k}", p.id);
            egui::Grid::new("project_form_grid")
                .num_columns(2)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    for (k, label, cur) in [
                        ("name", "项目名称", p.name.clone()),
                        ("code", "项目编码", p.code.clone()),
                        ("competent", "业务主管部门", p.competent_dept.clone()),
                    ] {
                        if let Some(v) =
                            draft_field(ui, &mut st.drafts, &key(k), label, &cur, false, ro)
                        {
                            changed = true;
                            match k {
                                "name" => new.name = v.trim().to_string(),
                                "code" => new.code = v.trim().to_string(),
                                _ => new.competent_dept = v.trim().to_string(),
                            }
                        }
                        ui.end_row();
                    }
                    let l = ui.label("单位");
                    ui.add_enabled_ui(!ro, |ui| {
                        // As wide as the form leaves (the unit's full name cut with “…”),
                        // so that the form never runs under the side panel.
                        egui::ComboBox::from_id_salt("project_unit")
                            .width((ui.available_width() - 24.0).clamp(120.0, 320.0))
                            .truncate()
                            .selected_text(
                                b.unit(p.unit_id)
                                    .map(|u| format!("{} {}", u.short_label(), u.name))
                                    .unwrap_or_default(),
                            )
                            .show_ui(ui, |ui| {
                                for u in &b.units {
                                    if ui
                                        .selectable_label(
                                            u.id == p.unit_id,
                                            format!("{} {}", u.short_label(), u.name),
                                        )
                                        .clicked()
                                        && u.id != p.unit_id
                                    {
                                        new.unit_id = u.id;
                                        changed = true;
                                    }
                                }
                            })
                            .response
                            .labelled_by(l.id);
                    });
                    ui.end_row();
                    ui.label("项目类别");
                    ui.add_enabled_ui(!ro, |ui| {
                        ui.horizontal(|ui| {
                            for k in ProjectKind::ALL {
                                if ui
                                    .radio(p.kind == *k, format!("{}项目", k.label()))
                                    .clicked()
                                    && p.kind != *k
                                {
                                    new.kind = *k;
                                    changed = true;
                                }
                            }
                        });
                    });
                    ui.end_row();
                    for (k, label, cur) in [
                        ("budget", "当年预算", p.budget),
                        ("district", "区级支出", p.district),
                        ("township", "补助镇街", p.township),
                    ] {
                        if let Some(v) = draft_field(
                            ui,
                            &mut st.drafts,
                            &key(k),
                            label,
                            &cur.grouped(),
                            false,
                            ro,
                        ) {
                            let m = if v.trim().is_empty() {
                                Ok(Money::ZERO)
                            } else {
                                parse_yuan(&v)
                            };
                            match m {
                                Ok(m) => {
                                    changed = true;
                                    match k {
                                        "budget" => new.budget = m,
                                        "district" => new.district = m,
                                        _ => new.township = m,
                                    }
                                }
                                Err(e) => out.push(Command::Notify(Notice::error(format!(
                                    "{label}：{e}，未保存"
                                )))),
                            }
                        }
                        ui.end_row();
                    }
                });
            let lines: Money = b
                .lines
                .iter()
                .filter(|l| l.project_id == Some(p.id))
                .map(|l| l.amount)
                .sum();
            let msg = format!(
                "支出明细合计 {}；当年预算 {}；区级 + 补助镇街 = {}",
                lines.grouped(),
                p.budget.grouped(),
                (p.district + p.township).grouped()
            );
            let ok = lines == p.budget && p.district + p.township == p.budget;
            // Each figure whole: the sentence wraps between its parts, never inside one.
            ui.horizontal_wrapped(|ui| {
                for part in msg.split('；') {
                    let t = RichText::new(part);
                    ui.add(
                        egui::Label::new(if ok {
                            t
                        } else {
                            t.color(Color32::from_rgb(200, 40, 40))
                        })
                        .extend(),
                    );
                }
            });
            for (k, label, cur) in [
                ("overview", "项目概况", p.overview.clone()),
                ("basis", "立项依据", p.basis.clone()),
                ("goal", "当年绩效目标", p.goal.clone()),
            ] {
                if let Some(v) = draft_field(ui, &mut st.drafts, &key(k), label, &cur, true, ro) {
                    changed = true;
                    match k {
                        "overview" => new.overview = v,
                        "basis" => new.basis = v,
                        _ => new.goal = v,
                    }
                }
            }
            if changed {
                out.push(Command::Apply(Edit::put(new), None));
            }
            ui.add_space(6.0);
            super::indicators::grid(ui, doc, st, Sheet::Projects, Some(p.id), out);
        });
}

// ---- 整体绩效 ---------------------------------------------------------------------------------

pub(super) fn department_target(
    ui: &mut egui::Ui,
    doc: &Document,
    st: &mut SheetStates,
    out: &mut Vec<Command>,
) {
    let b = doc.budget();
    ui.label(format!(
        "部门支出预算数 {}",
        doc.derived().spending_total.grouped()
    ));
    if let Some(v) = draft_field(
        ui,
        &mut st.drafts,
        "dept_goal",
        "当年整体绩效目标",
        &b.department.goal,
        true,
        doc.is_read_only(),
    ) {
        out.push(Command::Apply(
            Edit::put(Department {
                goal: v,
                ..b.department.clone()
            }),
            None,
        ));
    }
    ui.add_space(6.0);
    super::indicators::grid(ui, doc, st, Sheet::DepartmentTarget, None, out);
}
