// SPDX-License-Identifier: EUPL-1.2
//! The preview's own words in German and English (kept out of `crate::i18n`, whose
//! table is part of the citizen bundle).

use form_engine::Lang;
use form_engine::date::DateBoundError;
use form_engine::expr::{Expected as ExprExpected, ExprErrorKind, Token};
use form_engine::load::{DefinitionErrorKind, Expected, Found, Node, quoted_list};
use form_engine::pattern::PatternErrorKind;
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum P {
    Title,
    Source,
    Definition,
    DefinitionHelp,
    File,
    DropHint,
    Url,
    LoadUrl,
    ApiId,
    ApiVersion,
    ApiVersionHint,
    LoadApi,
    Loading,
    LoadFailed,
    TooLarge,
    Loaded,
    ErrorsTitle,
    ErrorsOutdated,
    GoToLine,
    Line,
    Column,
    Tools,
    JumpToStep,
    CheckPage,
    ShowAllMessages,
    FillValid,
    FillInvalid,
    ClearAnswers,
    AnswersJson,
    Width,
    FullWidth,
    Theme,
    DefaultTheme,
    ContrastWarning,
    ContrastFallback,
    Download,
    PreviewRegion,
    FrameTitle,
    NavLabel,
    DocTitle,
    NavEmbed,
    EmbedDocTitle,
    EmbedTitle,
    EmbedIntro,
    EmbedModes,
    EmbedOrigins,
    BackToPreview,
    EmbedGenerator,
    EmbedMunicipality,
    EmbedMunicipalityHint,
    EmbedAllowedOrigins,
    EmbedNoOrigins,
    EmbedServices,
    EmbedServicesHint,
    EmbedServicesInvalid,
    EmbedLanguage,
    EmbedLangDe,
    EmbedLangEn,
    EmbedMode,
    EmbedModeShadow,
    EmbedModeIframe,
    EmbedHistory,
    EmbedHistoryMemory,
    EmbedHistoryHash,
    EmbedStart,
    EmbedStartHint,
    EmbedFrameTitle,
    EmbedFrameTitleHint,
    EmbedCode,
    EmbedCodeHint,
    EmbedCopy,
    EmbedCopied,
    EmbedCopyFailed,
    EmbedAttributes,
    EmbedTableCaption,
    EmbedColAttribute,
    EmbedColValues,
    EmbedColDefault,
    EmbedColMeaning,
    AttrNoDefault,
    AttrApiValues,
    AttrApiDefault,
    AttrApi,
    AttrArsValues,
    AttrArs,
    AttrServicesValues,
    AttrServicesDefault,
    AttrServices,
    AttrLangValues,
    AttrLangDefault,
    AttrLang,
    AttrModeValues,
    AttrModeDefault,
    AttrMode,
    AttrHistoryValues,
    AttrHistoryDefault,
    AttrHistory,
    AttrStartValues,
    AttrStartDefault,
    AttrStart,
    AttrTitleValues,
    AttrTitleDefault,
    AttrTitle,
    EmbedCsp,
    EmbedCspText,
    EmbedCspIframe,
    Outdated,
    Empty,
    NoPreviewSubmit,
}

