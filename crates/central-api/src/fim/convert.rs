// SPDX-License-Identifier: EUPL-1.2
//! XDatenfelder 2.0 tree -> form definition.

use std::{
    collections::{BTreeSet, HashMap, HashSet},
    fmt,
    path::Path,
    time::Instant,
};

use form_engine::field_types::{
    CodeListField, DateField, DateTimeField, DecimalField, FileField, GroupField, InfoField,
    IntegerField, MoneyField, MultiChoiceField, TextField, TextareaField, YesNoField,
};
use form_engine::{
    ChoiceOption, Date, DateBound, Field, FieldKind, FormDefinition, Lang, Section, Step, Text,
    pattern::Pattern,
};
use roxmltree::Node;

use super::{
    Failure, FimError, Import, MAX_REQUIRED_ITEMS, Stats, Warning, XDF_NS, genericode::CodeList,
    inner_text,
};

/// A plain `text` field longer than this becomes a `textarea`.
const TEXTAREA_FROM: u32 = 256;

/// The names of a value range in `praezisierung`.
const VALUE: (&str, &str) = ("minValue", "maxValue");

/// Longest step, section or field id the engine accepts.
const MAX_ID_LEN: usize = 64;

/// The root element of an XDatenfelder 2.0 Stammdatenschema message.
const SCHEMA_ROOT: &str = "xdatenfelder.stammdatenschema.0102";

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
        .map(inner_text)
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
        .map(inner_text)
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

impl fmt::Display for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.max {
            Some(max) => write!(f, "{}:{max}", self.min),
            None => write!(f, "{}:*", self.min),
        }
    }
}

/// What a `struktur` holds.
enum Content<'a, 'i> {
    Field(Node<'a, 'i>),
    Group(Node<'a, 'i>),
}

