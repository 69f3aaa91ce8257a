//! Drafts across versions: answers given to one version of a form, carried over to
//! another where the question is still the same, so that publishing a new version never
//! silently throws away what a citizen typed, nor keeps an answer to a changed question.

use crate::answers::{AnswerValue, Answers};
use crate::definition::{Field, FieldKind, FormDefinition};

/// Answers moved to the new version, and the ids (paths) of those not kept.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Migration {
    pub answers: Answers,
    /// Paths of dropped answers (`id`, `group.0.child`), in the old answers' order.
    pub dropped: Vec<String>,
}

/// Moves `answers` (given to `from`, if that version is known) to `to`. An answer is
/// kept when `to` has a field with the same id and type (and, where `from` is known, the
/// same type there too) and the value still fits: a choice's value must still be
/// offered, every item of a group is moved field by field.
pub fn migrate_answers(
    from: Option<&FormDefinition>,
    to: &FormDefinition,
    answers: &Answers,
) -> Migration {
    let old: Vec<&Field> = from.map(|d| d.top_fields().collect()).unwrap_or_default();
    let new: Vec<&Field> = to.top_fields().collect();
    let mut out = Migration::default();
    move_level(
        from.map(|_| old.as_slice()),
        &new,
        answers,
        "",
        &mut out.answers,
        &mut out.dropped,
    );
    out
}

fn move_level(
    old: Option<&[&Field]>,
    new: &[&Field],
    answers: &Answers,
    prefix: &str,
    out: &mut Answers,
    dropped: &mut Vec<String>,
) {
    for (id, value) in answers.iter() {
        let path = format!("{prefix}{id}");
        let target = new.iter().find(|f| f.id == id);
        let same_type = |t: &Field| {
            old.is_none_or(|old| {
                old.iter()
                    .find(|f| f.id == id)
                    .is_some_and(|f| f.kind.type_name() == t.kind.type_name())
            })
        };
        match target {
            Some(field) if same_type(field) => {
                if let Some(kept) = move_value(old, field, value, &path, dropped) {
                    out.set(id, kept);
                } else {
                    dropped.push(path);
                }
            }
            _ => dropped.push(path),
        }
    }
}

/// The value for `field` in the new version, or `None` if it no longer fits.
fn move_value(
    old: Option<&[&Field]>,
    field: &Field,
    value: &AnswerValue,
    path: &str,
    dropped: &mut Vec<String>,
) -> Option<AnswerValue> {
    let offered = |v: &String| field.kind.options().iter().any(|o| o.value == *v);
    match (&field.kind, value) {
        (FieldKind::Info(_), _) => None,
        (FieldKind::Choice(_), AnswerValue::Text(v)) => offered(v).then(|| value.clone()),
        (FieldKind::CodeList(list), AnswerValue::Text(v)) => {
            (list.options.is_empty() || offered(v)).then(|| value.clone())
        }
        (FieldKind::MultiChoice(_), AnswerValue::List(list)) => {
            list.iter().all(offered).then(|| value.clone())
        }
        (FieldKind::YesNo(_), AnswerValue::Bool(_)) => Some(value.clone()),
        (FieldKind::Address(_), AnswerValue::Map(_)) => Some(value.clone()),
        (FieldKind::File(_), AnswerValue::List(_) | AnswerValue::Items(_)) => Some(value.clone()),
        (FieldKind::Group(group), AnswerValue::Items(items)) => {
            let old_children: Option<Vec<&Field>> = old.map(|old| {
                old.iter()
                    .find(|f| f.id == field.id)
                    .map(|f| f.children().iter().collect())
                    .unwrap_or_default()
            });
            let new_children: Vec<&Field> = group.fields.iter().collect();
            let moved = items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let mut kept = Answers::new();
                    move_level(
                        old_children.as_deref(),
                        &new_children,
                        item,
                        &format!("{path}.{i}."),
                        &mut kept,
                        dropped,
                    );
                    kept
                })
                .collect();
            Some(AnswerValue::Items(moved))
        }
        (
            FieldKind::YesNo(_)
            | FieldKind::Choice(_)
            | FieldKind::CodeList(_)
            | FieldKind::MultiChoice(_)
            | FieldKind::Address(_)
            | FieldKind::File(_)
            | FieldKind::Group(_),
            _,
        ) => None,
        // Every other type takes text.
        (_, AnswerValue::Text(_)) => Some(value.clone()),
        _ => None,
    }
}