pub fn pt(lang: Lang, msg: P) -> &'static str {
    use P::*;
    match lang {
        Lang::De => match msg {
            Title => "Formular-Vorschau",
            Source => "Definition laden",
            Definition => "Formulardefinition (JSON)",
            DefinitionHelp => {
                "Text einfügen oder bearbeiten; die Vorschau folgt nach einer kurzen Pause. Eine Datei kann auch hierher gezogen werden."
            }
            File => "Datei wählen",
            DropHint => "Oder eine JSON-Datei auf das Textfeld ziehen.",
            Url => "Adresse (URL) der Definition",
            LoadUrl => "Von der Adresse laden",
            ApiId => "Formular-ID in der API",
            ApiVersion => "Version",
            ApiVersionHint => "Leer lassen für die neueste Version.",
            LoadApi => "Aus der API laden",
            Loading => "Wird geladen …",
            LoadFailed => "Laden fehlgeschlagen:",
            TooLarge => "zu groß für eine Formulardefinition, erlaubt sind höchstens",
            Loaded => "Geladen:",
            ErrorsTitle => "Fehler in der Definition",
            ErrorsOutdated => "Die Vorschau zeigt den letzten fehlerfreien Stand.",
            GoToLine => "Zu Zeile",
            Line => "Zeile",
            Column => "Spalte",
            Tools => "Werkzeuge",
            JumpToStep => "Zu Schritt springen",
            CheckPage => "Antworten prüfen",
            ShowAllMessages => "Alle Fehlermeldungen zeigen",
            FillValid => "Mit gültigen Beispieldaten füllen",
            FillInvalid => "Mit ungültigen Beispieldaten füllen",
            ClearAnswers => "Antworten leeren",
            AnswersJson => "Antworten, wie sie übermittelt würden (JSON)",
            Width => "Gerätebreite",
            FullWidth => "Volle Breite",
            Theme => "Erscheinungsbild (Kommune)",
            DefaultTheme => "Standard (KERN)",
            ContrastWarning => "Kontrast zu gering (WCAG AA verlangt 4,5:1):",
            ContrastFallback => "Die Vorschau nutzt dafür die Standardfarbe.",
            Download => "Bearbeitete Definition herunterladen",
            PreviewRegion => "Vorschau des Formulars",
            FrameTitle => "Formular in der gewählten Gerätebreite",
            NavLabel => "Seiten der Vorschau",
            DocTitle => "Formular-Vorschau – Bürgerportal",
            NavEmbed => "Einbinden",
            EmbedDocTitle => "Einbinden – Bürgerportal",
            EmbedTitle => "Das Bürgerportal auf der eigenen Website einbinden",
            EmbedIntro => {
                "Zwei Zeilen HTML bringen das Bürgerportal auf die Website Ihrer Kommune: mit dem Namen, dem Logo und den Farben Ihrer Kommune aus der API und nur mit den Leistungen, die Sie auswählen. Das Portal wird dabei nicht kopiert, Ihre Seite lädt es von dieser Adresse; Neuerungen erreichen Sie ohne Ihr Zutun. Die Adresse:"
            }
            EmbedModes => {
                "Standardmäßig wird das Portal in ein Shadow DOM Ihrer Seite eingehängt: Die Stile Ihrer Seite wirken nicht auf das Portal, die des Portals nicht auf Ihre Seite. Oder es läuft in einem iframe, dessen Höhe dem Inhalt folgt. Die Adresse Ihrer Seite bleibt unverändert, außer Sie legen den Verlauf ins Fragment (#/…): Dann funktionieren Direktlinks sowie Zurück und Vor im Browser."
            }
            EmbedOrigins => {
                "Die API antwortet nur Seiten, deren Adresse (Origin) für Ihre Kommune freigeschaltet ist."
            }
            BackToPreview => "Zurück zur Formular-Vorschau",
            EmbedGenerator => "Code erzeugen",
            EmbedMunicipality => "Kommune",
            EmbedMunicipalityHint => {
                "Bestimmt das Erscheinungsbild (Anzeigename, Logo, Farben) und die freigeschalteten Adressen."
            }
            EmbedAllowedOrigins => "Freigeschaltete Adressen dieser Kommune:",
            EmbedNoOrigins => {
                "Für diese Kommune ist noch keine Adresse freigeschaltet: bitte beim Betrieb des Portals anfragen."
            }
            EmbedServices => "Leistungen (LeiKa-Schlüssel)",
            EmbedServicesHint => {
                "Durch Kommas getrennt, zum Beispiel 99050012104000, 99001001000000. Leer: alle Leistungen."
            }
            EmbedServicesInvalid => "Kein 14-stelliger LeiKa-Schlüssel:",
            EmbedLanguage => "Sprache des Portals",
            EmbedLangDe => "Deutsch (de)",
            EmbedLangEn => "Englisch (en)",
            EmbedMode => "Einbettung",
            EmbedModeShadow => "Shadow DOM (Standard)",
            EmbedModeIframe => "iframe",
            EmbedHistory => "Verlauf",
            EmbedHistoryMemory => "Im Speicher: Die Adresse Ihrer Seite ändert sich nie (Standard)",
            EmbedHistoryHash => "Im Fragment (#/…): Direktlinks, Zurück und Vor",
            EmbedStart => "Erste Seite im Portal",
            EmbedStartHint => "Zum Beispiel /services/99050012104000. Leer: der Leistungskatalog.",
            EmbedFrameTitle => "Name des iframes für Screenreader",
            EmbedFrameTitleHint => "Leer: „Bürgerportal“.",
            EmbedCode => "Ihr Code",
            EmbedCodeHint => {
                "In den HTML-Code Ihrer Seite einfügen, dort, wo das Portal erscheinen soll."
            }
            EmbedCopy => "Kopieren",
            EmbedCopied => "Der Code ist in der Zwischenablage.",
            EmbedCopyFailed => "Kopieren war nicht möglich. Bitte den Code markieren und kopieren.",
            EmbedAttributes => "Die Attribute",
            EmbedTableCaption => "Attribute des Elements buergerportal-embed",
            EmbedColAttribute => "Attribut",
            EmbedColValues => "Werte",
            EmbedColDefault => "Standard",
            EmbedColMeaning => "Bedeutung",
            AttrNoDefault => "–",
            AttrApiValues => "Adresse (URL)",
            AttrApiDefault => "die Adresse, von der embed.js geladen wurde",
            AttrApi => "Basisadresse der API.",
            AttrArsValues => "Amtlicher Regionalschlüssel, 12 Ziffern",
            AttrArs => {
                "Die Kommune: ihr Erscheinungsbild (Anzeigename, Logo, Farben) und die Adressen, von denen aus sie das Portal einbinden darf."
            }
            AttrServicesValues => "LeiKa-Schlüssel, durch Kommas getrennt",
            AttrServicesDefault => "leer: alle",
            AttrServices => "Der Katalog zeigt nur diese Leistungen.",
            AttrLangValues => "de | en",
            AttrLangDefault => "de",
            AttrLang => "Sprache des Portals.",
            AttrModeValues => "shadow | iframe",
            AttrModeDefault => "shadow",
            AttrMode => {
                "shadow: in einem Shadow DOM Ihrer Seite, Stile in beiden Richtungen getrennt. iframe: in einem iframe, dessen Höhe per postMessage dem Inhalt folgt (die Herkunft der Nachrichten wird auf beiden Seiten geprüft)."
            }
            AttrHistoryValues => "memory | hash",
            AttrHistoryDefault => "memory",
            AttrHistory => {
                "memory: Die Adresse Ihrer Seite ändert sich nie. hash: Der Weg im Portal steht im Fragment der Adresse (#/services/…), so funktionieren Direktlinks sowie Zurück und Vor."
            }
            AttrStartValues => "Pfad im Portal",
            AttrStartDefault => "/ (der Katalog)",
            AttrStart => "Die erste Seite, zum Beispiel /services/99050012104000.",
            AttrTitleValues => "Text",
            AttrTitleDefault => "Bürgerportal",
            AttrTitle => "Nur im iframe-Modus: der zugängliche Name des iframes.",
            EmbedCsp => "Content-Security-Policy Ihrer Seite",
            EmbedCspText => {
                "Hat Ihre Seite eine Content-Security-Policy, muss sie das Portal erlauben. Ergänzen Sie diese Quellen (Portal und API haben hier dieselbe Adresse):"
            }
            EmbedCspIframe => "frame-src ist nur im iframe-Modus nötig.",
            Outdated => {
                "Veraltet: Die Definition hat Fehler, angezeigt wird der letzte fehlerfreie Stand."
            }
            Empty => "Noch keine Definition geladen.",
            NoPreviewSubmit => "In der Vorschau wird nichts abgeschickt.",
        },
        Lang::En => match msg {
            Title => "Form preview",
            Source => "Load a definition",
            Definition => "Form definition (JSON)",
            DefinitionHelp => {
                "Paste or edit the text; the preview follows after a short pause. A file can also be dropped here."
            }
            File => "Choose a file",
            DropHint => "Or drop a JSON file onto the text field.",
            Url => "Address (URL) of the definition",
            LoadUrl => "Load from the address",
            ApiId => "Form id in the API",
            ApiVersion => "Version",
            ApiVersionHint => "Leave empty for the latest version.",
            LoadApi => "Load from the API",
            Loading => "Loading …",
            LoadFailed => "Loading failed:",
            TooLarge => "too large for a form definition, the limit is",
            Loaded => "Loaded:",
            ErrorsTitle => "Errors in the definition",
            ErrorsOutdated => "The preview shows the last version without errors.",
            GoToLine => "Go to line",
            Line => "line",
            Column => "column",
            Tools => "Tools",
            JumpToStep => "Jump to step",
            CheckPage => "Check answers",
            ShowAllMessages => "Show all error messages",
            FillValid => "Fill with valid sample data",
            FillInvalid => "Fill with invalid sample data",
            ClearAnswers => "Clear answers",
            AnswersJson => "Answers as they would be submitted (JSON)",
            Width => "Device width",
            FullWidth => "Full width",
            Theme => "Look (municipality)",
            DefaultTheme => "Default (KERN)",
            ContrastWarning => "Contrast too low (WCAG AA asks for 4.5:1):",
            ContrastFallback => "The preview uses the default colour instead.",
            Download => "Download the edited definition",
            PreviewRegion => "Preview of the form",
            FrameTitle => "The form at the chosen device width",
            NavLabel => "Preview pages",
            DocTitle => "Form preview – Citizen portal",
            NavEmbed => "Embed",
            EmbedDocTitle => "Embed – Citizen portal",
            EmbedTitle => "Embedding the citizen portal on your own website",
            EmbedIntro => {
                "Two lines of HTML put the citizen portal on your municipality's website: with your municipality's name, logo and colours from the API, and only the services you choose. The portal is not copied, your page loads it from this address; updates reach you without any work on your side. The address:"
            }
            EmbedModes => {
                "By default the portal is mounted in a Shadow DOM of your page: your page's styles do not affect the portal, and the portal's do not affect your page. Or it runs in an iframe whose height follows its content. Your page's address stays as it is unless you keep the history in the fragment (#/…): then deep links and the browser's back and forward work."
            }
            EmbedOrigins => {
                "The API answers only pages whose address (origin) is allowed for your municipality."
            }
            BackToPreview => "Back to the form preview",
            EmbedGenerator => "Generate the code",
            EmbedMunicipality => "Municipality",
            EmbedMunicipalityHint => {
                "Decides the look (display name, logo, colours) and the allowed addresses."
            }
            EmbedAllowedOrigins => "Allowed addresses of this municipality:",
            EmbedNoOrigins => {
                "No address is allowed for this municipality yet: please ask the portal's operators."
            }
            EmbedServices => "Services (LeiKa keys)",
            EmbedServicesHint => {
                "Separated by commas, for example 99050012104000, 99001001000000. Empty: all services."
            }
            EmbedServicesInvalid => "Not a 14-digit LeiKa key:",
            EmbedLanguage => "Language of the portal",
            EmbedLangDe => "German (de)",
            EmbedLangEn => "English (en)",
            EmbedMode => "Embedding",
            EmbedModeShadow => "Shadow DOM (default)",
            EmbedModeIframe => "iframe",
            EmbedHistory => "History",
            EmbedHistoryMemory => "In memory: your page's address never changes (default)",
            EmbedHistoryHash => "In the fragment (#/…): deep links, back and forward",
            EmbedStart => "First page in the portal",
            EmbedStartHint => {
                "For example /services/99050012104000. Empty: the catalogue of services."
            }
            EmbedFrameTitle => "Name of the iframe for screen readers",
            EmbedFrameTitleHint => "Empty: “Bürgerportal”.",
            EmbedCode => "Your code",
            EmbedCodeHint => "Paste it into your page's HTML where the portal should appear.",
            EmbedCopy => "Copy",
            EmbedCopied => "The code is in the clipboard.",
            EmbedCopyFailed => "Copying was not possible. Please select the code and copy it.",
            EmbedAttributes => "The attributes",
            EmbedTableCaption => "Attributes of the buergerportal-embed element",
            EmbedColAttribute => "Attribute",
            EmbedColValues => "Values",
            EmbedColDefault => "Default",
            EmbedColMeaning => "Meaning",
            AttrNoDefault => "–",
            AttrApiValues => "address (URL)",
            AttrApiDefault => "the origin that served embed.js",
            AttrApi => "Base URL of the API.",
            AttrArsValues => "official regional key (ARS), 12 digits",
            AttrArs => {
                "The municipality: its look (display name, logo, colours) and the addresses allowed to embed the portal."
            }
            AttrServicesValues => "LeiKa keys, separated by commas",
            AttrServicesDefault => "empty: all",
            AttrServices => "The catalogue shows only these services.",
            AttrLangValues => "de | en",
            AttrLangDefault => "de",
            AttrLang => "Language of the portal.",
            AttrModeValues => "shadow | iframe",
            AttrModeDefault => "shadow",
            AttrMode => {
                "shadow: in a Shadow DOM of your page, styles isolated both ways. iframe: in an iframe whose height follows its content through postMessage (the messages' origin is checked on both sides)."
            }
            AttrHistoryValues => "memory | hash",
            AttrHistoryDefault => "memory",
            AttrHistory => {
                "memory: your page's address never changes. hash: the route in the portal is kept in the address's fragment (#/services/…), so deep links and back and forward work."
            }
            AttrStartValues => "path in the portal",
            AttrStartDefault => "/ (the catalogue)",
            AttrStart => "The first page, for example /services/99050012104000.",
            AttrTitleValues => "text",
            AttrTitleDefault => "Bürgerportal",
            AttrTitle => "iframe mode only: the accessible name of the iframe.",
            EmbedCsp => "Your page's Content-Security-Policy",
            EmbedCspText => {
                "If your page has a Content-Security-Policy, it must allow the portal. Add these sources (portal and API share one address here):"
            }
            EmbedCspIframe => "frame-src is needed in iframe mode only.",
            Outdated => {
                "Outdated: the definition has errors, the last version without errors is shown."
            }
            Empty => "No definition loaded yet.",
            NoPreviewSubmit => "Nothing is submitted in the preview.",
        },
    }
}

