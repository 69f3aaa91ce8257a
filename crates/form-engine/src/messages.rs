//! Error texts in German and English, looked up by error code and, where the
//! wording differs, by field type ("Select …" for choices, "Upload …" for
//! files). GOV.UK style: say what to do, name the field, give an example.
//! The field is named by its label, quoted unchanged in both languages.
//! A definition can replace any text per field (`messages`). Answer values
//! never appear in a message.

use crate::date::Date;
use crate::definition::{Field, FieldKind, FormDefinition};
use crate::error::{ErrorCode, FieldError};
use crate::field_types::Family;
use crate::lang::Lang;

/// The text for `error` in `lang`.
pub fn message(error: &FieldError, def: &FormDefinition, lang: Lang) -> String {
    if let ErrorCode::Rule { id } = &error.code
        && let Some(rule) = crate::validation::rules::all_rules(def).find(|r| r.id == *id)
    {
        return rule.message.get(lang).to_owned();
    }
    let target = resolve(def, &error.path);
    if let Some(field) = target.field
        && target.part.is_none()
        && let Some(custom) = field.messages.get(error.code.key())
    {
        return custom.get(lang).to_owned();
    }
    let label = target.field.map_or("", |f| f.label.get(lang));
    let kind = target.field.map(|f| &f.kind);
    match target.part {
        Some(part) => address_part(part, &error.code, lang),
        None => generic(&error.code, kind, label, lang),
    }
}

/// The field (and address part) an error path points at.
struct Target<'d> {
    field: Option<&'d Field>,
    part: Option<&'static str>,
}

/// Walks `group.0.child` / `address.postcode` / `file.1` paths.
fn resolve<'d>(def: &'d FormDefinition, path: &str) -> Target<'d> {
    let mut segments = path.split('.');
    let mut field = segments.next().and_then(|id| def.field(id));
    let mut part = None;
    while let Some(f) = field {
        let Some(seg) = segments.next() else { break };
        match &f.kind {
            FieldKind::Group(group) if seg.bytes().all(|b| b.is_ascii_digit()) => {
                match segments
                    .next()
                    .and_then(|id| group.fields.iter().find(|c| c.id == id))
                {
                    Some(child) => field = Some(child),
                    None => break,
                }
            }
            FieldKind::Address(_) => {
                part = crate::definition::ADDRESS_PARTS
                    .iter()
                    .copied()
                    .find(|p| *p == seg);
                break;
            }
            _ => break,
        }
    }
    Target { field, part }
}

/// The label as a message names it: unchanged (but isolated if it steers the direction),
/// in quotation marks („Beginn“, “Start”).
/// Labels are nouns, questions, instructions or clauses ("Will you lead the assembly
/// yourself?", "You are applying as …"), and a form only in German shows its German
/// nouns on the English page too: no sentence can take them in as words of its own.
fn quote(label: &str, lang: Lang) -> String {
    // A label that steers the direction keeps it to itself: the sentence around it stays
    // readable (a definition's unclosed right-to-left override would turn it around).
    let label = crate::lang::isolated(label);
    match lang {
        Lang::De => format!("„{label}“"),
        Lang::En => format!("“{label}”"),
    }
}

/// "12.50" -> "12,50" in German.
pub(crate) fn localized_number(n: &str, lang: Lang) -> String {
    match lang {
        Lang::De => n.replace('.', ","),
        Lang::En => n.to_owned(),
    }
}

/// A date as citizens read it: `16.12.2026` in German, `16 December 2026` in English (the
/// one format for dates everywhere: messages, the portal's check page and receipt, hints).
pub fn localized_date(d: Date, lang: Lang) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    match lang {
        Lang::De => format!("{:02}.{:02}.{}", d.day(), d.month(), d.year()),
        Lang::En => {
            let month = MONTHS
                .get(d.month().saturating_sub(1) as usize)
                .copied()
                .unwrap_or("");
            format!("{} {month} {}", d.day(), d.year())
        }
    }
}

/// `template` with `{0}` replaced by `args[0]`, and so on (single digits;
/// the texts contain no other braces). One pass, so braces inside labels stay.
/// The template's period after an argument that ends a sentence itself (a quoted
/// label "…?”", "…”") is left out: "Check your answer for “Are you over 18?”".
fn fill(template: &str, args: [&str; 2]) -> String {
    let mut out = String::with_capacity(template.len() + 40);
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let arg = rest
            .as_bytes()
            .get(i + 1)
            .map_or(0, |d| d.wrapping_sub(b'0'));
        let arg = args.get(usize::from(arg)).copied().unwrap_or("");
        out.push_str(arg);
        rest = rest.get(i + 3..).unwrap_or("");
        if arg
            .trim_end_matches(['“', '”'])
            .ends_with(['?', '!', '.', '…'])
        {
            rest = rest.strip_prefix('.').unwrap_or(rest);
        }
    }
    out.push_str(rest);
    out
}

