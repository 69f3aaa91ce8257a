// SPDX-License-Identifier: EUPL-1.2
//! The preview's own words in German and English (kept out of `crate::i18n`, whose
//! table is part of the citizen bundle).

use form_engine::Lang;
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
            Outdated => {
                "Outdated: the definition has errors, the last version without errors is shown."
            }
            Empty => "No definition loaded yet.",
            NoPreviewSubmit => "Nothing is submitted in the preview.",
        },
    }
}

/// A text that follows the language.
pub fn ptr(lang: RwSignal<Lang>, msg: P) -> impl Fn() -> &'static str + Copy + 'static {
    move || pt(lang.get(), msg)
}