/// A text that follows the language.
/// A size in MB (MiB, as the engine counts) with one decimal, in the language's notation.
pub fn megabytes(lang: Lang, bytes: f64) -> String {
    let text = format!("{:.1} MB", bytes / (1024.0 * 1024.0));
    match lang {
        Lang::De => text.replace('.', ","),
        _ => text,
    }
}

pub fn ptr(lang: RwSignal<Lang>, msg: P) -> impl Fn() -> &'static str + Copy + 'static {
    move || pt(lang.get(), msg)
}

// ---- The engine's definition errors in German ----------------------------------------
//
// The engine reports what is wrong as data (`DefinitionErrorKind`, with the kinds of
// expressions, patterns and date limits); its `Display` is English. The German texts
// live here, in the preview's bundle, so the citizen's WASM carries none of them.

/// A definition error's message in the language (English: the engine's own text).
pub fn definition_error(lang: Lang, kind: &DefinitionErrorKind) -> String {
    match lang {
        Lang::De => definition_error_de(kind),
        Lang::En => kind.to_string(),
    }
}

fn node_de(node: Node) -> &'static str {
    match node {
        Node::Definition => "Die Formulardefinition",
        Node::Step => "Ein Schritt",
        Node::Section => "Ein Abschnitt",
        Node::Field => "Ein Feld",
        Node::Option => "Eine Auswahlmöglichkeit",
        Node::Rule => "Eine Regel",
        Node::Computed => "Ein berechneter Wert",
    }
}