/// The generic text: templates in German and English where `{0}` is the
/// quoted label and `{1}` the limit.
fn generic(code: &ErrorCode, kind: Option<&FieldKind>, label: &str, lang: Lang) -> String {
    let fam = kind.map_or(Family::Enter, FieldKind::family);
    let de = lang == Lang::De;
    let l = quote(label, lang);
    let mut n = String::new();
    let [t_de, t_en] = match code {
        ErrorCode::Required => match fam {
            Family::Choose => ["Wählen Sie {0} aus.", "Select an answer for {0}."],
            Family::YesNo => [
                "Wählen Sie bei {0} „Ja“ oder „Nein“ aus.",
                "Select yes or no for {0}.",
            ],
            Family::Upload => ["Laden Sie {0} hoch.", "Upload {0}."],
            Family::Repeat => [
                "Fügen Sie bei {0} mindestens einen Eintrag hinzu.",
                "Add at least one entry for {0}.",
            ],
            _ => ["Geben Sie {0} an.", "Enter {0}."],
        },
        ErrorCode::TooShort { min } => {
            n = min.to_string();
            [
                "{0} muss mindestens {1} Zeichen lang sein.",
                "{0} must be {1} characters or more.",
            ]
        }
        ErrorCode::TooLong { max } => {
            n = max.to_string();
            [
                "{0} darf höchstens {1} Zeichen lang sein.",
                "{0} must be {1} characters or less.",
            ]
        }
        ErrorCode::PatternMismatch => [
            "Geben Sie {0} im richtigen Format an.",
            "Enter {0} in the correct format.",
        ],
        ErrorCode::NotAnInteger => [
            // "10.000" is ten thousand to a German reader, and not a whole number to
            // the form: said how to write it.
            "{0} muss eine ganze Zahl ohne Punkte sein, zum Beispiel 12 oder 10000.",
            "{0} must be a whole number without points or commas, like 12 or 10000.",
        ],
        ErrorCode::TooSmall { min } => {
            n = min.to_string();
            ["{0} muss {1} oder mehr sein.", "{0} must be {1} or more."]
        }
        ErrorCode::TooLarge { max } => {
            n = max.to_string();
            [
                "{0} muss {1} oder weniger sein.",
                "{0} must be {1} or less.",
            ]
        }
        ErrorCode::NotANumber if fam == Family::Money => [
            "Geben Sie {0} als Betrag in Euro an, zum Beispiel 12,50.",
            "Enter {0} as an amount in euros, like 12.50.",
        ],
        ErrorCode::NotANumber => [
            "{0} muss eine Zahl sein, zum Beispiel 2,5.",
            "{0} must be a number, like 2.5.",
        ],
        ErrorCode::TooManyDecimals { max } => {
            n = max.to_string();
            [
                "{0} darf höchstens {1} Stellen nach dem Komma haben.",
                "{0} must have no more than {1} decimal places.",
            ]
        }
        ErrorCode::AmountTooSmall { min } => {
            n = localized_number(min, lang);
            match fam {
                Family::Money => [
                    "{0} muss {1} € oder mehr sein.",
                    "{0} must be €{1} or more.",
                ],
                _ => ["{0} muss {1} oder mehr sein.", "{0} must be {1} or more."],
            }
        }
        ErrorCode::AmountTooLarge { max } => {
            n = localized_number(max, lang);
            match fam {
                Family::Money => [
                    "{0} muss {1} € oder weniger sein.",
                    "{0} must be €{1} or less.",
                ],
                _ => [
                    "{0} muss {1} oder weniger sein.",
                    "{0} must be {1} or less.",
                ],
            }
        }
        ErrorCode::InvalidEmail => [
            "Geben Sie eine E-Mail-Adresse im richtigen Format an, zum Beispiel name@beispiel.de.",
            "Enter an email address in the correct format, like name@example.com.",
        ],
        ErrorCode::InvalidPhone => [
            "Geben Sie eine Telefonnummer an, zum Beispiel 0481 97 0 oder +49 481 97 0.",
            "Enter a telephone number, like 0481 97 0 or +49 481 97 0.",
        ],
        ErrorCode::InvalidPostcode => [
            "Geben Sie eine Postleitzahl mit 5 Ziffern an, zum Beispiel 25746.",
            "Enter a postcode with 5 digits, like 25746.",
        ],
        ErrorCode::InvalidIban => [
            "Geben Sie eine gültige IBAN an, zum Beispiel DE02 1203 0000 0000 2020 51. Prüfen Sie jede Ziffer.",
            "Enter a valid IBAN, like DE02 1203 0000 0000 2020 51. Check every digit.",
        ],
        ErrorCode::InvalidDate => [
            "{0} muss ein gültiges Datum sein.",
            "{0} must be a real date.",
        ],
        ErrorCode::DateTooEarly { min } => {
            n = localized_date(*min, lang);
            [
                "{0} muss am {1} oder später sein.",
                "{0} must be the same as or after {1}.",
            ]
        }
        ErrorCode::DateTooLate { max } => {
            n = localized_date(*max, lang);
            [
                "{0} muss am {1} oder früher sein.",
                "{0} must be the same as or before {1}.",
            ]
        }
        ErrorCode::InvalidTime => [
            "Geben Sie {0} als Uhrzeit an, zum Beispiel 14:30.",
            "Enter {0} as a time, like 14:30.",
        ],
        ErrorCode::InvalidDateTime => [
            "{0} muss ein gültiges Datum mit Uhrzeit sein, zum Beispiel 16.12.2026 um 14:30 Uhr.",
            "{0} must be a real date and time, like 16 December 2026 at 14:30.",
        ],
        ErrorCode::DateTimeTooEarly { min } => {
            n = min.localized(lang);
            [
                "{0} muss am {1} oder später sein.",
                "{0} must be the same as or after {1}.",
            ]
        }
        ErrorCode::DateTimeTooLate { max } => {
            n = max.localized(lang);
            [
                "{0} muss am {1} oder früher sein.",
                "{0} must be the same as or before {1}.",
            ]
        }
        ErrorCode::UnknownOption => [
            "Wählen Sie bei {0} eine der angebotenen Möglichkeiten aus.",
            "Select one of the options for {0}.",
        ],
        ErrorCode::TooFewItems { min } => {
            n = min.to_string();
            match fam {
                Family::Repeat => [
                    "Fügen Sie bei {0} mindestens {1} Einträge hinzu.",
                    "Add at least {1} entries for {0}.",
                ],
                Family::Upload => [
                    "Laden Sie bei {0} mindestens {1} Dateien hoch.",
                    "Upload at least {1} files for {0}.",
                ],
                _ => [
                    "Wählen Sie bei {0} mindestens {1} Möglichkeiten aus.",
                    "Select at least {1} options for {0}.",
                ],
            }
        }
        ErrorCode::TooManyItems { max } => {
            n = max.to_string();
            match fam {
                Family::Repeat => [
                    "Geben Sie bei {0} höchstens {1} Einträge an.",
                    "Enter no more than {1} entries for {0}.",
                ],
                Family::Upload => [
                    "Laden Sie bei {0} höchstens {1} Dateien hoch.",
                    "Upload no more than {1} files for {0}.",
                ],
                _ => [
                    "Wählen Sie bei {0} höchstens {1} Möglichkeiten aus.",
                    "Select no more than {1} options for {0}.",
                ],
            }
        }
        ErrorCode::FileTypeNotAllowed => {
            // An empty `accept` takes every type the authority can check (`crate::media`).
            let accept: Vec<&str> = match kind {
                Some(FieldKind::File(file)) if !file.accept.is_empty() => {
                    file.accept.iter().map(String::as_str).collect()
                }
                _ => crate::media::KNOWN.iter().map(|(t, _)| *t).collect(),
            };
            n = accept
                .iter()
                .map(|a| type_name(a))
                .collect::<Vec<_>>()
                .join(", ");
            [
                "Die Datei bei {0} muss eines dieser Formate haben: {1}.",
                "The file for {0} must be one of these types: {1}.",
            ]
        }
        ErrorCode::FileTooLarge { max_mb } => {
            n = max_mb.to_string();
            [
                "Die Datei bei {0} darf höchstens {1} MB groß sein.",
                "The file for {0} must be {1} MB or smaller.",
            ]
        }
        // `Rule` only here when the rule is missing from the definition.
        ErrorCode::InvalidValue | ErrorCode::Rule { .. } => [
            "Prüfen Sie Ihre Angabe bei {0}.",
            "Check your answer for {0}.",
        ],
    };
    fill(if de { t_de } else { t_en }, [&l, &n])
}

