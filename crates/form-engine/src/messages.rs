//! Error texts in German and English, looked up by error code and, where the
//! wording differs, by field type ("Select …" for choices, "Upload …" for
//! files). GOV.UK style: say what to do, name the field, give an example.
//! A definition can replace any text per field (`messages`). Answer values
//! never appear in a message.

use crate::date::Date;
use crate::definition::{Field, FieldKind, FormDefinition};
use crate::error::{ErrorCode, FieldError};
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
            FieldKind::Group { fields, .. } if seg.bytes().all(|b| b.is_ascii_digit()) => {
                match segments
                    .next()
                    .and_then(|id| fields.iter().find(|c| c.id == id))
                {
                    Some(child) => field = Some(child),
                    None => break,
                }
            }
            FieldKind::Address {} => {
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
/// unless they start with an acronym ("Enter IBAN").
fn lower_first(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && b.is_uppercase() => label.to_owned(),
        (Some(a), _) => a.to_lowercase().chain(label.chars().skip(1)).collect(),
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

fn localized_date(d: Date, lang: Lang) -> String {
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

#[derive(Clone, Copy, PartialEq)]
enum Family {
    Choose,
    YesNo,
    Upload,
    Repeat,
    Money,
    Enter,
}

fn family(kind: Option<&FieldKind>) -> Family {
    match kind {
        Some(
            FieldKind::Choice { .. } | FieldKind::MultiChoice { .. } | FieldKind::CodeList { .. },
        ) => Family::Choose,
        Some(FieldKind::YesNo {}) => Family::YesNo,
        Some(FieldKind::File { .. }) => Family::Upload,
        Some(FieldKind::Group { .. }) => Family::Repeat,
        Some(FieldKind::Money { .. }) => Family::Money,
        _ => Family::Enter,
    }
}

fn generic(code: &ErrorCode, kind: Option<&FieldKind>, label: &str, lang: Lang) -> String {
    let fam = family(kind);
    let de = lang == Lang::De;
    // German quotes the label as is; English lowers it inside sentences and
    // keeps it at the start.
    let l = if de {
        format!("„{label}“")
    } else {
        lower_first(label)
    };
    let cap = if de { l.clone() } else { label.to_owned() };
    match code {
        ErrorCode::Required => match (fam, de) {
            (Family::Choose, true) => format!("Wählen Sie {l} aus."),
            (Family::Choose, false) => format!("Select {l}."),
            (Family::YesNo, true) => format!("Wählen Sie bei {l} „Ja“ oder „Nein“ aus."),
            (Family::YesNo, false) => format!("Select yes or no for {l}."),
            (Family::Upload, true) => format!("Laden Sie {l} hoch."),
            (Family::Upload, false) => format!("Upload {l}."),
            (Family::Repeat, true) => format!("Fügen Sie bei {l} mindestens einen Eintrag hinzu."),
            (Family::Repeat, false) => format!("Add at least one entry for {l}."),
            (_, true) => format!("Geben Sie {l} an."),
            (_, false) => format!("Enter {l}."),
        },
        ErrorCode::TooShort { min } if de => format!("{cap} muss mindestens {min} Zeichen lang sein."),
        ErrorCode::TooShort { min } => format!("{cap} must be {min} characters or more."),
        ErrorCode::TooLong { max } if de => format!("{cap} darf höchstens {max} Zeichen lang sein."),
        ErrorCode::TooLong { max } => format!("{cap} must be {max} characters or less."),
        ErrorCode::PatternMismatch if de => format!("Geben Sie {l} im richtigen Format an."),
        ErrorCode::PatternMismatch => format!("Enter {l} in the correct format."),
        ErrorCode::NotAnInteger if de => format!("{cap} muss eine ganze Zahl sein, zum Beispiel 12."),
        ErrorCode::NotAnInteger => format!("{cap} must be a whole number, like 12."),
        ErrorCode::TooSmall { min } if de => format!("{cap} muss {min} oder mehr sein."),
        ErrorCode::TooSmall { min } => format!("{cap} must be {min} or more."),
        ErrorCode::TooLarge { max } if de => format!("{cap} muss {max} oder weniger sein."),
        ErrorCode::TooLarge { max } => format!("{cap} must be {max} or less."),
        ErrorCode::NotANumber => match (fam, de) {
            (Family::Money, true) => format!("Geben Sie {l} als Betrag in Euro an, zum Beispiel 12,50."),
            (Family::Money, false) => format!("Enter {l} as an amount in euros, like 12.50."),
            (_, true) => format!("{cap} muss eine Zahl sein, zum Beispiel 2,5."),
            (_, false) => format!("{cap} must be a number, like 2.5."),
        },
        ErrorCode::TooManyDecimals { max } if de => {
            format!("{cap} darf höchstens {max} Stellen nach dem Komma haben.")
        }
        ErrorCode::TooManyDecimals { max } => format!("{cap} must have no more than {max} decimal places."),
        ErrorCode::AmountTooSmall { min } => {
            let n = localized_number(min, lang);
            match (fam, de) {
                (Family::Money, true) => format!("{cap} muss {n} € oder mehr sein."),
                (Family::Money, false) => format!("{cap} must be €{n} or more."),
                (_, true) => format!("{cap} muss {n} oder mehr sein."),
                (_, false) => format!("{cap} must be {n} or more."),
            }
        }
        ErrorCode::AmountTooLarge { max } => {
            let n = localized_number(max, lang);
            match (fam, de) {
                (Family::Money, true) => format!("{cap} muss {n} € oder weniger sein."),
                (Family::Money, false) => format!("{cap} must be €{n} or less."),
                (_, true) => format!("{cap} muss {n} oder weniger sein."),
                (_, false) => format!("{cap} must be {n} or less."),
            }
        }
        ErrorCode::InvalidEmail if de => {
            "Geben Sie eine E-Mail-Adresse im richtigen Format an, zum Beispiel name@beispiel.de.".into()
        }
        ErrorCode::InvalidEmail => "Enter an email address in the correct format, like name@example.com.".into(),
        ErrorCode::InvalidPhone if de => {
            "Geben Sie eine Telefonnummer an, zum Beispiel 0481 97 0 oder +49 481 97 0.".into()
        }
        ErrorCode::InvalidPhone => "Enter a telephone number, like 0481 97 0 or +49 481 97 0.".into(),
        ErrorCode::InvalidPostcode if de => {
            "Geben Sie eine Postleitzahl mit 5 Ziffern an, zum Beispiel 25746.".into()
        }
        ErrorCode::InvalidPostcode => "Enter a postcode with 5 digits, like 25746.".into(),
        ErrorCode::InvalidIban if de => {
            "Geben Sie eine gültige IBAN an, zum Beispiel DE02 1203 0000 0000 2020 51. Prüfen Sie jede Ziffer.".into()
        }
        ErrorCode::InvalidIban => {
            "Enter a valid IBAN, like DE02 1203 0000 0000 2020 51. Check every digit.".into()
        }
        ErrorCode::InvalidDate if de => format!("{cap} muss ein gültiges Datum sein."),
        ErrorCode::InvalidDate => format!("{cap} must be a real date."),
        ErrorCode::DateTooEarly { min } if de => {
            format!("{cap} muss am {} oder später sein.", localized_date(*min, lang))
        }
        ErrorCode::DateTooEarly { min } => {
            format!("{cap} must be the same as or after {}.", localized_date(*min, lang))
        }
        ErrorCode::DateTooLate { max } if de => {
            format!("{cap} muss am {} oder früher sein.", localized_date(*max, lang))
        }
        ErrorCode::DateTooLate { max } => {
            format!("{cap} must be the same as or before {}.", localized_date(*max, lang))
        }
        ErrorCode::InvalidTime if de => format!("Geben Sie {l} als Uhrzeit an, zum Beispiel 14:30."),
        ErrorCode::InvalidTime => format!("Enter {l} as a time, like 14:30."),
        ErrorCode::UnknownOption if de => format!("Wählen Sie bei {l} eine der angebotenen Möglichkeiten aus."),
        ErrorCode::UnknownOption => format!("Select one of the options for {l}."),
        ErrorCode::TooFewItems { min } => match (fam, de) {
            (Family::Repeat, true) => format!("Fügen Sie bei {l} mindestens {min} Einträge hinzu."),
            (Family::Repeat, false) => format!("Add at least {min} entries for {l}."),
            (Family::Upload, true) => format!("Laden Sie bei {l} mindestens {min} Dateien hoch."),
            (Family::Upload, false) => format!("Upload at least {min} files for {l}."),
            (_, true) => format!("Wählen Sie bei {l} mindestens {min} Möglichkeiten aus."),
            (_, false) => format!("Select at least {min} options for {l}."),
        },
        ErrorCode::TooManyItems { max } => match (fam, de) {
            (Family::Repeat, true) => format!("Geben Sie bei {l} höchstens {max} Einträge an."),
            (Family::Repeat, false) => format!("Enter no more than {max} entries for {l}."),
            (Family::Upload, true) => format!("Laden Sie bei {l} höchstens {max} Dateien hoch."),
            (Family::Upload, false) => format!("Upload no more than {max} files for {l}."),
            (_, true) => format!("Wählen Sie bei {l} höchstens {max} Möglichkeiten aus."),
            (_, false) => format!("Select no more than {max} options for {l}."),
        },
        ErrorCode::FileTypeNotAllowed => {
            let types = match kind {
                Some(FieldKind::File { accept, .. }) => accept.iter().map(|a| type_name(a)).collect::<Vec<_>>().join(", "),
                _ => String::new(),
            };
            if de {
                format!("Die Datei bei {l} muss eines dieser Formate haben: {types}.")
            } else {
                format!("The file for {l} must be one of these types: {types}.")
            }
        }
        ErrorCode::FileTooLarge { max_mb } if de => {
            format!("Die Datei bei {l} darf höchstens {max_mb} MB groß sein.")
        }
        ErrorCode::FileTooLarge { max_mb } => format!("The file for {l} must be {max_mb} MB or smaller."),
        ErrorCode::InvalidValue if de => format!("Prüfen Sie Ihre Angabe bei {l}."),
        ErrorCode::InvalidValue => format!("Check your answer for {l}."),
        // Only reached when the rule is missing from the definition.
        ErrorCode::Rule { .. } if de => format!("Prüfen Sie Ihre Angabe bei {l}."),
        ErrorCode::Rule { .. } => format!("Check your answer for {l}."),
    }
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
    short.to_uppercase()
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
