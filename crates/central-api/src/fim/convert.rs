// SPDX-License-Identifier: EUPL-1.2
//! XDatenfelder 2.0 tree -> form definition.

use std::{
    collections::{BTreeSet, HashMap},
    path::Path,
    time::Instant,
};

use form_engine::field_types::{
    CodeListField, DateField, DateTimeField, DecimalField, FileField, GroupField, InfoField,
    IntegerField, MoneyField, MultiChoiceField, TextField, TextareaField, YesNoField,
};
use form_engine::{
    ChoiceOption, Field, FieldKind, FormDefinition, Lang, Section, Step, Text, pattern::Pattern,
};
use roxmltree::Node;

use super::{FimError, Import, Stats, Warning, XDF_NS, genericode::CodeList};

/// A plain `text` field longer than this becomes a `textarea`.
const TEXTAREA_FROM: u32 = 256;

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|c| {
        c.is_element() && c.tag_name().name() == name && c.tag_name().namespace() == Some(XDF_NS)
    })
}

fn children<'a, 'i>(node: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> + 'a
where
    'i: 'a,
{
    node.children().filter(move |c| {
        c.is_element() && c.tag_name().name() == name && c.tag_name().namespace() == Some(XDF_NS)
    })
}

fn text(node: Node, name: &str) -> String {
    child(node, name)
        .and_then(|n| n.text())
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// The `code` of a code-typed element (`<xdf:feldart><code>input</code></xdf:feldart>`).
fn code(node: Node, name: &str) -> String {
    child(node, name)
        .and_then(|n| {
            n.children()
                .find(|c| c.is_element() && c.tag_name().name() == "code")
        })
        .and_then(|n| n.text())
        .unwrap_or_default()
        .trim()
        .to_owned()
}

fn fim_id(node: Node) -> String {
    child(node, "identifikation")
        .map(|i| text(i, "id"))
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| format!("(element at byte {})", node.range().start))
}

fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// `anzahl`: `min:max`, max `*` for unbounded.
#[derive(Debug, Clone, Copy)]
struct Count {
    min: u32,
    max: Option<u32>,
}

impl Count {
    fn repeatable(self) -> bool {
        self.max != Some(1)
    }
}

struct Ctx<'a> {
    file: &'a Path,
    lists: &'a [CodeList],
    list_dir: &'a Path,
    used_lists: BTreeSet<String>,
    warnings: Vec<Warning>,
    field_ids: HashMap<String, u32>,
    container_ids: HashMap<String, u32>,
    field_map: Vec<(String, String)>,
    stats: Stats,
}

impl<'a> Ctx<'a> {
    fn warn(&mut self, element: &str, message: impl Into<String>) {
        self.warnings.push(Warning {
            element: element.to_owned(),
            message: message.into(),
        });
    }

    /// `base`, or `base_2`, `base_3`, … : the first not taken yet (the map counts tries).
    fn unique(map: &mut HashMap<String, u32>, base: String) -> String {
        Self::unique_with(map, base, '_')
    }

    fn unique_with(map: &mut HashMap<String, u32>, base: String, sep: char) -> String {
        let mut n = map.get(&base).copied().unwrap_or(0);
        loop {
            n += 1;
            let candidate = if n == 1 {
                base.clone()
            } else {
                format!("{base}{sep}{n}")
            };
            if !map.contains_key(&candidate) {
                map.insert(base.clone(), n);
                map.entry(candidate.clone()).or_insert(0);
                return candidate;
            }
        }
    }

    fn field_id(&mut self, fim: &str) -> String {
        let base = id_of(fim);
        Self::unique(&mut self.field_ids, base)
    }

    fn container_id(&mut self, base: &str) -> String {
        Self::unique_with(&mut self.container_ids, id_of(base).replace('_', "-"), '-')
    }

    fn count(&mut self, struktur: Node, element: &str) -> Count {
        let raw = text(struktur, "anzahl");
        let parsed = raw.split_once(':').and_then(|(min, max)| {
            let min = min.trim().parse::<u32>().ok()?;
            let max = match max.trim() {
                "*" => None,
                m => Some(m.parse::<u32>().ok()?),
            };
            (max.is_none_or(|max| max >= min.max(1))).then_some(Count { min, max })
        });
        parsed.unwrap_or_else(|| {
            self.warn(
                element,
                format!("unreadable `anzahl` `{raw}`; imported as 0:1"),
            );
            Count {
                min: 0,
                max: Some(1),
            }
        })
    }