/// "application/pdf" -> "PDF", ".jpg" -> "JPG", "image/*" -> "IMAGE".
fn type_name(accept: &str) -> String {
    let t = accept.trim();
    let short = t
        .strip_prefix('.')
        .or_else(|| {
            t.rsplit_once('/')
                .map(|(major, minor)| if minor == "*" { major } else { minor })
        })
        .unwrap_or(t);
    // Media types and file name extensions are ASCII in practice, and Unicode's case
    // tables would cost the portal's WASM several KiB (docs/SIZE.md, session 22).
    short.to_ascii_uppercase()
}

fn address_part(part: &str, code: &ErrorCode, lang: Lang) -> String {
    let (de, en) = match part {
        "street" => ("die Straße", "street"),
        "house_number" => ("die Hausnummer", "house number"),
        "postcode" => ("die Postleitzahl", "postcode"),
        _ => ("den Ort", "town or city"),
    };
    match (code, lang) {
        (ErrorCode::InvalidPostcode, _) => generic(code, None, "", lang),
        (ErrorCode::TooLong { max }, Lang::De) => {
            format!("Geben Sie {de} mit höchstens {max} Zeichen an.")
        }
        (ErrorCode::TooLong { max }, Lang::En) => {
            format!("Enter a {en} of {max} characters or less.")
        }
        (ErrorCode::Required, Lang::De) => format!("Geben Sie {de} an."),
        (ErrorCode::Required, Lang::En) => format!("Enter the {en}."),
        (_, Lang::De) => format!("Prüfen Sie {de}."),
        (_, Lang::En) => format!("Check the {en}."),
    }
}