fn expected_de(expected: Expected) -> &'static str {
    match expected {
        Expected::String => "eine Zeichenkette",
        Expected::Unsigned => "eine ganze Zahl von 0 bis 4294967295",
        Expected::Integer => "eine ganze Zahl",
        Expected::Number => "eine Zahl",
        Expected::Bool => "`true` oder `false`",
        Expected::Text => {
            "ein Text: eine Zeichenkette oder ein Objekt wie {\"de\": \"…\", \"en\": \"…\"}"
        }
        Expected::Array => "ein Array",
        Expected::Language => "eine Sprache: `de` oder `en`",
        Expected::Messages => "ein Objekt aus Fehlerschlüssel -> Text",
        Expected::FieldTypeName => "der Name eines Feldtyps (eine Zeichenkette)",
    }
}

fn found_de(found: &Found) -> String {
    match found {
        Found::Array => "ein Array".into(),
        Found::Object => "ein Objekt".into(),
        Found::Value(v) => v.clone(),
    }
}

/// serde_json's messages (its `ErrorCode`s, as of serde_json 1.0) in German; another
/// message stays as serde_json wrote it.
fn json_syntax_de(detail: &str) -> &str {
    match detail {
        "EOF while parsing a list" => "Der Text endet mitten in einer Liste",
        "EOF while parsing an object" => "Der Text endet mitten in einem Objekt",
        "EOF while parsing a string" => "Der Text endet mitten in einer Zeichenkette",
        "EOF while parsing a value" => "Der Text endet, wo ein Wert fehlt",
        "expected `:`" => "Erwartet: `:`",
        "expected `,` or `]`" => "Erwartet: `,` oder `]`",
        "expected `,` or `}`" => "Erwartet: `,` oder `}`",
        "expected ident" => "Erwartet: `true`, `false` oder `null`",
        "expected value" => "Erwartet: ein Wert",
        "expected `\"`" => "Erwartet: `\"`",
        "invalid escape" => "Ungültige Escape-Sequenz",
        "invalid number" => "Ungültige Zahl",
        "number out of range" => "Zahl außerhalb des darstellbaren Bereichs",
        "invalid unicode code point" => "Ungültiger Unicode-Codepunkt",
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            "Steuerzeichen (\\u0000–\\u001F) in einer Zeichenkette"
        }
        "key must be a string" => "Ein Schlüssel muss eine Zeichenkette sein",
        "lone leading surrogate in hex escape" => {
            "Einzelnes führendes Surrogat in einer \\u-Escape-Sequenz"
        }
        "trailing comma" => "Überzähliges Komma vor der schließenden Klammer",
        "trailing characters" => "Weitere Zeichen nach dem Ende des Dokuments",
        "unexpected end of hex escape" => "Unvollständige \\u-Escape-Sequenz",
        "recursion limit exceeded" => "Zu tief verschachtelt",
        other => other,
    }
}