/// Where the generated ids came from: FIM id by step or section id, and by field id (two
/// namespaces, as a loose field's step may share its field's id).
#[derive(Debug, Default)]
struct Origins {
    containers: HashMap<String, String>,
    fields: HashMap<String, String>,
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
    origins: Origins,
    /// Most files a file field may take: the server's default limit per application.
    max_files: u32,
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
            // Cut before the suffix, so that `_2`, `-10` … never push an id past the limit.
            let candidate = if n == 1 {
                fit(&base, "")
            } else {
                fit(&base, &format!("{sep}{n}"))
            };
            if !map.contains_key(&candidate) {
                map.insert(base.clone(), n);
                map.entry(candidate.clone()).or_insert(0);
                return candidate;
            }
        }
    }

    fn field_id(&mut self, fim: &str) -> String {
        self.field_id_from(id_of(fim), fim)
    }

    /// A unique field id from `base`, remembered as made from the FIM element `origin`.
    fn field_id_from(&mut self, base: String, origin: &str) -> String {
        let id = Self::unique(&mut self.field_ids, base);
        self.origins.fields.insert(id.clone(), origin.to_owned());
        id
    }

    /// A unique step or section id from `base`, made from the FIM element `origin`.
    fn container_id(&mut self, base: &str, origin: &str) -> String {
        let id = Self::unique_with(&mut self.container_ids, id_of(base).replace('_', "-"), '-');
        self.origins
            .containers
            .insert(id.clone(), origin.to_owned());
        id
    }

    /// The `struktur` children of a group or schema. One in another namespace would be
    /// lost without a word: it is reported.
    fn strukturen<'n, 'i>(&mut self, node: Node<'n, 'i>, owner: &str) -> Vec<Node<'n, 'i>> {
        for other in node.children().filter(|c| {
            c.is_element()
                && c.tag_name().name() == "struktur"
                && c.tag_name().namespace() != Some(XDF_NS)
        }) {
            self.warn(
                owner,
                format!(
                    "{} is not in the XDatenfelder namespace; ignored",
                    qualified(other)
                ),
            );
        }
        children(node, "struktur").collect()
    }

    /// What the `n`th (from 1) `struktur` of `owner` holds: its `datenfeld` or
    /// `datenfeldgruppe`. Whatever else is there, or missing, is reported naming `owner`.
    fn content<'n, 'i>(
        &mut self,
        s: Node<'n, 'i>,
        n: usize,
        owner: &str,
    ) -> Option<Content<'n, 'i>> {
        let Some(e) = child(s, "enthaelt") else {
            self.warn(owner, format!("struktur {n} has no enthaelt; ignored"));
            return None;
        };
        let mut found: Option<(Content, String)> = None;
        for c in e.children().filter(|c| c.is_element()) {
            let this = match (
                c.tag_name().namespace() == Some(XDF_NS),
                c.tag_name().name(),
            ) {
                (true, "datenfeld") => Content::Field(c),
                (true, "datenfeldgruppe") => Content::Group(c),
                _ => {
                    self.warn(
                        owner,
                        format!(
                            "struktur {n}: {} is neither an xdf:datenfeld nor an xdf:datenfeldgruppe (namespace {XDF_NS}); ignored",
                            qualified(c)
                        ),
                    );
                    continue;
                }
            };
            let name = format!("{} {}", c.tag_name().name(), fim_id(c));
            match &found {
                None => found = Some((this, name)),
                Some((_, first)) => self.warn(
                    owner,
                    format!(
                        "struktur {n} holds more than one element: {name} ignored, {first} imported"
                    ),
                ),
            }
        }
        if found.is_none() {
            self.warn(
                owner,
                format!("struktur {n} holding neither datenfeld nor datenfeldgruppe ignored"),
            );
        }
        found.map(|(content, _)| content)
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
    /// Reports the element's `regel`s to the designer: published schemas leave their
    /// scripts empty, and their texts are formal conditions over element ids (`Wenn das
    /// Feld F00002364 … = "wahr" …`) that no citizen should have to read; a designer
    /// writes them as the definition's conditions.
    fn rules(&mut self, node: Node, owner: &str) {
        for rule in children(node, "regel") {
            let id = fim_id(rule);
            let name = text(rule, "name");
            let script = text(rule, "script");
            let script_empty = script
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .trim_start_matches("functionscript(){")
                .trim_end_matches('}')
                .is_empty();
            self.stats.rules += 1;
            let body = non_empty(text(rule, "definition"))
                .or_else(|| non_empty(text(rule, "beschreibung")))
                .unwrap_or_default();
            self.warn(
                &id,
                format!(
                    "rule \"{name}\" of {owner} not imported ({}); write it as a condition: {}",
                    if script_empty {
                        "its script is empty"
                    } else {
                        "scripts are not converted"
                    },
                    crate::shorten::to_chars(body.trim(), 500)
                ),
            );
        }
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
        if found.entries.is_empty() {
            // The engine would take any code for a choice without options.
            return Err(FimError::EmptyCodeList {
                element: element.to_owned(),
                uri: found.canonical_version_uri.clone(),
                file: found.file.clone(),
            });
        }
        if self.used_lists.insert(found.canonical_version_uri.clone()) {
            self.first_use(found);
        }
        Ok(Some(found))
    }

    /// Reports, once per list, what its files say twice: a code in two rows, a list in
    /// two files.
    fn first_use(&mut self, list: &CodeList) {
        let file = list.file.display().to_string();
        for code in &list.duplicate_codes {
            self.warn(
                &file,
                format!("code `{code}` appears in more than one row; the first row is used"),
            );
        }
        let lists = self.lists;
        let same: Vec<String> = lists
            .iter()
            .filter(|l| l.canonical_version_uri == list.canonical_version_uri)
            .map(|l| l.file.display().to_string())
            .collect();
        if same.len() > 1 {
            self.warn(
                &list.canonical_version_uri,
                format!(
                    "code list in {} files ({}); {file} is used",
                    same.len(),
                    same.join(", ")
                ),
            );
        }
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
        self.rules(node, &fim);
        let feldart = code(node, "feldart");
        let datentyp = code(node, "datentyp");
        let inhalt = text(node, "inhalt");
        let mut required = count.min >= 1 && !relaxed;

        let constraints = self.praezisierung(node, &fim);
        let kind = match feldart.as_str() {
            "label" => {
                required = false;
                // A static text's words are its `inhalt`; the help text stays the hint.
                // Without an `inhalt` the help text, and then the label, is the text.
                let body = non_empty(inhalt.clone())
                    .or_else(|| hint.take())
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
                        let kind = self.multi_choice(&fim, list, options, count, relaxed);
                        return Ok(self.finish(id, label, hint, required, kind, &inhalt, &fim));
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
                    self.input_kind(&datentyp, &constraints, &fim, required)
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
                self.input_kind(&datentyp, &constraints, &fim, required)
            }
        };

        if matches!(kind, FieldKind::Info { .. }) {
            // Its `inhalt` is its text (above), not a default value.
            return Ok(self.finish(id, label, hint, false, kind, "", &fim));
        }
        if let FieldKind::File { .. } = kind {
            let kind = self.file_kind(&fim, count, relaxed);
            return Ok(self.finish(id, label, hint, required, kind, &inhalt, &fim));
        }
        if count.repeatable() {
            // A repeatable single field: a group of one field.
            let inner = self.finish(id.clone(), label.clone(), hint, true, kind, &inhalt, &fim);
            let group_id = self.field_id_from(format!("{id}_liste"), &fim);
            let min_items =
                self.required_items(&fim, (count.min > 0 && !relaxed).then_some(count.min));
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
                    min_items,
                    max_items: count.max,
                    item_label: Some(Text::new(label)),
                }),
            });
        }
        Ok(self.finish(id, label, hint, required, kind, &inhalt, &fim))
    }

    /// A select with `anzahl` above one: a multiple choice. A count the list cannot give
    /// (at least 3 of 2 entries) is lowered to what it can.
    fn multi_choice(
        &mut self,
        fim: &str,
        list: &CodeList,
        options: Vec<ChoiceOption>,
        count: Count,
        relaxed: bool,
    ) -> FieldKind {
        self.warn(
            fim,
            format!(
                "select with anzahl {count} imported as multi_choice; the code list URN {} is not kept on the field",
                list.canonical_version_uri
            ),
        );
        let available = u32::try_from(options.len()).unwrap_or(u32::MAX);
        let mut min_items = (count.min > 1 && !relaxed).then_some(count.min);
        if let Some(min) = min_items
            && min > available
        {
            self.warn(
                fim,
                format!(
                    "anzahl {count} asks for at least {min} choices, but code list {} has {available} entries; at least {available} required",
                    list.canonical_version_uri
                ),
            );
            min_items = Some(available);
        }
        FieldKind::MultiChoice(MultiChoiceField {
            options,
            min_items: self.required_items(fim, min_items),
            max_items: count.max,
        })
    }

    /// A file field: `anzahl`'s maximum is its `max_files`, within what the server takes.
    fn file_kind(&mut self, fim: &str, count: Count, relaxed: bool) -> FieldKind {
        let max_files = match count.max {
            Some(max) if max > self.max_files => {
                self.warn(
                    fim,
                    format!(
                        "anzahl {count}: a server with the default limits takes at most {} files per application; max_files set to {}",
                        self.max_files, self.max_files
                    ),
                );
                Some(self.max_files)
            }
            max => max,
        };
        if count.min > 1 && !relaxed {
            self.warn(
                fim,
                format!(
                    "at least {} files required: only one is enforced",
                    count.min
                ),
            );
        }
        FieldKind::File(FileField {
            accept: Vec::new(),
            max_size_mb: None,
            max_files,
        })
    }

    /// `min_items` within [`MAX_REQUIRED_ITEMS`]: a form requiring more entries could not
    /// be filled in.
    fn required_items(&mut self, fim: &str, min_items: Option<u32>) -> Option<u32> {
        match min_items {
            Some(min) if min > MAX_REQUIRED_ITEMS => {
                self.warn(
                    fim,
                    format!(
                        "at least {min} entries required; at most {MAX_REQUIRED_ITEMS} can be required, so min_items is {MAX_REQUIRED_ITEMS}"
                    ),
                );
                Some(MAX_REQUIRED_ITEMS)
            }
            other => other,
        }
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
        let members = match serde_json::from_str::<Members>(&raw) {
            Ok(Members(members)) => members,
            Err(e) => {
                self.warn(
                    fim,
                    format!("praezisierung is not a JSON object ({e}); ignored: {raw}"),
                );
                return c;
            }
        };
        let mut seen = HashSet::new();
        for (key, value) in members {
            if !seen.insert(key.clone()) {
                // As JSON parsers do, the last one counts; the schema is ambiguous, though.
                self.warn(
                    fim,
                    format!(
                        "praezisierung names `{key}` more than once; the last ({value}) is used"
                    ),
                );
                c.values.retain(|(k, _)| *k != key);
            }
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

    fn input_kind(
        &mut self,
        datentyp: &str,
        c: &Constraints,
        fim: &str,
        required: bool,
    ) -> FieldKind {
        match datentyp {
            "text" | "" => {
                if datentyp.is_empty() {
                    self.warn(fim, "no datentyp; imported as text");
                }
                let (min_length, max_length) = self.length_limits(c, fim, required);
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
                let (min, max) = self.ordered(fim, VALUE, min, max, |lo, hi| lo > hi);
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
                let (min, max) = self.ordered(fim, VALUE, min, max, |lo, hi| lo > hi);
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
                let (min, max) = self.ordered(fim, VALUE, min, max, date_after);
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
                let (min, max) = self.ordered(fim, VALUE, min, max, |lo, hi| lo > hi);
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

impl Ctx<'_> {
    /// `minLength` and `maxLength` of a text, without what no answer (or no submission)
    /// could satisfy: the engine accepts such limits, but nobody could fill the field in.
    fn length_limits(
        &mut self,
        c: &Constraints,
        fim: &str,
        required: bool,
    ) -> (Option<u32>, Option<u32>) {
        let mut min = c.u32(self, fim, "minLength");
        let mut max = c.u32(self, fim, "maxLength");
        if let Some(n) = min
            && n as usize > crate::MAX_BODY_BYTES
        {
            self.warn(
                fim,
                format!(
                    "praezisierung `minLength` = {n} is more than a submission can carry ({} bytes); ignored",
                    crate::MAX_BODY_BYTES
                ),
            );
            min = None;
        }
        if required && max == Some(0) {
            self.warn(
                fim,
                "praezisierung `maxLength` = 0 on a required field would leave nothing to enter; ignored",
            );
            max = None;
        }
        self.ordered(fim, ("minLength", "maxLength"), min, max, |lo, hi| lo > hi)
    }

    /// A minimum above its maximum (by `above`) is a pair no answer fits: both are
    /// dropped, naming the field (the engine would refuse the definition).
    fn ordered<T: fmt::Display>(
        &mut self,
        fim: &str,
        (min_name, max_name): (&str, &str),
        min: Option<T>,
        max: Option<T>,
        above: impl Fn(&T, &T) -> bool,
    ) -> (Option<T>, Option<T>) {
        match (min, max) {
            (Some(lo), Some(hi)) if above(&lo, &hi) => {
                self.warn(
                    fim,
                    format!(
                        "praezisierung `{min_name}` = {lo} is above `{max_name}` = {hi}: no answer fits; both ignored"
                    ),
                );
                (None, None)
            }
            pair => pair,
        }
    }
}

/// Whether date limit `lo` lies after `hi`, compared as the engine does: on a fixed day,
/// and only when both are fixed dates or both relative to today.
fn date_after(lo: &DateBound, hi: &DateBound) -> bool {
    let fixed = |b: &DateBound| matches!(b, DateBound::Fixed(_));
    fixed(lo) == fixed(hi)
        && Date::new(2000, 3, 1).is_some_and(|day| lo.resolve(day) > hi.resolve(day))
}

/// A JSON object's members in order, a repeated key each time (a `Map` keeps the last
/// silently).
struct Members(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for Members {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Members;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Members, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry()? {
                    members.push(member);
                }
                Ok(Members(members))
            }
        }
        d.deserialize_map(Visitor)
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
        self.whole(ctx, fim, key, (u32::MIN.into(), u32::MAX.into()))
    }
    fn i64(&self, ctx: &mut Ctx, fim: &str, key: &str) -> Option<i64> {
        self.whole(ctx, fim, key, (i64::MIN.into(), i64::MAX.into()))
    }
    /// A whole-number constraint within `range`; anything else is reported (a number out
    /// of range as such) and ignored.
    fn whole<T: std::str::FromStr>(
        &self,
        ctx: &mut Ctx,
        fim: &str,
        key: &str,
        range: (i128, i128),
    ) -> Option<T> {
        let v = self.get(key)?;
        v.parse()
            .map_err(|_| {
                let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
                let why = if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                    format!("is out of range (from {} to {})", range.0, range.1)
                } else {
                    "is not a whole number".to_owned()
                };
                ctx.warn(fim, format!("praezisierung `{key}` = `{v}` {why}; ignored"))
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

/// `base` cut so that with `suffix` it stays within the engine's id length ([`MAX_ID_LEN`]).
fn fit(base: &str, suffix: &str) -> String {
    let mut keep = MAX_ID_LEN.saturating_sub(suffix.len()).min(base.len());
    // Ids are ASCII (see `id_of`); a character boundary all the same.
    while !base.is_char_boundary(keep) {
        keep -= 1;
    }
    format!("{}{suffix}", &base[..keep])
}

/// An element's qualified name for messages: `{namespace}name`, or `name`.
fn qualified(node: Node) -> String {
    match node.tag_name().namespace() {
        Some(ns) => format!("element `{{{ns}}}{}`", node.tag_name().name()),
        None => format!("element `{}` (no namespace)", node.tag_name().name()),
    }
}

/// What a group contributes to a step: sections in document order.
struct SectionBuilder {
    sections: Vec<Section>,
}

impl SectionBuilder {
    fn push(
        &mut self,
        ctx: &mut Ctx,
        (base, origin): (&str, &str),
        title: Option<String>,
        description: Option<String>,
        fields: Vec<Field>,
    ) {
        if fields.is_empty() {
            return;
        }
        ctx.stats.sections += 1;
        self.sections.push(Section {
            id: ctx.container_id(base, origin),
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
    ) -> Result<(), FimError> {
        let owner = fim_id(group);
        for (n, s) in self.strukturen(group, &owner).into_iter().enumerate() {
            match self.content(s, n + 1, &owner) {
                Some(Content::Field(f)) => {
                    let count = self.count(s, &fim_id(f));
                    out.push(self.field(f, count, relaxed)?);
                }
                Some(Content::Group(g)) => {
                    let gid = fim_id(g);
                    let count = self.count(s, &gid);
                    if count.repeatable() {
                        out.extend(self.repeatable_group(g, &gid, count, relaxed)?);
                    } else {
                        self.stats.groups += 1;
                        let relaxed = self.warn_relaxed(g, &gid, count, relaxed);
                        self.rules(g, &gid);
                        self.group_fields(g, relaxed, out)?;
                    }
                }
                None => {}
            }
        }
        Ok(())
    }

    /// A repeatable group as a `group` field; `None` (reported) when it has no fields, as
    /// the engine refuses a group without fields.
    fn repeatable_group(
        &mut self,
        g: Node,
        gid: &str,
        count: Count,
        relaxed: bool,
    ) -> Result<Option<Field>, FimError> {
        self.stats.groups += 1;
        let label = group_label(g, gid);
        let id = self.field_id_from(id_of(gid), gid);
        let hints = vec![text(g, "hilfetextEingabe")];
        self.rules(g, gid);
        let mut fields = Vec::new();
        self.group_fields(g, false, &mut fields)?;
        if fields.is_empty() {
            self.warn(
                gid,
                format!("repeatable group (anzahl {count}) without fields; skipped"),
            );
            return Ok(None);
        }
        let min_items = self.required_items(gid, (count.min > 0 && !relaxed).then_some(count.min));
        Ok(Some(Field {
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
                min_items,
                max_items: count.max,
                item_label: Some(Text::new(label)),
            }),
        }))
    }

    /// A non-repeatable group `g` inside a step: its own sections (and its subgroups'),
    /// with ids from `base`.
    fn sections_of(
        &mut self,
        g: Node,
        base: &str,
        title: Option<String>,
        description: Option<String>,
        relaxed: bool,
        out: &mut SectionBuilder,
    ) -> Result<(), FimError> {
        let owner = fim_id(g);
        let mut current = Vec::new();
        let mut title = title;
        let mut description = description;
        let mut part = 0;
        let part_base = |part: usize| {
            if part == 0 {
                base.to_owned()
            } else {
                format!("{base}-{part}")
            }
        };
        for (n, s) in self.strukturen(g, &owner).into_iter().enumerate() {
            let sub = match self.content(s, n + 1, &owner) {
                Some(Content::Field(f)) => {
                    let count = self.count(s, &fim_id(f));
                    current.push(self.field(f, count, relaxed)?);
                    continue;
                }
                Some(Content::Group(sub)) => sub,
                None => continue,
            };
            let sid = fim_id(sub);
            let count = self.count(s, &sid);
            if count.repeatable() {
                current.extend(self.repeatable_group(sub, &sid, count, relaxed)?);
                continue;
            }
            // Close what came before, keeping this group's documentation.
            self.close_section(
                out,
                (base, &part_base(part), &owner),
                title.take(),
                description.take(),
                std::mem::take(&mut current),
            );
            part += 1;
            self.stats.groups += 1;
            let sub_relaxed = self.warn_relaxed(sub, &sid, count, relaxed);
            let docs = vec![text(sub, "hilfetextEingabe")];
            self.rules(sub, &sid);
            let before = out.sections.len();
            self.sections_of(
                sub,
                &sid,
                Some(group_label(sub, &sid)),
                join_description(docs),
                sub_relaxed,
                out,
            )?;
            if out.sections.len() == before {
                self.warn(&sid, "group without fields; no section made");
            }
        }
        self.close_section(
            out,
            (base, &part_base(part), &owner),
            title,
            description,
            current,
        );
        Ok(())
    }

    /// Adds the section being built (`fields`, made from group `owner`, its id from
    /// `section_base`) to `out`; a section without fields of its own but with the
    /// group's documentation gets it as an info field (its id from `base`).
    fn close_section(
        &mut self,
        out: &mut SectionBuilder,
        (base, section_base, owner): (&str, &str, &str),
        title: Option<String>,
        mut description: Option<String>,
        mut fields: Vec<Field>,
    ) {
        if fields.is_empty()
            && let Some(text) = description.take()
        {
            fields.push(self.info(base, owner, title.clone(), text));
        }
        out.push(self, (section_base, owner), title, description, fields);
    }

    /// An info field carrying a group's documentation when the group has no own fields.
    fn info(&mut self, base: &str, origin: &str, title: Option<String>, text: String) -> Field {
        let id = self.field_id_from(format!("{}_hinweis", id_of(base)), origin);
        Field::info(
            id,
            Text::new(title.unwrap_or_else(|| "Hinweis".to_owned())),
            Text::new(text),
        )
    }
}

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

/// The `stammdatenschema` element of an XDatenfelder 2.0 message.
fn schema_element<'a, 'i>(
    doc: &'a roxmltree::Document<'i>,
    file: &Path,
) -> Result<Node<'a, 'i>, FimError> {
    let root = doc.root_element();
    let ns = root.tag_name().namespace().unwrap_or("");
    if ns != XDF_NS {
        return Err(FimError::UnknownNamespace {
            file: file.to_path_buf(),
            root: root.tag_name().name().to_owned(),
            found: ns.to_owned(),
        });
    }
    let not_schema = |message: String| FimError::NotASchema {
        file: file.to_path_buf(),
        message,
    };
    // Exactly: other messages of the namespace (`…stammdatenschema.0103`, if ever
    // published) may differ in meaning.
    if root.tag_name().name() != SCHEMA_ROOT {
        return Err(not_schema(format!(
            "root element is `{}`, expected `{SCHEMA_ROOT}`",
            root.tag_name().name()
        )));
    }
    child(root, "stammdatenschema")
        .ok_or_else(|| not_schema("no `stammdatenschema` element".into()))
}

/// The definition version of a FIM version `major.minor` (or `major`): major × 1000 +
/// minor, so that 1.0 (1000) and 1.1 (1001) stay apart, as a served version never changes.
/// `None` for anything else, or 0.0, or beyond `u32`, or a part with a leading zero:
/// `1.01` reads as 1.1 to some and as a version before 1.1 to others, and would be served
/// as the same version as 1.1 (as `01.1` would).
fn definition_version(version: &str) -> Option<u32> {
    let (major, minor) = version.split_once('.').unwrap_or((version, "0"));
    if [major, minor]
        .iter()
        .any(|part| part.len() > 1 && part.starts_with('0'))
    {
        return None;
    }
    let number = |s: &str| {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (major, minor) = (number(major)?, number(minor)?);
    if minor >= 1000 {
        return None;
    }
    major
        .checked_mul(1000)?
        .checked_add(minor)
        .filter(|v| *v >= 1)
}

/// Converts a Stammdatenschema (`xml`, read from `file`) with the given code lists.
/// `list_dir` only names the folder in errors; `id` overrides the definition id. A
/// failure carries the warnings collected until then.
pub fn convert(
    xml: &str,
    file: &Path,
    lists: &[CodeList],
    list_dir: &Path,
    id: Option<&str>,
) -> Result<Import, Failure> {
    let start = Instant::now();
    let doc = roxmltree::Document::parse(xml).map_err(|source| FimError::Xml {
        file: file.to_path_buf(),
        source,
    })?;
    check_group_depth(&doc, file)?;
    let schema = schema_element(&doc, file)?;
    let mut ctx = Ctx {
        file,
        lists,
        list_dir,
        used_lists: BTreeSet::new(),
        warnings: Vec::new(),
        field_ids: HashMap::new(),
        container_ids: HashMap::new(),
        field_map: Vec::new(),
        origins: Origins::default(),
        max_files: u32::try_from(crate::limits::Limits::default().max_attachments)
            .unwrap_or(u32::MAX),
        stats: Stats::default(),
    };
    let (definition, json) = match ctx.definition(schema, id) {
        Ok(built) => built,
        Err(error) => {
            return Err(Failure {
                error,
                warnings: ctx.warnings,
            });
        }
    };
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

impl Ctx<'_> {
    /// The definition of `schema`, and its JSON, checked by the engine.
    fn definition(
        &mut self,
        schema: Node,
        id: Option<&str>,
    ) -> Result<(FormDefinition, String), FimError> {
        let own_id = child(schema, "identifikation")
            .map(|i| text(i, "id"))
            .filter(|id| !id.is_empty());
        let schema_id = fim_id(schema);
        let id = match (id, &own_id) {
            (Some(id), _) => id.to_owned(),
            (None, Some(own)) => id_of(own),
            (None, None) => {
                return Err(FimError::NotASchema {
                    file: self.file.to_path_buf(),
                    message: "the stammdatenschema has no id (identifikation/id), so the definition has none; give one with --id".into(),
                });
            }
        };
        if own_id.is_none() {
            self.warn(
                &schema_id,
                "the stammdatenschema has no id (identifikation/id)",
            );
        }
        let version = child(schema, "identifikation")
            .map(|i| text(i, "version"))
            .unwrap_or_default();
        let number = definition_version(&version).ok_or_else(|| FimError::Version {
            file: self.file.to_path_buf(),
            schema: schema_id.clone(),
            version: version.clone(),
        })?;
        let title = group_label(schema, &schema_id);
        self.rules(schema, &schema_id);
        let mut docs = vec![text(schema, "hilfetext")];
        docs.push(format!(
            "Importiert aus dem FIM-Stammdatenschema {schema_id} Version {version} ({}).",
            text(schema, "name")
        ));
        let steps = self.steps(schema, &schema_id)?;
        if steps.is_empty() {
            return Err(FimError::NotASchema {
                file: self.file.to_path_buf(),
                message: "the schema has no data fields".into(),
            });
        }
        let definition = FormDefinition {
            id,
            version: number,
            title: Text::new(title),
            description: join_description(docs).map(Text::new),
            languages: vec![Lang::De],
            steps,
            rules: Vec::new(),
            computed: Vec::new(),
        };
        load_checked(&definition, &self.origins)
    }

    /// The steps: one per top-level group, and one for each run of top-level fields.
    fn steps(&mut self, schema: Node, schema_id: &str) -> Result<Vec<Step>, FimError> {
        let mut steps = TopLevel::default();
        for (n, s) in self.strukturen(schema, schema_id).into_iter().enumerate() {
            match self.content(s, n + 1, schema_id) {
                Some(Content::Field(f)) => {
                    let fid = fim_id(f);
                    let count = self.count(s, &fid);
                    if steps.loose.is_empty() {
                        steps.loose_base = fid.clone();
                    }
                    let field = self.field(f, count, false)?;
                    steps.loose.push(field);
                }
                Some(Content::Group(g)) => {
                    steps.flush(self);
                    if let Some(step) = self.group_step(s, g)? {
                        steps.steps.push(step);
                    }
                }
                None => {}
            }
        }
        steps.flush(self);
        Ok(steps.steps)
    }

    /// The step of top-level group `g` (in `struktur` `s`); `None` (reported) when it
    /// has no fields.
    fn group_step(&mut self, s: Node, g: Node) -> Result<Option<Step>, FimError> {
        let gid = fim_id(g);
        let count = self.count(s, &gid);
        let label = group_label(g, &gid);
        let docs = vec![text(g, "hilfetextEingabe")];
        let mut out = SectionBuilder {
            sections: Vec::new(),
        };
        let step_id = self.container_id(&gid, &gid);
        if count.repeatable() {
            let field = self.repeatable_group(g, &gid, count, false)?;
            out.push(
                self,
                (&format!("{gid}-eintraege"), &gid),
                None,
                None,
                field.into_iter().collect(),
            );
        } else {
            self.stats.groups += 1;
            let relaxed = self.warn_relaxed(g, &gid, count, false);
            self.rules(g, &gid);
            self.sections_of(g, &format!("{gid}-angaben"), None, None, relaxed, &mut out)?;
        }
        if out.sections.is_empty() {
            self.warn(&gid, "group without fields; no step made");
            return Ok(None);
        }
        self.stats.steps += 1;
        Ok(Some(Step {
            id: step_id,
            title: Text::new(label),
            description: join_description(docs).map(Text::new),
            visible_when: None,
            sections: out.sections,
            rules: Vec::new(),
        }))
    }
}

/// The steps being made from the schema's top level; fields between groups are
/// collected into one step of their own.
#[derive(Default)]
struct TopLevel {
    steps: Vec<Step>,
    loose: Vec<Field>,
    /// FIM id of the first loose field, the base of its step's id.
    loose_base: String,
}

impl TopLevel {
    fn flush(&mut self, ctx: &mut Ctx) {
        if self.loose.is_empty() {
            return;
        }
        let title = if self.loose.len() == 1 {
            self.loose[0].label.get(Lang::De).to_owned()
        } else {
            "Weitere Angaben".to_owned()
        };
        ctx.stats.sections += 1;
        ctx.stats.steps += 1;
        let base = &self.loose_base;
        let id = ctx.container_id(base, base);
        let section = ctx.container_id(&format!("{id}-angaben"), base);
        self.steps.push(Step {
            id,
            title: Text::new(title),
            description: None,
            visible_when: None,
            sections: vec![Section {
                id: section,
                title: None,
                description: None,
                visible_when: None,
                fields: std::mem::take(&mut self.loose),
            }],
            rules: Vec::new(),
        });
    }
}

/// `definition` as pretty JSON with a final newline, loaded back by the engine: what we
/// write must load, and the engine is the judge. Its problems point into JSON nobody has
/// seen (line and column mean nothing to the reader), so each is named by the FIM
/// element it came from.
fn load_checked(
    definition: &FormDefinition,
    origins: &Origins,
) -> Result<(FormDefinition, String), FimError> {
    let mut json = serde_json::to_string_pretty(definition).map_err(|e| FimError::Definition {
        problems: vec![e.to_string()],
    })?;
    json.push('\n');
    let loaded = FormDefinition::from_json(&json).map_err(|errors| FimError::Definition {
        problems: errors
            .0
            .iter()
            .map(|e| {
                let at = if e.path.is_empty() { "/" } else { &e.path };
                format!(
                    "{}: {} (at {at})",
                    place(definition, origins, &e.path),
                    e.kind
                )
            })
            .collect(),
    })?;
    Ok((loaded, json))
}

/// The FIM element behind a JSON Pointer into `def` (`/steps/7/sections/15/fields/0/
/// min_length`): the deepest step, section or field on the path, by the FIM id it was
/// made from (`origins`) and its own id.
fn place(def: &FormDefinition, origins: &Origins, pointer: &str) -> String {
    let mut parts = pointer.split('/').skip(1);
    let mut found: Option<(&str, &str)> = None;
    let mut step: Option<&Step> = None;
    let mut fields: &[Field] = &[];
    let index = |parts: &mut dyn Iterator<Item = &str>| parts.next()?.parse::<usize>().ok();
    while let Some(part) = parts.next() {
        match part {
            "steps" => {
                let Some(s) = index(&mut parts).and_then(|i| def.steps.get(i)) else {
                    break;
                };
                step = Some(s);
                found = Some(("step", &s.id));
            }
            "sections" => {
                let Some(s) = index(&mut parts).and_then(|i| step?.sections.get(i)) else {
                    break;
                };
                fields = &s.fields;
                found = Some(("section", &s.id));
            }
            "fields" => {
                let Some(f) = index(&mut parts).and_then(|i| fields.get(i)) else {
                    break;
                };
                fields = f.children();
                found = Some(("field", &f.id));
            }
            _ => break,
        }
    }
    let Some((kind, id)) = found else {
        return "the definition as a whole".to_owned();
    };
    let origin = if kind == "field" {
        origins.fields.get(id)
    } else {
        origins.containers.get(id)
    };
    match origin {
        Some(fim) => format!("{fim} ({kind} `{id}`)"),
        None => format!("{kind} `{id}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A definition with a group (from G1) holding a text field (from F7) whose limits
    /// contradict, as the importer could never write it.
    fn refused() -> (FormDefinition, Origins) {
        let json = r#"{"id": "d", "version": 1, "title": "T", "steps": [
            {"id": "s1", "title": "S", "sections": [{"id": "a", "fields": [
                {"id": "x", "type": "text", "label": "X"}]}]},
            {"id": "s2", "title": "S", "sections": [{"id": "b", "fields": [
                {"id": "y", "type": "yes_no", "label": "Y"},
                {"id": "g1", "type": "group", "label": "G", "fields": [
                    {"id": "f7", "type": "text", "label": "F"}]}]}]}]}"#;
        let mut def = FormDefinition::from_json(json).expect("valid");
        let FieldKind::Group(group) = &mut def.steps[1].sections[0].fields[1].kind else {
            unreachable!()
        };
        group.fields[0].kind = FieldKind::Text(TextField {
            min_length: Some(5),
            max_length: Some(3),
            pattern: None,
        });
        let mut origins = Origins::default();
        origins.fields.insert("g1".into(), "G1".into());
        origins.fields.insert("f7".into(), "F7".into());
        origins.containers.insert("s2".into(), "G2".into());
        (def, origins)
    }

    #[test]
    fn fim_engine_problems_name_the_fim_element_not_a_line() {
        let (def, origins) = refused();
        let err = load_checked(&def, &origins).expect_err("refused");
        let FimError::Definition { problems } = &err else {
            panic!("{err}")
        };
        assert_eq!(problems.len(), 1, "{problems:?}");
        let problem = &problems[0];
        assert!(
            problem.starts_with("F7 (field `f7`): ")
                && problem.ends_with("(at /steps/1/sections/0/fields/1/fields/0/min_length)"),
            "{problem}"
        );
        assert!(!err.to_string().contains("line"), "{err}");
    }

    #[test]
    fn fim_pointers_map_to_the_deepest_element_on_them() {
        let (def, origins) = refused();
        assert_eq!(place(&def, &origins, "/steps/1/title"), "G2 (step `s2`)");
        assert_eq!(
            place(&def, &origins, "/steps/1/sections/0/id"),
            "section `b`"
        );
        assert_eq!(
            place(&def, &origins, "/steps/1/sections/0/fields/1/min_items"),
            "G1 (field `g1`)"
        );
        assert_eq!(
            place(&def, &origins, "/steps/1/sections/0/fields/0"),
            "field `y`"
        );
        assert_eq!(place(&def, &origins, ""), "the definition as a whole");
        assert_eq!(place(&def, &origins, "/id"), "the definition as a whole");
        // Beyond what exists: the deepest that does.
        assert_eq!(
            place(&def, &origins, "/steps/1/sections/9/fields/0"),
            "G2 (step `s2`)"
        );
    }

    #[test]
    fn fim_versions_keep_their_minor_part() {
        for (version, expected) in [
            ("1.0", Some(1000)),
            ("1.1", Some(1001)),
            ("2.3", Some(2003)),
            ("1.10", Some(1010)),
            ("1.01", None),
            ("1.00", None),
            ("01.1", None),
            ("007", None),
            ("7", Some(7000)),
            ("0.1", Some(1)),
            ("0.0", None),
            ("1.1000", None),
            ("1.2.3", None),
            ("+1.0", None),
            ("1.-1", None),
            ("", None),
            ("v1", None),
            ("4294967.295", Some(u32::MAX)),
            ("4294967.296", None),
            ("4294968.0", None),
        ] {
            assert_eq!(definition_version(version), expected, "{version}");
        }
    }

    #[test]
    fn fim_ids_are_cut_before_their_suffix() {
        let mut map = HashMap::new();
        let long = "a".repeat(70);
        let first = Ctx::unique_with(&mut map, long.clone(), '-');
        let second = Ctx::unique_with(&mut map, long, '-');
        assert_eq!(first.len(), MAX_ID_LEN);
        assert_eq!(second.len(), MAX_ID_LEN);
        assert!(second.ends_with("-2") && first != second, "{second}");
    }
}