    /// The rules of an element, as documentation text; each one is also a warning.
    fn rules(&mut self, node: Node, owner: &str) -> Vec<String> {
        let mut out = Vec::new();
        for rule in children(node, "regel") {
            let id = fim_id(rule);
            let name = text(rule, "name");
            let definition = text(rule, "definition");
            let script = text(rule, "script");
            let script_empty = script
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .trim_start_matches("functionscript(){")
                .trim_end_matches('}')
                .is_empty();
            self.stats.rules += 1;
            self.warn(
                &id,
                format!(
                    "rule \"{name}\" of {owner} not imported as logic ({}); kept as text in the description",
                    if script_empty { "its script is empty" } else { "scripts are not converted" }
                ),
            );
            let body = non_empty(definition).unwrap_or_else(|| text(rule, "beschreibung"));
            out.push(format!("Regel {id} ({name}): {body}"));
        }
        out
    }

    fn code_list(&mut self, field: Node, element: &str) -> Result<Option<&'a CodeList>, FimError> {
        let lists: &'a [CodeList] = self.lists;
        let Some(reference) = child(field, "codelisteReferenz") else {
            return Ok(None);
        };
        let ident = child(reference, "genericodeIdentification");
        let canonical = ident
            .map(|g| text(g, "canonicalIdentification"))
            .unwrap_or_default();
        let version = ident.map(|g| text(g, "version")).unwrap_or_default();
        let version_uri = ident
            .map(|g| text(g, "canonicalVersionUri"))
            .unwrap_or_default();
        let found = lists
            .iter()
            .find(|l| !version_uri.is_empty() && l.canonical_version_uri == version_uri)
            .or_else(|| {
                lists
                    .iter()
                    .find(|l| l.canonical_uri == canonical && l.version == version)
            });
        let found = match found {
            Some(list) => list,
            None => {
                let any_version = lists.iter().find(|l| l.canonical_uri == canonical);
                match any_version {
                    Some(list) if !canonical.is_empty() => {
                        self.warn(
                            element,
                            format!(
                                "code list {canonical} version {version} not found; used version {} ({})",
                                list.version,
                                list.file.display()
                            ),
                        );
                        list
                    }
                    _ => {
                        let uri = if version_uri.is_empty() {
                            format!("{canonical} {version}")
                        } else {
                            version_uri
                        };
                        return Err(FimError::MissingCodeList {
                            element: element.to_owned(),
                            uri: uri.trim().to_owned(),
                            dir: self.list_dir.to_path_buf(),
                            available: lists.len(),
                        });
                    }
                }
            }
        };
        self.used_lists.insert(found.canonical_version_uri.clone());
        Ok(Some(found))
    }

    /// One `datenfeld` (inside a `struktur` with `count`); `relaxed` inside optional groups.
    fn field(&mut self, node: Node, count: Count, relaxed: bool) -> Result<Field, FimError> {
        self.stats.fields += 1;
        let fim = fim_id(node);
        let id = self.field_id(&fim);
        self.field_map.push((fim.clone(), id.clone()));
        let label = non_empty(text(node, "bezeichnungEingabe"))
            .or_else(|| non_empty(text(node, "name")))
            .unwrap_or_else(|| fim.clone());
        let mut hint = non_empty(text(node, "hilfetextEingabe"));
        let rules = self.rules(node, &fim);
        if !rules.is_empty() {
            let joined = rules.join("\n");
            hint = Some(match hint {
                Some(h) => format!("{h}\n{joined}"),
                None => joined,
            });
        }
        let feldart = code(node, "feldart");
        let datentyp = code(node, "datentyp");
        let inhalt = text(node, "inhalt");
        let mut required = count.min >= 1 && !relaxed;

        let constraints = self.praezisierung(node, &fim);
        let kind = match feldart.as_str() {
            "label" => {
                required = false;
                let body = hint
                    .take()
                    .or_else(|| non_empty(inhalt.clone()))
                    .unwrap_or_else(|| label.clone());
                FieldKind::Info(InfoField {
                    text: Text::new(body),
                })
            }
            "select" => match self.code_list(node, &fim)? {
                Some(list) => {
                    let options: Vec<ChoiceOption> = list
                        .entries
                        .iter()
                        .map(|(code, name)| ChoiceOption {
                            value: code.clone(),
                            label: Text::new(name.clone()),
                            hint: None,
                        })
                        .collect();
                    constraints.unused(self, &fim, &[]);
                    if count.repeatable() {
                        self.warn(
                            &fim,
                            format!(
                                "select with anzahl {}:{} imported as multi_choice; the code list URN {} is not kept on the field",
                                count.min,
                                count.max.map_or("*".into(), |m| m.to_string()),
                                list.canonical_version_uri
                            ),
                        );
                        let min_items = (count.min > 1 && !relaxed).then_some(count.min);
                        return Ok(self.finish(
                            id,
                            label,
                            hint,
                            required,
                            FieldKind::MultiChoice(MultiChoiceField {
                                options,
                                min_items,
                                max_items: count.max,
                            }),
                            &inhalt,
                            &fim,
                        ));
                    }
                    FieldKind::CodeList(CodeListField {
                        list: list.canonical_version_uri.clone(),
                        options,
                    })
                }
                None => {
                    self.warn(
                        &fim,
                        "select without codelisteReferenz; imported as a text field",
                    );
                    self.input_kind(&datentyp, &constraints, &fim)
                }
            },
            other => {
                if other != "input" {
                    self.warn(
                        &fim,
                        format!("unknown feldart `{other}`; imported as input"),
                    );
                }
                if child(node, "codelisteReferenz").is_some() {
                    self.warn(&fim, "codelisteReferenz on an input field ignored");
                }
                self.input_kind(&datentyp, &constraints, &fim)
            }
        };

        if matches!(kind, FieldKind::Info { .. }) {
            return Ok(self.finish(id, label, hint, false, kind, &inhalt, &fim));
        }
        if let FieldKind::File { .. } = kind {
            let kind = FieldKind::File(FileField {
                accept: Vec::new(),
                max_size_mb: None,
                max_files: count.max,
            });
            if count.min > 1 && !relaxed {
                self.warn(
                    &fim,
                    format!(
                        "at least {} files required: only one is enforced",
                        count.min
                    ),
                );
            }
            return Ok(self.finish(id, label, hint, required, kind, &inhalt, &fim));
        }
        if count.repeatable() {
            // A repeatable single field: a group of one field.
            let inner = self.finish(id.clone(), label.clone(), hint, true, kind, &inhalt, &fim);
            let group_id = Self::unique(&mut self.field_ids, format!("{id}_liste"));
            return Ok(Field {
                id: group_id,
                label: Text::new(label.clone()),
                hint: None,
                placeholder: None,
                summary_label: None,
                required,
                required_when: None,
                visible_when: None,
                autocomplete: None,
                messages: Default::default(),
                kind: FieldKind::Group(GroupField {
                    fields: vec![inner],
                    min_items: (count.min > 0 && !relaxed).then_some(count.min),
                    max_items: count.max,
                    item_label: Some(Text::new(label)),
                }),
            });
        }
        Ok(self.finish(id, label, hint, required, kind, &inhalt, &fim))
    }

    #[allow(clippy::too_many_arguments)]
    fn finish(
        &mut self,
        id: String,
        label: String,
        hint: Option<String>,
        required: bool,
        kind: FieldKind,
        inhalt: &str,
        fim: &str,
    ) -> Field {
        if !inhalt.is_empty() {
            self.warn(
                fim,
                format!("default value (inhalt) `{inhalt}` not imported"),
            );
        }
        Field {
            id,
            label: Text::new(label),
            hint: hint.map(Text::new),
            placeholder: None,
            summary_label: None,
            required,
            required_when: None,
            visible_when: None,
            autocomplete: None,
            messages: Default::default(),
            kind,
        }
    }

    fn praezisierung(&mut self, node: Node, fim: &str) -> Constraints {
        let raw = text(node, "praezisierung");
        let mut c = Constraints::default();
        if raw.is_empty() {
            return c;
        }
        let map = match serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&raw) {
            Ok(map) => map,
            Err(e) => {
                self.warn(
                    fim,
                    format!("praezisierung is not a JSON object ({e}); ignored: {raw}"),
                );
                return c;
            }
        };
        for (key, value) in map {
            let value = match value {
                serde_json::Value::String(s) => s.trim().to_owned(),
                serde_json::Value::Number(n) => n.to_string(),
                other => {
                    self.warn(
                        fim,
                        format!("praezisierung `{key}`: unexpected value {other}; ignored"),
                    );
                    continue;
                }
            };
            if value.is_empty() {
                continue;
            }
            match key.as_str() {
                "minLength" | "maxLength" | "minValue" | "maxValue" | "pattern" => {
                    c.values.push((key, value));
                }
                _ => self.warn(
                    fim,
                    format!("praezisierung `{key}` = `{value}` not supported; ignored"),
                ),
            }
        }
        c
    }

    fn input_kind(&mut self, datentyp: &str, c: &Constraints, fim: &str) -> FieldKind {
        match datentyp {
            "text" | "" => {
                if datentyp.is_empty() {
                    self.warn(fim, "no datentyp; imported as text");
                }
                let min_length = c.u32(self, fim, "minLength");
                let max_length = c.u32(self, fim, "maxLength");
                let pattern = c.get("pattern").and_then(|p| match Pattern::new(p) {
                    Ok(p) => Some(p),
                    Err(e) => {
                        self.warn(
                            fim,
                            format!("pattern `{p}` not supported by the engine ({e}); ignored"),
                        );
                        None
                    }
                });
                c.unused(self, fim, &["minLength", "maxLength", "pattern"]);
                if pattern.is_none() && max_length.is_some_and(|m| m >= TEXTAREA_FROM) {
                    FieldKind::Textarea(TextareaField {
                        max_length,
                        min_length,
                        rows: None,
                    })
                } else {
                    FieldKind::Text(TextField {
                        max_length,
                        min_length,
                        pattern,
                    })
                }
            }
            "num_int" => {
                let min = c.i64(self, fim, "minValue");
                let max = c.i64(self, fim, "maxValue");
                c.unused(self, fim, &["minValue", "maxValue"]);
                FieldKind::Integer(IntegerField {
                    min,
                    max,
                    unit: None,
                })
            }
            "num" | "num_currency" => {
                let min = c.f64(self, fim, "minValue");
                let max = c.f64(self, fim, "maxValue");
                c.unused(self, fim, &["minValue", "maxValue"]);
                if datentyp == "num" {
                    FieldKind::Decimal(DecimalField {
                        min,
                        max,
                        max_decimals: None,
                        unit: None,
                    })
                } else {
                    FieldKind::Money(MoneyField { min, max })
                }
            }
            "date" => {
                let bound = |ctx: &mut Ctx, key: &str| {
                    c.get(key).and_then(|v| {
                        serde_json::from_value(serde_json::Value::String(v.to_owned()))
                            .map_err(|_| {
                                ctx.warn(
                                    fim,
                                    format!("praezisierung `{key}` = `{v}` is not a date; ignored"),
                                )
                            })
                            .ok()
                    })
                };
                let min = bound(self, "minValue");
                let max = bound(self, "maxValue");
                c.unused(self, fim, &["minValue", "maxValue"]);
                FieldKind::Date(DateField { min, max })
            }
            "datetime" => {
                // FIM writes limits with or without seconds; the engine keeps minutes.
                let bound = |ctx: &mut Ctx, key: &str| {
                    c.get(key).and_then(|v| {
                        let minutes = v.strip_suffix(":00").filter(|m| m.len() == 16).unwrap_or(v);
                        form_engine::DateTime::parse_iso(minutes).or_else(|| {
                            ctx.warn(
                                fim,
                                format!(
                                    "praezisierung `{key}` = `{v}` is not a date and time; ignored"
                                ),
                            );
                            None
                        })
                    })
                };
                let min = bound(self, "minValue");
                let max = bound(self, "maxValue");
                c.unused(self, fim, &["minValue", "maxValue"]);
                FieldKind::DateTime(DateTimeField { min, max })
            }
            "bool" => {
                c.unused(self, fim, &[]);
                FieldKind::YesNo(YesNoField {})
            }
            "file" => {
                c.unused(self, fim, &[]);
                FieldKind::File(FileField {
                    accept: Vec::new(),
                    max_size_mb: None,
                    max_files: None,
                })
            }
            other => {
                self.warn(
                    fim,
                    format!(
                        "datentyp `{other}` cannot be entered in the portal; imported as an info text"
                    ),
                );
                c.unused(self, fim, &[]);
                FieldKind::Info(InfoField {
                    text: Text::new(format!(
                        "Diese Angabe (Datentyp „{other}“) kann online nicht erfasst werden."
                    )),
                })
            }
        }
    }
}

