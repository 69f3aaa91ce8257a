//! Error texts in German and English, looked up by error code and, where the
//! wording differs, by field type ("Select …" for choices, "Upload …" for
//! files). GOV.UK style: say what to do, name the field, give an example.
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

/// English labels inside a sentence start lower case ("Enter first name"),
/// unless they start with an acronym ("Enter IBAN"). Only an ASCII letter is lowered:
/// English labels start with one, and Unicode's case tables would cost the portal's
/// WASM several KiB for the rest (docs/SIZE.md, session 22); a label that starts
/// otherwise ("Ärztekammer") keeps its first letter, as a name would.
fn lower_first(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_ascii_uppercase() && b.is_ascii_uppercase() => label.to_owned(),
        (Some(a), _) => {
            let mut lowered = label.to_owned();
            lowered[..a.len_utf8()].make_ascii_lowercase();
            lowered
        }
        _ => String::new(),
    }
}

/// "12.50" -> "12,50" in German.
fn localized_number(n: &str, lang: Lang) -> String {
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
fn fill(template: &str, args: [&str; 3]) -> String {
    let mut out = String::with_capacity(template.len() + 40);
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let arg = rest
            .as_bytes()
            .get(i + 1)
            .map_or(0, |d| d.wrapping_sub(b'0'));
        out.push_str(args.get(usize::from(arg)).copied().unwrap_or(""));
        rest = rest.get(i + 3..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// The generic text: templates in German and English where `{0}` is the
/// label inside a sentence, `{1}` the label at its start and `{2}` the limit.
fn generic(code: &ErrorCode, kind: Option<&FieldKind>, label: &str, lang: Lang) -> String {
    let fam = kind.map_or(Family::Enter, FieldKind::family);
    let de = lang == Lang::De;
    // German quotes the label as is; English lowers it inside sentences and
    // keeps it at the start.
    let l = if de {
        format!("„{label}“")
    } else {
        lower_first(label)
    };
    let cap = if de { l.as_str() } else { label };
    let mut n = String::new();
    let [t_de, t_en] = match code {
        ErrorCode::Required => match fam {
            Family::Choose => ["Wählen Sie {0} aus.", "Select {0}."],
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
                "{1} muss mindestens {2} Zeichen lang sein.",
                "{1} must be {2} characters or more.",
            ]
        }
        ErrorCode::TooLong { max } => {
            n = max.to_string();
            [
                "{1} darf höchstens {2} Zeichen lang sein.",
                "{1} must be {2} characters or less.",
            ]
        }
        ErrorCode::PatternMismatch => [
            "Geben Sie {0} im richtigen Format an.",
            "Enter {0} in the correct format.",
        ],
        ErrorCode::NotAnInteger => [
            "{1} muss eine ganze Zahl sein, zum Beispiel 12.",
            "{1} must be a whole number, like 12.",
        ],
        ErrorCode::TooSmall { min } => {
            n = min.to_string();
            ["{1} muss {2} oder mehr sein.", "{1} must be {2} or more."]
        }
        ErrorCode::TooLarge { max } => {
            n = max.to_string();
            [
                "{1} muss {2} oder weniger sein.",
                "{1} must be {2} or less.",
            ]
        }
        ErrorCode::NotANumber if fam == Family::Money => [
            "Geben Sie {0} als Betrag in Euro an, zum Beispiel 12,50.",
            "Enter {0} as an amount in euros, like 12.50.",
        ],
        ErrorCode::NotANumber => [
            "{1} muss eine Zahl sein, zum Beispiel 2,5.",
            "{1} must be a number, like 2.5.",
        ],
        ErrorCode::TooManyDecimals { max } => {
            n = max.to_string();
            [
                "{1} darf höchstens {2} Stellen nach dem Komma haben.",
                "{1} must have no more than {2} decimal places.",
            ]
        }
        ErrorCode::AmountTooSmall { min } => {
            n = localized_number(min, lang);
            match fam {
                Family::Money => [
                    "{1} muss {2} € oder mehr sein.",
                    "{1} must be €{2} or more.",
                ],
                _ => ["{1} muss {2} oder mehr sein.", "{1} must be {2} or more."],
            }
        }
        ErrorCode::AmountTooLarge { max } => {
            n = localized_number(max, lang);
            match fam {
                Family::Money => [
                    "{1} muss {2} € oder weniger sein.",
                    "{1} must be €{2} or less.",
                ],
                _ => [
                    "{1} muss {2} oder weniger sein.",
                    "{1} must be {2} or less.",
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
            "{1} muss ein gültiges Datum sein.",
            "{1} must be a real date.",
        ],
        ErrorCode::DateTooEarly { min } => {
            n = localized_date(*min, lang);
            [
                "{1} muss am {2} oder später sein.",
                "{1} must be the same as or after {2}.",
            ]
        }
        ErrorCode::DateTooLate { max } => {
            n = localized_date(*max, lang);
            [
                "{1} muss am {2} oder früher sein.",
                "{1} must be the same as or before {2}.",
            ]
        }
        ErrorCode::InvalidTime => [
            "Geben Sie {0} als Uhrzeit an, zum Beispiel 14:30.",
            "Enter {0} as a time, like 14:30.",
        ],
        ErrorCode::InvalidDateTime => [
            "{1} muss ein gültiges Datum mit Uhrzeit sein, zum Beispiel 16.12.2026 um 14:30 Uhr.",
            "{1} must be a real date and time, like 16 December 2026 at 14:30.",
        ],
        ErrorCode::DateTimeTooEarly { min } => {
            n = min.localized(lang);
            [
                "{1} muss am {2} oder später sein.",
                "{1} must be the same as or after {2}.",
            ]
        }
        ErrorCode::DateTimeTooLate { max } => {
            n = max.localized(lang);
            [
                "{1} muss am {2} oder früher sein.",
                "{1} must be the same as or before {2}.",
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
                    "Fügen Sie bei {0} mindestens {2} Einträge hinzu.",
                    "Add at least {2} entries for {0}.",
                ],
                Family::Upload => [
                    "Laden Sie bei {0} mindestens {2} Dateien hoch.",
                    "Upload at least {2} files for {0}.",
                ],
                _ => [
                    "Wählen Sie bei {0} mindestens {2} Möglichkeiten aus.",
                    "Select at least {2} options for {0}.",
                ],
            }
        }
        ErrorCode::TooManyItems { max } => {
            n = max.to_string();
            match fam {
                Family::Repeat => [
                    "Geben Sie bei {0} höchstens {2} Einträge an.",
                    "Enter no more than {2} entries for {0}.",
                ],
                Family::Upload => [
                    "Laden Sie bei {0} höchstens {2} Dateien hoch.",
                    "Upload no more than {2} files for {0}.",
                ],
                _ => [
                    "Wählen Sie bei {0} höchstens {2} Möglichkeiten aus.",
                    "Select no more than {2} options for {0}.",
                ],
            }
        }
        ErrorCode::FileTypeNotAllowed => {
            if let Some(FieldKind::File(file)) = kind {
                n = file
                    .accept
                    .iter()
                    .map(|a| type_name(a))
                    .collect::<Vec<_>>()
                    .join(", ");
            }
            [
                "Die Datei bei {0} muss eines dieser Formate haben: {2}.",
                "The file for {0} must be one of these types: {2}.",
            ]
        }
        ErrorCode::FileTooLarge { max_mb } => {
            n = max_mb.to_string();
            [
                "Die Datei bei {0} darf höchstens {2} MB groß sein.",
                "The file for {0} must be {2} MB or smaller.",
            ]
        }
        // `Rule` only here when the rule is missing from the definition.
        ErrorCode::InvalidValue | ErrorCode::Rule { .. } => [
            "Prüfen Sie Ihre Angabe bei {0}.",
            "Check your answer for {0}.",
        ],
    };
    fill(if de { t_de } else { t_en }, [&l, cap, &n])
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
    // Media types and file name extensions are ASCII in practice; see `lower_first`.
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