fn token_de(token: &Token) -> String {
    match token {
        Token::Word(w) => format!("`{w}`"),
        Token::Text => "ein Text".into(),
        Token::Number => "eine Zahl".into(),
        Token::Symbol(s) => format!("`{s}`"),
    }
}

fn expression_de(kind: &ExprErrorKind) -> String {
    use ExprErrorKind as E;
    match kind {
        E::Empty => "die Bedingung ist leer".into(),
        E::TooLong { max } => format!("der Ausdruck ist länger als {max} Zeichen"),
        E::TooDeep { max } => format!("die Bedingung ist tiefer als {max} Ebenen verschachtelt"),
        E::SingleEquals => "zum Vergleichen `==` schreiben".into(),
        E::Bang => "`not` oder `!=` schreiben".into(),
        E::UnclosedText => "der Text ist nicht geschlossen".into(),
        E::UnknownEscape => "unbekannte Escape-Sequenz, erlaubt sind nur \\\\, \\' und \\\"".into(),
        E::InvalidNumber => "ungültige Zahl".into(),
        E::UnexpectedChar(c) => format!("unerwartetes Zeichen `{c}`"),
        E::Unexpected(token) => format!("unerwartet: {}", token_de(token)),
        E::Expected(expected) => format!(
            "erwartet: {}",
            match expected {
                ExprExpected::CloseParen => "`)`",
                ExprExpected::OpenBracketAfterIn => "`[` nach `in`",
                ExprExpected::CommaOrCloseBracket => "`,` oder `]`",
            }
        ),
        E::ExpectedNumberAfterMinus => "nach `-` muss eine Zahl folgen".into(),
        E::ExpectedLiteral => "erwartet: ein Text, eine Zahl, `true` oder `false`".into(),
        E::ExpectedFieldId => "erwartet: eine Feld-ID".into(),
        E::UnknownFunction(name) => format!(
            "unbekannte Funktion `{name}`, möglich sind: {}",
            form_engine::expr::function_names()
        ),
        E::TooManyArguments { name, arity } => {
            format!("`{name}` nimmt {arity} Argument(e)")
        }
        E::TooFewArguments { name, arity } => {
            format!("erwartet: `,` und ein weiteres Argument: `{name}` nimmt {arity}")
        }
        E::EndsEarly => "der Ausdruck endet zu früh".into(),
    }
}

fn pattern_de(kind: PatternErrorKind) -> String {
    use PatternErrorKind as K;
    match kind {
        K::TooLarge => "das Muster ist zu groß".into(),
        K::TooLong => format!(
            "das Muster ist länger als {} Zeichen",
            form_engine::pattern::MAX_PATTERN_LEN
        ),
        K::MalformedRepetition => "fehlerhafte Wiederholung, erwartet: {n}, {n,} oder {n,m}".into(),
        K::RepetitionOutOfOrder => "Wiederholung {n,m} mit m kleiner als n".into(),
        K::RepetitionTooLarge => "Wiederholungszahl größer als 1000".into(),
        K::UnexpectedEnd => "unerwartetes Ende".into(),
        K::UnsupportedGroup => "nicht unterstützte Gruppe, erlaubt sind nur ( ) und (?: )".into(),
        K::GroupsTooDeep => "Gruppen zu tief verschachtelt".into(),
        K::UnclosedGroup => "Gruppe nicht geschlossen".into(),
        K::UnmatchedParen => "`)` ohne öffnende Klammer".into(),
        K::NothingToRepeat => "nichts zu wiederholen".into(),
        K::TrailingBackslash => "das Muster endet mit \\".into(),
        K::UnclosedProperty => "\\p{…} nicht geschlossen".into(),
        K::UnsupportedProperty => {
            "nicht unterstützte \\p-Klasse, möglich sind L, Lu, Ll und N".into()
        }
        K::UnsupportedEscape => "nicht unterstützte Escape-Sequenz".into(),
        K::UnclosedClass => "Zeichenklasse nicht geschlossen".into(),
        K::BracketInClass => "[ in einer Zeichenklasse muss mit \\ maskiert werden".into(),
        K::RangeOutOfOrder => "Bereich in falscher Reihenfolge".into(),
        K::RangeEndsInClass => "ein Bereich kann nicht mit einer Klasse enden".into(),
    }
}