#[derive(Debug, Default)]
struct Constraints {
    values: Vec<(String, String)>,
}

impl Constraints {
    fn get(&self, key: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
    fn unused(&self, ctx: &mut Ctx, fim: &str, used: &[&str]) {
        for (key, value) in &self.values {
            if !used.contains(&key.as_str()) {
                ctx.warn(fim, format!("praezisierung `{key}` = `{value}` does not apply to this field type; ignored"));
            }
        }
    }
    fn u32(&self, ctx: &mut Ctx, fim: &str, key: &str) -> Option<u32> {
        self.whole(ctx, fim, key)
    }
    fn i64(&self, ctx: &mut Ctx, fim: &str, key: &str) -> Option<i64> {
        self.whole(ctx, fim, key)
    }
    /// A whole-number constraint; anything else is reported and ignored.
    fn whole<T: std::str::FromStr>(&self, ctx: &mut Ctx, fim: &str, key: &str) -> Option<T> {
        let v = self.get(key)?;
        v.parse()
            .map_err(|_| {
                ctx.warn(
                    fim,
                    format!("praezisierung `{key}` = `{v}` is not a whole number; ignored"),
                )
            })
            .ok()
    }
    fn f64(&self, ctx: &mut Ctx, fim: &str, key: &str) -> Option<f64> {
        let v = self.get(key)?;
        v.replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .or_else(|| {
                ctx.warn(
                    fim,
                    format!("praezisierung `{key}` = `{v}` is not a number; ignored"),
                );
                None
            })
    }
}

/// Lower-case id usable as a field id (`F00000013` -> `f00000013`).
fn id_of(fim: &str) -> String {
    let mut id: String = fim
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if !id.starts_with(|c: char| c.is_ascii_alphabetic()) {
        id.insert(0, 'x');
    }
    id.truncate(56);
    id
}

/// What a group contributes to a step: sections in document order.
struct SectionBuilder {
    sections: Vec<Section>,
}

impl SectionBuilder {
    fn push(
        &mut self,
        ctx: &mut Ctx,
        base: &str,
        title: Option<String>,
        description: Option<String>,
        fields: Vec<Field>,
    ) {
        if fields.is_empty() {
            return;
        }
        ctx.stats.sections += 1;
        self.sections.push(Section {
            id: ctx.container_id(base),
            title: title.map(Text::new),
            description: description.map(Text::new),
            visible_when: None,
            fields,
        });
    }
}

fn join_description(parts: Vec<String>) -> Option<String> {
    let parts: Vec<String> = parts.into_iter().filter(|p| !p.is_empty()).collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

fn group_label(node: Node, fim: &str) -> String {
    non_empty(text(node, "bezeichnungEingabe"))
        .or_else(|| non_empty(text(node, "name")))
        .unwrap_or_else(|| fim.to_owned())
}

/// Whether a group holds a required field (at any depth, through required structures).
fn has_required(group: Node) -> bool {
    children(group, "struktur").any(|s| {
        let min_ok = text(s, "anzahl")
            .split(':')
            .next()
            .is_some_and(|m| m.trim() != "0");
        min_ok
            && child(s, "enthaelt").is_some_and(|e| {
                child(e, "datenfeld").is_some()
                    || child(e, "datenfeldgruppe").is_some_and(has_required)
            })
    })
}

impl Ctx<'_> {
    fn warn_relaxed(&mut self, group: Node, fim: &str, count: Count, relaxed: bool) -> bool {
        if count.min == 0 && !relaxed && has_required(group) {
            self.warn(
                fim,
                "optional group: its required fields are imported as optional (\"required if the group is filled\" cannot be expressed)",
            );
        }
        relaxed || count.min == 0
    }

    /// Fields of a group inside a repeatable group: nested plain groups are inlined.
    fn group_fields(
        &mut self,
        group: Node,
        relaxed: bool,
        out: &mut Vec<Field>,
        hints: &mut Vec<String>,
    ) -> Result<(), FimError> {
        for s in children(group, "struktur") {
            let Some(e) = child(s, "enthaelt") else {
                continue;
            };
            if let Some(f) = child(e, "datenfeld") {
                let count = self.count(s, &fim_id(f));
                out.push(self.field(f, count, relaxed)?);
            } else if let Some(g) = child(e, "datenfeldgruppe") {
                let gid = fim_id(g);
                let count = self.count(s, &gid);
                if count.repeatable() {
                    out.push(self.repeatable_group(g, &gid, count, relaxed)?);
                } else {
                    self.stats.groups += 1;
                    let relaxed = self.warn_relaxed(g, &gid, count, relaxed);
                    hints.extend(self.rules(g, &gid));
                    self.group_fields(g, relaxed, out, hints)?;
                }
            }
        }
        Ok(())
    }

    fn repeatable_group(
        &mut self,
        g: Node,
        gid: &str,
        count: Count,
        relaxed: bool,
    ) -> Result<Field, FimError> {
        self.stats.groups += 1;
        let label = group_label(g, gid);
        let id = Self::unique(&mut self.field_ids, id_of(gid));
        let mut hints = vec![text(g, "hilfetextEingabe")];
        hints.extend(self.rules(g, gid));
        let mut fields = Vec::new();
        self.group_fields(g, false, &mut fields, &mut hints)?;
        Ok(Field {
            id,
            label: Text::new(label.clone()),
            hint: join_description(hints).map(Text::new),
            placeholder: None,
            summary_label: None,
            required: count.min > 0 && !relaxed,
            required_when: None,
            visible_when: None,
            autocomplete: None,
            messages: Default::default(),
            kind: FieldKind::Group(GroupField {
                fields,
                min_items: (count.min > 0 && !relaxed).then_some(count.min),
                max_items: count.max,
                item_label: Some(Text::new(label)),
            }),
        })
    }

    /// A non-repeatable group inside a step: its own sections (and its subgroups').
    fn sections_of(
        &mut self,
        g: Node,
        gid: &str,
        title: Option<String>,
        description: Option<String>,
        relaxed: bool,
        out: &mut SectionBuilder,
    ) -> Result<(), FimError> {
        let mut current = Vec::new();
        let mut title = title;
        let mut description = description;
        let mut part = 0;
        for s in children(g, "struktur") {
            let Some(e) = child(s, "enthaelt") else {
                continue;
            };
            if let Some(f) = child(e, "datenfeld") {
                let count = self.count(s, &fim_id(f));
                current.push(self.field(f, count, relaxed)?);
            } else if let Some(sub) = child(e, "datenfeldgruppe") {
                let sid = fim_id(sub);
                let count = self.count(s, &sid);
                if count.repeatable() {
                    current.push(self.repeatable_group(sub, &sid, count, relaxed)?);
                    continue;
                }
                // Close what came before, keeping this group's documentation.
                if current.is_empty() && description.is_some() {
                    current.push(self.info(
                        gid,
                        title.clone(),
                        description.take().unwrap_or_default(),
                    ));
                }
                let base = if part == 0 {
                    gid.to_owned()
                } else {
                    format!("{gid}-{part}")
                };
                out.push(
                    self,
                    &base,
                    title.take(),
                    description.take(),
                    std::mem::take(&mut current),
                );
                part += 1;
                self.stats.groups += 1;
                let sub_relaxed = self.warn_relaxed(sub, &sid, count, relaxed);
                let mut docs = vec![text(sub, "hilfetextEingabe")];
                docs.extend(self.rules(sub, &sid));
                self.sections_of(
                    sub,
                    &sid,
                    Some(group_label(sub, &sid)),
                    join_description(docs),
                    sub_relaxed,
                    out,
                )?;
            }
        }
        if current.is_empty() && description.is_some() {
            current.push(self.info(gid, title.clone(), description.take().unwrap_or_default()));
        }
        let base = if part == 0 {
            gid.to_owned()
        } else {
            format!("{gid}-{part}")
        };
        out.push(self, &base, title, description, current);
        Ok(())
    }

    /// An info field carrying a group's documentation when the group has no own fields.
    fn info(&mut self, gid: &str, title: Option<String>, text: String) -> Field {
        let id = Self::unique(&mut self.field_ids, format!("{}_hinweis", id_of(gid)));
        Field::info(
            id,
            Text::new(title.unwrap_or_else(|| "Hinweis".to_owned())),
            Text::new(text),
        )
    }
}

/// Converts a Stammdatenschema (`xml`, read from `file`) with the given code lists.
/// `list_dir` only names the folder in errors; `id` overrides the definition id.
/// Refuses schemas whose groups nest deeper than [`super::MAX_GROUP_DEPTH`], before the
/// conversion (which follows groups recursively) starts. One pass in document order, the
/// depth of each node from its parent's: no recursion here either.
fn check_group_depth(doc: &roxmltree::Document, file: &Path) -> Result<(), FimError> {
    let mut depth: Vec<usize> = vec![0; doc.descendants().count() + 1];
    for node in doc.descendants() {
        let parent = node.parent().map_or(0, |p| depth[p.id().get_usize()]);
        let own =
            parent + usize::from(node.is_element() && node.tag_name().name() == "datenfeldgruppe");
        if own > super::MAX_GROUP_DEPTH {
            return Err(FimError::TooDeep {
                file: file.to_path_buf(),
                element: fim_id(node),
                depth: own,
            });
        }
        depth[node.id().get_usize()] = own;
    }
    Ok(())
}

pub fn convert(
    xml: &str,
    file: &Path,
    lists: &[CodeList],
    list_dir: &Path,
    id: Option<&str>,
) -> Result<Import, FimError> {
    let start = Instant::now();
    let doc = roxmltree::Document::parse(xml).map_err(|source| FimError::Xml {
        file: file.to_path_buf(),
        source,
    })?;
    check_group_depth(&doc, file)?;
    let root = doc.root_element();
    let ns = root.tag_name().namespace().unwrap_or("");
    if ns != XDF_NS {
        return Err(FimError::UnknownNamespace {
            file: file.to_path_buf(),
            root: root.tag_name().name().to_owned(),
            found: ns.to_owned(),
        });
    }
    let not_schema = |message: &str| FimError::NotASchema {
        file: file.to_path_buf(),
        message: message.to_owned(),
    };
    if !root
        .tag_name()
        .name()
        .starts_with("xdatenfelder.stammdatenschema")
    {
        return Err(not_schema(&format!(
            "root element is `{}`, expected `xdatenfelder.stammdatenschema.0102`",
            root.tag_name().name()
        )));
    }
    let schema = child(root, "stammdatenschema")
        .ok_or_else(|| not_schema("no `stammdatenschema` element"))?;
    let mut ctx = Ctx {
        file,
        lists,
        list_dir,
        used_lists: BTreeSet::new(),
        warnings: Vec::new(),
        field_ids: HashMap::new(),
        container_ids: HashMap::new(),
        field_map: Vec::new(),
        stats: Stats::default(),
    };
    let schema_id = fim_id(schema);
    let version = child(schema, "identifikation")
        .map(|i| text(i, "version"))
        .unwrap_or_default();
    let title = group_label(schema, &schema_id);
    let form_rules = ctx.rules(schema, &schema_id);
    let mut docs = vec![text(schema, "hilfetext")];
    docs.push(format!(
        "Importiert aus dem FIM-Stammdatenschema {schema_id} Version {version} ({}).",
        text(schema, "name")
    ));
    docs.extend(form_rules);

    let mut steps: Vec<Step> = Vec::new();
    // Top-level fields between groups are collected into one step.
    let mut loose: Vec<Field> = Vec::new();
    let mut loose_base = String::new();
    let flush = |ctx: &mut Ctx, steps: &mut Vec<Step>, loose: &mut Vec<Field>, base: &str| {
        if loose.is_empty() {
            return;
        }
        let title = if loose.len() == 1 {
            loose[0].label.get(Lang::De).to_owned()
        } else {
            "Weitere Angaben".to_owned()
        };
        ctx.stats.sections += 1;
        ctx.stats.steps += 1;
        let id = ctx.container_id(base);
        steps.push(Step {
            id: id.clone(),
            title: Text::new(title),
            description: None,
            visible_when: None,
            sections: vec![Section {
                id: format!("{id}-angaben"),
                title: None,
                description: None,
                visible_when: None,
                fields: std::mem::take(loose),
            }],
            rules: Vec::new(),
        });
    };
    for s in children(schema, "struktur") {
        let Some(e) = child(s, "enthaelt") else {
            ctx.warn("struktur", "struktur without enthaelt ignored");
            continue;
        };
        if let Some(f) = child(e, "datenfeld") {
            let fid = fim_id(f);
            let count = ctx.count(s, &fid);
            if loose.is_empty() {
                loose_base = fid.clone();
            }
            let field = ctx.field(f, count, false)?;
            loose.push(field);
        } else if let Some(g) = child(e, "datenfeldgruppe") {
            flush(&mut ctx, &mut steps, &mut loose, &loose_base);
            let gid = fim_id(g);
            let count = ctx.count(s, &gid);
            let label = group_label(g, &gid);
            let mut docs = vec![text(g, "hilfetextEingabe")];
            let mut out = SectionBuilder {
                sections: Vec::new(),
            };
            let step_id = ctx.container_id(&gid);
            if count.repeatable() {
                let field = ctx.repeatable_group(g, &gid, count, false)?;
                out.push(
                    &mut ctx,
                    &format!("{gid}-eintraege"),
                    None,
                    None,
                    vec![field],
                );
            } else {
                ctx.stats.groups += 1;
                let relaxed = ctx.warn_relaxed(g, &gid, count, false);
                docs.extend(ctx.rules(g, &gid));
                ctx.sections_of(g, &format!("{gid}-angaben"), None, None, relaxed, &mut out)?;
            }
            if out.sections.is_empty() {
                ctx.warn(&gid, "group without fields; no step made");
                continue;
            }
            ctx.stats.steps += 1;
            steps.push(Step {
                id: step_id,
                title: Text::new(label),
                description: join_description(docs).map(Text::new),
                visible_when: None,
                sections: out.sections,
                rules: Vec::new(),
            });
        } else {
            ctx.warn(
                "struktur",
                "struktur holding neither datenfeld nor datenfeldgruppe ignored",
            );
        }
    }
    flush(&mut ctx, &mut steps, &mut loose, &loose_base);
    if steps.is_empty() {
        return Err(not_schema("the schema has no data fields"));
    }
    let _ = ctx.file;
    let definition = FormDefinition {
        id: id.map(str::to_owned).unwrap_or_else(|| id_of(&schema_id)),
        version: version
            .split('.')
            .next()
            .and_then(|v| v.parse().ok())
            .filter(|v| *v >= 1)
            .unwrap_or(1),
        title: Text::new(title),
        description: join_description(docs).map(Text::new),
        languages: vec![Lang::De],
        steps,
        rules: Vec::new(),
        computed: Vec::new(),
    };
    let mut json = serde_json::to_string_pretty(&definition)
        .map_err(|e| FimError::Definition(e.to_string()))?;
    json.push('\n');
    // What we write must load: the engine is the judge.
    let definition =
        FormDefinition::from_json(&json).map_err(|e| FimError::Definition(e.to_string()))?;
    ctx.stats.code_lists = ctx.used_lists.len();
    let code_list_files = lists
        .iter()
        .filter(|l| ctx.used_lists.contains(&l.canonical_version_uri))
        .map(|l| (l.file.clone(), l.canonical_version_uri.clone()))
        .collect();
    Ok(Import {
        code_list_files,
        definition,
        json,
        warnings: ctx.warnings,
        stats: ctx.stats,
        field_map: ctx.field_map,
        elapsed: start.elapsed(),
    })
}