fn definition_error_de(kind: &DefinitionErrorKind) -> String {
    use DefinitionErrorKind as K;
    match kind {
        K::TooLarge { max_mib } => format!("Die Definition ist größer als {max_mib} MiB"),
        K::Syntax { detail } => format!("Kein gültiges JSON: {}", json_syntax_de(detail)),
        K::TooDeep { max } => format!("Tiefer als {max} Ebenen verschachtelt"),
        K::NotAnObject { node, found } => format!(
            "{} muss ein JSON-Objekt sein, gefunden: {}",
            node_de(*node),
            found_de(found)
        ),
        K::UnknownProperty { key, expected } => format!(
            "Unbekannte Eigenschaft `{key}`, möglich sind: {}",
            quoted_list(expected)
        ),
        K::MissingProperty { key } => format!("Die Eigenschaft `{key}` fehlt"),
        K::WrongType { expected, found } => format!(
            "Erwartet: {}, gefunden: {}",
            expected_de(*expected),
            found_de(found)
        ),
        K::UnknownFieldType { name } => format!(
            "Unbekannter Feldtyp `{name}`, möglich sind: {}",
            form_engine::definition::FIELD_TYPES.join(", ")
        ),
        K::Condition(e) => format!(
            "Ungültige Bedingung an Position {}: {}",
            e.position,
            expression_de(&e.kind)
        ),
        K::Pattern(e) => format!(
            "Ungültiges Muster bei Zeichen {}: {}",
            e.position,
            pattern_de(e.kind)
        ),
        K::DateLimit(DateBoundError::InvalidDate(s)) => format!(
            "Ungültige Datumsgrenze `{s}`, erwartet: JJJJ-MM-TT, `today` oder z. B. `today-18y`"
        ),
        K::DateLimit(DateBoundError::InvalidOffset(s)) => format!(
            "Ungültiger Abstand in `{s}`, erwartet z. B. `today+2d` oder `today-18y` (Einheiten d, w, m, y)"
        ),
        K::VersionZero => "Die Version muss 1 oder höher sein".into(),
        K::NoSteps => "Ein Formular braucht mindestens einen Schritt".into(),
        K::NoSections => "Ein Schritt braucht mindestens einen Abschnitt".into(),
        K::NoFields => "Ein Abschnitt braucht mindestens ein Feld".into(),
        K::GroupWithoutFields => "Eine Gruppe braucht mindestens ein Feld".into(),
        K::InvalidId { id, dash_allowed } => format!(
            "Ungültige ID `{id}`: 1 bis 64 ASCII-Zeichen ({}), am Anfang ein Buchstabe",
            if *dash_allowed {
                "Buchstaben, Ziffern, `_` und `-`"
            } else {
                "Buchstaben, Ziffern und `_`"
            }
        ),
        K::DuplicateStepOrSectionId { id } => {
            format!("Die ID `{id}` hat schon ein anderer Schritt oder Abschnitt")
        }
        K::MissingGerman => "Der deutsche Text fehlt (`de`)".into(),
        K::MoreProblems { more } => {
            format!("{more} weitere Probleme, nicht aufgeführt: Beheben Sie zuerst die obigen")
        }
        K::MissingTranslation { lang } => format!(
            "Der Text in `{}` fehlt: Laut `languages` sind die Texte des Formulars darin vollständig",
            lang.code()
        ),
        K::ExpressionUnknownField { id } => {
            format!("Der Ausdruck verwendet das unbekannte Feld `{id}`")
        }
        K::NoSuchPart { path, part } => format!("`{path}` hat keinen Teil `{part}`"),
        K::DuplicateRuleId { id } => format!("Die Regel-ID `{id}` ist doppelt vergeben"),
        K::RuleFieldNotOnStep { field } => format!(
            "Das Feld `{field}` ist nicht auf diesem Schritt; die Regel gehört in die `rules` des Formulars"
        ),
        K::TakesNoAnswer { field } => format!("`{field}` nimmt keine Antwort auf"),
        K::DecidingAnswerInGroup => "Ein Feld, das die zuständige Behörde bestimmt, darf nicht in einer Gruppe stehen: ein Antrag geht an eine Behörde".into(),
        K::SecondDecidingAnswer { first } => format!(
            "`{first}` bestimmt schon die zuständige Behörde; das darf nur ein Feld eines Formulars"
        ),
        K::UnknownRuleField { field } => format!("Unbekanntes Feld `{field}`"),
        K::DuplicateComputedId { id } => format!(
            "Die ID `{id}` ist doppelt vergeben (berechnete Werte und Felder teilen sich die IDs)"
        ),
        K::ConditionUsesLaterField { id } => format!(
            "Die Bedingung verwendet das Feld `{id}`, das nicht vor ihr steht; Bedingungen dürfen nur früher gegebene Antworten verwenden (in einer Gruppe auch die desselben Eintrags)"
        ),
        K::ConditionUnknownField { id } => {
            format!("Die Bedingung verwendet das unbekannte Feld `{id}`")
        }
        K::DuplicateFieldId { id } => format!("Die Feld-ID `{id}` ist doppelt vergeben"),
        K::UnknownErrorKey { key } => format!(
            "Unbekannter Fehlerschlüssel `{key}`, möglich sind: {}",
            form_engine::error::ERROR_KEYS.join(", ")
        ),
        K::MinAboveMax {
            min_name,
            max_name,
            min,
            max,
        } => format!("`{min_name}` ({min}) ist größer als `{max_name}` ({max})"),
        K::DateMinAfterMax { min, max } => format!("`min` ({min}) liegt nach `max` ({max})"),
        K::DateTimeLimit { value } => {
            format!(
                "ungültige Grenze `{value}` für Datum und Uhrzeit, erwartet zum Beispiel 2026-12-16T14:30"
            )
        }
        K::MaxDecimalsTooLarge => "`max_decimals` darf höchstens 10 sein".into(),
        K::CodeListUnnamed => "`list` muss die Codeliste nennen".into(),
        K::MaxFilesZero => "`max_files` muss 1 oder größer sein".into(),
        K::MaxSizeZero => "`max_size_mb` muss 1 oder größer sein".into(),
        K::UnknownFileType { entry } => {
            let (types, extensions) = form_engine::media::accept_choices();
            format!(
                "Der Eintrag `{entry}` in `accept` nennt keinen Dateityp, dessen Inhalt geprüft werden kann; möglich sind {types}, image/* oder eine Endung davon ({extensions})"
            )
        }
        K::NotFinite { name } => format!("`{name}` muss eine endliche Zahl sein"),
        K::NoOptions => "Eine Auswahl braucht mindestens eine Option".into(),
        K::EmptyOptionValue => "Der Wert einer Option darf nicht leer sein".into(),
        K::DuplicateOptionValue { value } => {
            format!("Der Optionswert `{value}` ist doppelt vergeben")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use form_engine::expr::ExprError;
    use form_engine::pattern::PatternError;
    use form_engine::{FormDefinition, Lang};

    /// The position of a kind in the list below. Exhaustive (no `_`): a new kind does
    /// not compile until it has a number here, and the test then asks for a sample.
    fn index(kind: &DefinitionErrorKind) -> usize {
        use DefinitionErrorKind as K;
        match kind {
            K::TooLarge { .. } => 0,
            K::Syntax { .. } => 1,
            K::TooDeep { .. } => 2,
            K::NotAnObject { .. } => 3,
            K::UnknownProperty { .. } => 4,
            K::MissingProperty { .. } => 5,
            K::WrongType { .. } => 6,
            K::UnknownFieldType { .. } => 7,
            K::Condition(_) => 8,
            K::Pattern(_) => 9,
            K::DateLimit(_) => 10,
            K::VersionZero => 11,
            K::NoSteps => 12,
            K::NoSections => 13,
            K::NoFields => 14,
            K::GroupWithoutFields => 15,
            K::InvalidId { .. } => 16,
            K::DuplicateStepOrSectionId { .. } => 17,
            K::MissingGerman => 18,
            K::ExpressionUnknownField { .. } => 19,
            K::NoSuchPart { .. } => 20,
            K::DuplicateRuleId { .. } => 21,
            K::RuleFieldNotOnStep { .. } => 22,
            K::TakesNoAnswer { .. } => 23,
            K::UnknownRuleField { .. } => 24,
            K::DuplicateComputedId { .. } => 25,
            K::ConditionUsesLaterField { .. } => 26,
            K::ConditionUnknownField { .. } => 27,
            K::DuplicateFieldId { .. } => 28,
            K::UnknownErrorKey { .. } => 29,
            K::MinAboveMax { .. } => 30,
            K::DateMinAfterMax { .. } => 31,
            K::MaxDecimalsTooLarge => 32,
            K::CodeListUnnamed => 33,
            K::MaxFilesZero => 34,
            K::MaxSizeZero => 35,
            K::NotFinite { .. } => 36,
            K::NoOptions => 37,
            K::EmptyOptionValue => 38,
            K::DuplicateOptionValue { .. } => 39,
            K::UnknownFileType { .. } => 40,
            K::DateTimeLimit { .. } => 41,
            K::DecidingAnswerInGroup => 42,
            K::SecondDecidingAnswer { .. } => 43,
            K::MissingTranslation { .. } => 44,
            K::MoreProblems { .. } => 45,
        }
    }
    const KINDS: usize = 46;

    fn expr(kind: ExprErrorKind) -> DefinitionErrorKind {
        DefinitionErrorKind::Condition(ExprError { position: 7, kind })
    }

    fn pattern(kind: PatternErrorKind) -> DefinitionErrorKind {
        DefinitionErrorKind::Pattern(PatternError { position: 3, kind })
    }

    fn samples() -> Vec<DefinitionErrorKind> {
        use DefinitionErrorKind as K;
        let id = || "feld_x".to_string();
        let mut out = vec![
            K::TooLarge { max_mib: 2 },
            K::Syntax {
                detail: "expected `,` or `}`".into(),
            },
            K::TooDeep { max: 32 },
            K::UnknownProperty {
                key: "lable".into(),
                expected: vec!["id", "label"],
            },
            K::MissingProperty { key: "label" },
            K::UnknownFieldType {
                name: "e-mail".into(),
            },
            K::DateLimit(DateBoundError::InvalidDate("morgen".into())),
            K::DateLimit(DateBoundError::InvalidOffset("today+x".into())),
            K::VersionZero,
            K::NoSteps,
            K::NoSections,
            K::NoFields,
            K::GroupWithoutFields,
            K::InvalidId {
                id: "1x".into(),
                dash_allowed: true,
            },
            K::InvalidId {
                id: "1x".into(),
                dash_allowed: false,
            },
            K::DuplicateStepOrSectionId { id: id() },
            K::MissingGerman,
            K::MissingTranslation { lang: Lang::En },
            K::MoreProblems { more: 29_900 },
            K::ExpressionUnknownField { id: id() },
            K::NoSuchPart {
                path: "anschrift".into(),
                part: "ort".into(),
            },
            K::DuplicateRuleId { id: id() },
            K::RuleFieldNotOnStep { field: id() },
            K::TakesNoAnswer { field: id() },
            K::UnknownRuleField { field: id() },
            K::DuplicateComputedId { id: id() },
            K::ConditionUsesLaterField { id: id() },
            K::ConditionUnknownField { id: id() },
            K::DuplicateFieldId { id: id() },
            K::UnknownErrorKey {
                key: "zu_lang".into(),
            },
            K::MinAboveMax {
                min_name: "min_length",
                max_name: "max_length",
                min: "9".into(),
                max: "3".into(),
            },
            K::DateMinAfterMax {
                min: "today".into(),
                max: "today-1d".into(),
            },
            K::MaxDecimalsTooLarge,
            K::CodeListUnnamed,
            K::MaxFilesZero,
            K::MaxSizeZero,
            K::UnknownFileType {
                entry: ".dwg".into(),
            },
            K::NotFinite { name: "max" },
            K::NoOptions,
            K::EmptyOptionValue,
            K::DuplicateOptionValue { value: "a".into() },
            K::DateTimeLimit {
                value: "morgen".into(),
            },
            K::DecidingAnswerInGroup,
            K::SecondDecidingAnswer {
                first: "ort".into(),
            },
        ];
        for node in [
            Node::Definition,
            Node::Step,
            Node::Section,
            Node::Field,
            Node::Option,
            Node::Rule,
            Node::Computed,
        ] {
            for found in [Found::Array, Found::Object, Found::Value("12".into())] {
                out.push(K::NotAnObject { node, found });
            }
        }
        for expected in [
            Expected::String,
            Expected::Unsigned,
            Expected::Integer,
            Expected::Number,
            Expected::Bool,
            Expected::Text,
            Expected::Array,
            Expected::Language,
            Expected::Messages,
            Expected::FieldTypeName,
        ] {
            out.push(K::WrongType {
                expected,
                found: Found::Value("\"x\"".into()),
            });
        }
        use ExprErrorKind as E;
        for kind in [
            E::Empty,
            E::TooLong { max: 1000 },
            E::TooDeep { max: 24 },
            E::SingleEquals,
            E::Bang,
            E::UnclosedText,
            E::UnknownEscape,
            E::InvalidNumber,
            E::UnexpectedChar('§'),
            E::Unexpected(Token::Word("and".into())),
            E::Unexpected(Token::Text),
            E::Unexpected(Token::Number),
            E::Unexpected(Token::Symbol(")")),
            E::Expected(ExprExpected::CloseParen),
            E::Expected(ExprExpected::OpenBracketAfterIn),
            E::Expected(ExprExpected::CommaOrCloseBracket),
            E::ExpectedNumberAfterMinus,
            E::ExpectedLiteral,
            E::ExpectedFieldId,
            E::UnknownFunction("lenght".into()),
            E::TooManyArguments {
                name: "len".into(),
                arity: 1,
            },
            E::TooFewArguments {
                name: "len".into(),
                arity: 1,
            },
            E::EndsEarly,
        ] {
            out.push(expr(kind));
        }
        use PatternErrorKind as P;
        for kind in [
            P::TooLarge,
            P::TooLong,
            P::MalformedRepetition,
            P::RepetitionOutOfOrder,
            P::RepetitionTooLarge,
            P::UnexpectedEnd,
            P::UnsupportedGroup,
            P::GroupsTooDeep,
            P::UnclosedGroup,
            P::UnmatchedParen,
            P::NothingToRepeat,
            P::TrailingBackslash,
            P::UnclosedProperty,
            P::UnsupportedProperty,
            P::UnsupportedEscape,
            P::UnclosedClass,
            P::BracketInClass,
            P::RangeOutOfOrder,
            P::RangeEndsInClass,
        ] {
            out.push(pattern(kind));
        }
        out
    }

    #[test]
    fn every_definition_error_kind_has_a_german_text() {
        let samples = samples();
        let covered: std::collections::BTreeSet<usize> = samples.iter().map(index).collect();
        let missing: Vec<usize> = (0..KINDS).filter(|i| !covered.contains(i)).collect();
        assert!(missing.is_empty(), "no sample for kinds {missing:?}");
        for kind in &samples {
            let de = definition_error(Lang::De, kind);
            let en = definition_error(Lang::En, kind);
            assert_eq!(en, kind.to_string());
            assert!(!de.trim().is_empty(), "{en}");
            assert_ne!(de, en, "German text missing for: {en}");
            // Names, values and positions of the English message stay in the German one.
            for quoted in en.split('`').skip(1).step_by(2) {
                assert!(
                    de.contains(&format!("`{quoted}`")),
                    "{de} lacks `{quoted}` of {en}"
                );
            }
        }
    }

    /// The JSON syntax messages serde_json really writes are in the table.
    #[test]
    fn json_syntax_errors_are_translated() {
        for broken in [
            "{\"id\": \"x\" \"version\": 1}",
            "[1, 2",
            "{\"a\": ",
            "{\"a\": \"b",
            "{\"a\" 1}",
            "{\"a\": 1,}",
            "{\"a\": tru}",
            "{\"a\": 1} x",
            "{\"a\": \"\\q\"}",
            "{1: 2}",
            "[1 2]",
            "{\"a\": -}",
        ] {
            let errors = FormDefinition::from_json(broken).expect_err(broken).0;
            let DefinitionErrorKind::Syntax { detail } = &errors[0].kind else {
                panic!("{broken}: not a syntax error: {:?}", errors[0]);
            };
            assert_ne!(json_syntax_de(detail), detail, "{broken}: {detail}");
        }
    }
}
