// SPDX-License-Identifier: EUPL-1.2
//! The portal's own texts in German and English. Texts of services and forms come from
//! the API and the definitions; these are only the words around them.

use form_engine::{Lang, Text};
use leptos::prelude::*;

/// The language the citizen chose, shared by every page.
#[derive(Clone, Copy)]
pub struct UiLang(pub RwSignal<Lang>);

const STORAGE_KEY: &str = "bp-lang";

pub fn provide_language() -> UiLang {
    // A host page's setting first, then the citizen's last choice, then German.
    let initial = crate::config::get()
        .lang
        .or_else(|| crate::storage::get(STORAGE_KEY).map(|tag| Lang::from_tag(&tag)))
        .unwrap_or(Lang::De);
    let lang = UiLang(RwSignal::new(initial));
    crate::reactive_view::effect(move || {
        let current = lang.0.get();
        crate::storage::set(STORAGE_KEY, tag(current));
        // Screen readers pick the pronunciation from the language of the document, or of
        // the portal's root in a host page (whose own `lang` stays) or in the preview's
        // device frame.
        if crate::config::get().embedding != crate::config::Embedding::Shadow
            && let Some(html) = document().document_element()
        {
            let _ = html.set_attribute("lang", tag(current));
        }
        if let Some(root) = crate::config::root() {
            let _ = root.element.set_attribute("lang", tag(current));
        }
    });
    provide_context(lang);
    lang
}

pub fn use_lang() -> RwSignal<Lang> {
    use_context::<UiLang>()
        .map(|l| l.0)
        .unwrap_or_else(|| RwSignal::new(Lang::De))
}

/// A text node or attribute value that follows the language. One function (and so one
/// closure type) for every such text (docs/SIZE.md).
pub fn message_fn(lang: RwSignal<Lang>, msg: Msg) -> impl Fn() -> &'static str + Copy + 'static {
    move || message(lang.get(), msg)
}

/// A translated text of a definition or the API that follows the language (see [`message_fn`]).
pub fn text(lang: RwSignal<Lang>, text: Text) -> impl Fn() -> String + Clone + 'static {
    move || text.get(lang.get()).to_string()
}

pub fn tag(lang: Lang) -> &'static str {
    match lang {
        Lang::De => "de",
        Lang::En => "en",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    PortalName,
    SkipToContent,
    SwitchLanguage,
    OtherLanguageName,
    Services,
    SearchLabel,
    SearchHint,
    NoServicesFound,
    /// The list is filtered by a category or life situation the catalogue does not have.
    UnknownTopic,
    ServicesFound,
    TimeHint,
    Loading,
    LoadFailed,
    Offline,
    PageNotLoaded,
    PageNotLoadedHint,
    Retry,
    StartApplication,
    ExternalService,
    Fees,
    ProcessingTime,
    Documents,
    DocumentSeparately,
    DocumentsSeparatelyNote,
    OfferedBy,
    LegalBasis,
    BackToServices,
    StepOf,
    Next,
    Back,
    ErrorSummaryTitle,
    ErrorPrefix,
    ReceiptUnknownTitle,
    Optional,
    CheckAnswersTitle,
    Change,
    Submit,
    Submitting,
    SubmitRetrying,
    SubmitFailed,
    SubmitRejected,
    SubmitRejectedAt,
    SubmitTooMany,
    AnswerTooLong,
    FilesTooLarge,
    FileGone,
    KeyNotSigned,
    ConfirmationTitle,
    ReferenceNumber,
    ReceivingAuthority,
    // Issue #8: the decision of the authority, and who can read the application.
    StatusLabel,
    StatusDraft,
    StatusReceived,
    StatusAccepted,
    StatusRejected,
    EncryptedNote,
    WhatHappensNext,
    WhatHappensNextText,
    PrintReceipt,
    NotFoundTitle,
    NotFoundText,
    Yes,
    No,
    SelectPlaceholder,
    NotAnswered,
    FormUnavailable,
    Day,
    Month,
    Year,
    DraftRestored,
    DeleteMyData,
    DataDeleted,
    StepsLabel,
    AddItem,
    RemoveItem,
    Entry,
    RemoveFile,
    Street,
    HouseNumber,
    Postcode,
    City,
    SubmitOffline,
    Uploading,
    AllServices,
    Popular,
    Categories,
    LifeSituations,
    PlaceQuestion,
    PlaceHint,
    PlaceSearch,
    PlaceNoMatch,
    ResponsibleAuthority,
    ComputedTitle,
    OtherPlace,
    NoAuthority,
    DownloadReceipt,
    SubmittedOn,
    // The receipt rebuilt from the status (issue #19).
    RejectedTitle,
    ReceiptTitle,
    ReasonLabel,
    ServiceLabel,
    StatusLater,
    StatusLinkText,
    StatusNoToken,
    StatusNotFound,
    YourAnswers,
    AnswersNotKept,
    ChecksumLabel,
    GermanTime,
    DraftMigrated,
    DraftDropped,
    FilesNotKept,
    CharsLeft,
    CharsTooMany,
    DeleteQuestion,
    DeleteConfirm,
    Cancel,
    ChooseFile,
    ChooseFiles,
    DropFiles,
    // Issue #18: the footer's legal pages (served by the server, `legal` there).
    LegalNav,
    Imprint,
    Privacy,
    Accessibility,
    AccessibilityEasy,
    PrivacyBeforeSending,
    OpensInNewTab,
    Contact,
    Phone,
    Email,
    OpeningHours,
}

/// The portal's own text `msg` in `lang`.
pub fn message(lang: Lang, msg: Msg) -> &'static str {
    use Msg::*;
    match lang {
        Lang::De => match msg {
            PortalName => "Bürgerportal",
            SkipToContent => "Zum Inhalt springen",
            SwitchLanguage => "Sprache wechseln",
            OtherLanguageName => "English",
            Services => "Leistungen",
            SearchLabel => "Leistung suchen",
            SearchHint => "Zum Beispiel Gewerbe, Baum oder Versammlung",
            NoServicesFound => "Keine Leistung gefunden. Versuchen Sie einen anderen Suchbegriff.",
            UnknownTopic => "Dieses Thema gibt es hier nicht.",
            ServicesFound => "Gefundene Leistungen: {n}",
            TimeHint => "Zum Beispiel 14:30",
            Loading => "Wird geladen …",
            LoadFailed => "Die Daten konnten nicht geladen werden.",
            Offline => "Keine Verbindung. Prüfen Sie Ihre Internetverbindung.",
            PageNotLoaded => "Diese Seite konnte nicht geladen werden",
            PageNotLoadedHint => {
                "Prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut. Hilft das nicht, \
                 laden Sie die Seite neu: Ihre Angaben bleiben erhalten."
            }
            Retry => "Erneut versuchen",
            StartApplication => "Antrag starten",
            ExternalService => "Zum Online-Dienst",
            Fees => "Gebühren",
            ProcessingTime => "Bearbeitungsdauer",
            Documents => "Benötigte Unterlagen",
            DocumentSeparately => "nicht im Online-Formular: bitte gesondert einreichen",
            DocumentsSeparatelyNote => {
                "Für die so markierten Unterlagen hat das Online-Formular keinen Upload. Schicken Sie sie nach dem Absenden per Post oder E-Mail an die zuständige Behörde oder legen Sie sie dort vor und nennen Sie dabei Ihr Aktenzeichen."
            }
            OfferedBy => "Angeboten von",
            LegalBasis => "Rechtsgrundlage",
            BackToServices => "Zurück zu allen Leistungen",
            StepOf => "Schritt {n} von {total}",
            Next => "Weiter",
            Back => "Zurück",
            ErrorSummaryTitle => "Es gibt ein Problem",
            ErrorPrefix => "Fehler: ",
            ReceiptUnknownTitle => "Antrag nicht gefunden",
            Optional => "(optional)",
            CheckAnswersTitle => "Angaben prüfen",
            Change => "Ändern",
            Submit => "Antrag absenden",
            Submitting => "Antrag wird gesendet …",
            SubmitRetrying => "Die Verbindung ist unterbrochen. Wir versuchen es erneut …",
            SubmitFailed => {
                "Der Antrag konnte nicht gesendet werden. Ihre Angaben bleiben erhalten; versuchen Sie es später erneut."
            }
            SubmitRejected => "Der Antrag wurde nicht angenommen. Bitte prüfen Sie Ihre Angaben.",
            SubmitRejectedAt => {
                "Der Antrag wurde nicht angenommen. Ändern Sie bitte diese Angaben und senden Sie ihn dann erneut:"
            }
            AnswerTooLong => {
                "Diese Angabe ist zu lang, um mit dem Antrag gesendet zu werden. Kürzen Sie sie bitte."
            }
            FilesTooLarge => "Die Dateien sind zusammen zu groß.",
            SubmitTooMany => {
                "Ihr Antrag wurde nicht gesendet: Von Ihrem Anschluss kamen in kurzer Zeit zu viele Anträge. Ihre Angaben bleiben erhalten. Bitte warten Sie eine Minute und senden Sie dann erneut."
            }
            FileGone => {
                "Die Datei „{name}“ ist nicht mehr ausgewählt. Wählen Sie sie bitte noch einmal aus."
            }
            KeyNotSigned => {
                "Ihr Antrag wurde nicht gesendet: Der Schlüssel der zuständigen Behörde ist nicht vom Land bestätigt, daher wurde nichts verschlüsselt. Ihre Angaben bleiben erhalten; bitte versuchen Sie es später erneut."
            }
            ConfirmationTitle => "Antrag gesendet",
            ReferenceNumber => "Ihr Aktenzeichen",
            ReceivingAuthority => "Empfangende Behörde",
            StatusLabel => "Stand",
            StatusDraft => "Noch nicht vollständig gesendet",
            StatusReceived => "Eingegangen",
            StatusAccepted => "Angenommen",
            StatusRejected => "Abgelehnt",
            EncryptedNote => {
                "Ihre Angaben wurden in Ihrem Browser verschlüsselt. Lesen kann sie nur die zuständige Behörde."
            }
            WhatHappensNext => "Wie es weitergeht",
            WhatHappensNextText => {
                "Die zuständige Behörde bearbeitet Ihren Antrag. Bewahren Sie das Aktenzeichen auf; Sie brauchen es bei Rückfragen."
            }
            PrintReceipt => "Bestätigung drucken",
            NotFoundTitle => "Seite nicht gefunden",
            NotFoundText => {
                "Diese Seite oder Leistung gibt es nicht, oder nicht mehr. Prüfen Sie die Adresse oder wählen Sie die Leistung aus der Übersicht."
            }
            Yes => "Ja",
            No => "Nein",
            SelectPlaceholder => "Bitte auswählen",
            NotAnswered => "Keine Angabe",
            FormUnavailable => "Für diese Leistung gibt es noch kein Online-Formular.",
            DraftRestored => {
                "Ihre bisherigen Angaben wurden aus diesem Browser wiederhergestellt. Sie werden hier höchstens 30 Tage aufbewahrt."
            }
            DeleteMyData => "Meine Angaben löschen",
            StepsLabel => "Schritte des Antrags",
            DataDeleted => "Ihre Angaben wurden aus diesem Browser gelöscht.",
            Day => "Tag",
            Month => "Monat",
            Year => "Jahr",
            AddItem => "Weiteren Eintrag hinzufügen",
            RemoveItem => "Entfernen",
            Entry => "Eintrag",
            RemoveFile => "Datei entfernen",
            Street => "Straße",
            HouseNumber => "Hausnummer",
            Postcode => "Postleitzahl",
            City => "Ort",
            SubmitOffline => {
                "Sie sind offline. Ihre Angaben bleiben erhalten; der Antrag wird gesendet, sobald die Verbindung wieder besteht."
            }
            Uploading => "Anhang {n} von {total} wird hochgeladen: {percent} %",
            AllServices => "Alle Leistungen",
            Popular => "Häufig genutzt",
            Categories => "Themen",
            LifeSituations => "Lebenslagen",
            PlaceQuestion => "Für welchen Ort stellen Sie den Antrag?",
            PlaceHint => {
                "Die zuständige Behörde hängt vom Ort ab, zum Beispiel dem Ort des Betriebs oder der Veranstaltung. Geben Sie Postleitzahl oder Ortsnamen ein."
            }
            PlaceSearch => "Ort suchen",
            PlaceNoMatch => "Kein Ort gefunden. Prüfen Sie die Schreibweise oder die Postleitzahl.",
            ResponsibleAuthority => "Zuständige Behörde",
            ComputedTitle => "Aus Ihren Angaben berechnet",
            OtherPlace => "Anderen Ort wählen",
            NoAuthority => "Für diesen Ort ist keine Behörde für diese Leistung hinterlegt.",
            DownloadReceipt => "Bestätigung als PDF herunterladen",
            SubmittedOn => "Gesendet am",
            RejectedTitle => "Antrag abgelehnt",
            ReceiptTitle => "Empfangsbestätigung",
            ReasonLabel => "Begründung der Behörde",
            ServiceLabel => "Leistung",
            StatusLater => "Den Stand später abrufen",
            StatusLinkText => {
                "Mit diesem Link sehen Sie den Stand Ihres Antrags jederzeit, auch auf einem anderen Gerät. Wer den Link hat, sieht den Stand: Geben Sie ihn nicht weiter."
            }
            StatusNoToken => {
                "Der Stand dieses Antrags kann nur mit dem Link aus Ihrer Empfangsbestätigung abgerufen werden. Öffnen Sie bitte diesen Link."
            }
            StatusNotFound => {
                "Zu diesem Aktenzeichen und Link ist kein Antrag gespeichert. Prüfen Sie den Link; nach der Aufbewahrungsfrist werden Anträge gelöscht."
            }
            YourAnswers => "Ihre Angaben",
            AnswersNotKept => {
                "Ihre Angaben stehen nur in der Bestätigung, die Sie direkt nach dem Senden herunterladen: Sie werden nirgends unverschlüsselt gespeichert."
            }
            ChecksumLabel => "Prüfsumme der gesendeten Angaben (SHA-512)",
            GermanTime => "Uhr",
            DraftMigrated => {
                "Das Formular wurde geändert, seit Sie es begonnen haben. Ihre Angaben wurden übernommen, soweit die Fragen gleich geblieben sind."
            }
            DraftDropped => "Nicht übernommen, bitte neu angeben:",
            FilesNotKept => {
                "Ausgewählte Dateien werden nicht im Browser gespeichert. Bitte wählen Sie sie erneut aus."
            }
            CharsLeft => "Sie haben noch {n} Zeichen.",
            CharsTooMany => "Sie haben {n} Zeichen zu viel.",
            DeleteQuestion => {
                "Wollen Sie wirklich alle Ihre Angaben löschen, die dieser Browser aufbewahrt (auch Entwürfe anderer Anträge, gewählte Orte und Sendebestätigungen)? Das lässt sich nicht rückgängig machen."
            }
            DeleteConfirm => "Ja, Angaben löschen",
            Cancel => "Abbrechen",
            ChooseFile => "Datei auswählen",
            ChooseFiles => "Dateien auswählen",
            DropFiles => "oder hierher ziehen",
            LegalNav => "Rechtliches und Barrierefreiheit",
            Imprint => "Impressum",
            Privacy => "Datenschutzerklärung",
            Accessibility => "Erklärung zur Barrierefreiheit",
            AccessibilityEasy => "Barrierefreiheit in Leichter Sprache",
            PrivacyBeforeSending => {
                "Was mit Ihren Angaben geschieht, wer sie verarbeitet und wie lange sie gespeichert werden:"
            }
            OpensInNewTab => "(öffnet in neuem Tab)",
            Contact => "Kontakt",
            Phone => "Telefon",
            Email => "E-Mail",
            OpeningHours => "Öffnungszeiten",
        },
        Lang::En => match msg {
            PortalName => "Citizen portal",
            SkipToContent => "Skip to main content",
            SwitchLanguage => "Change language",
            OtherLanguageName => "Deutsch",
            Services => "Services",
            SearchLabel => "Search for a service",
            SearchHint => "For example business, tree or assembly",
            NoServicesFound => "No service found. Try another search term.",
            UnknownTopic => "There is no such topic here.",
            ServicesFound => "Services found: {n}",
            TimeHint => "For example 14:30",
            Loading => "Loading …",
            LoadFailed => "The data could not be loaded.",
            Offline => "No connection. Check your internet connection.",
            PageNotLoaded => "This page could not be loaded",
            PageNotLoadedHint => {
                "Check your internet connection and try again. If that does not help, reload \
                 the page: your answers are kept."
            }
            Retry => "Try again",
            StartApplication => "Start application",
            ExternalService => "Go to the online service",
            Fees => "Fees",
            ProcessingTime => "Processing time",
            Documents => "Documents you need",
            DocumentSeparately => "not part of the online form: please submit separately",
            DocumentsSeparatelyNote => {
                "The online form has no upload for the documents marked so. After submitting, send them to the responsible authority by post or email, or show them there, quoting your reference number."
            }
            OfferedBy => "Offered by",
            LegalBasis => "Legal basis",
            BackToServices => "Back to all services",
            StepOf => "Step {n} of {total}",
            Next => "Continue",
            Back => "Back",
            ErrorSummaryTitle => "There is a problem",
            ErrorPrefix => "Error: ",
            ReceiptUnknownTitle => "Application not found",
            Optional => "(optional)",
            CheckAnswersTitle => "Check your answers",
            Change => "Change",
            Submit => "Submit application",
            Submitting => "Sending your application …",
            SubmitRetrying => "The connection dropped. Trying again …",
            SubmitFailed => {
                "Your application could not be sent. Your answers are kept; try again later."
            }
            SubmitRejected => "Your application was not accepted. Check your answers.",
            SubmitRejectedAt => {
                "Your application was not accepted. Change these answers, then send it again:"
            }
            AnswerTooLong => {
                "This answer is too long to be sent with the application. Please shorten it."
            }
            FilesTooLarge => "The files are too large in total.",
            SubmitTooMany => {
                "Your application was not sent: too many applications came from your connection in a short time. Your answers are kept. Please wait a minute, then send it again."
            }
            FileGone => "The file “{name}” is no longer chosen. Please choose it again.",
            KeyNotSigned => {
                "Your application was not sent: the responsible authority's key is not confirmed by the Land, so nothing was encrypted. Your answers are kept; please try again later."
            }
            ConfirmationTitle => "Application submitted",
            ReferenceNumber => "Your reference number",
            ReceivingAuthority => "Receiving authority",
            StatusLabel => "Status",
            StatusDraft => "Not completely sent yet",
            StatusReceived => "Received",
            StatusAccepted => "Accepted",
            StatusRejected => "Rejected",
            EncryptedNote => {
                "Your answers were encrypted in your browser. Only the responsible authority can read them."
            }
            WhatHappensNext => "What happens next",
            WhatHappensNextText => {
                "The responsible authority will process your application. Keep the reference number; you need it for any questions."
            }
            PrintReceipt => "Print confirmation",
            NotFoundTitle => "Page not found",
            NotFoundText => {
                "This page or service does not exist, or no longer exists. Check the address or choose the service from the list."
            }
            Yes => "Yes",
            No => "No",
            SelectPlaceholder => "Please select",
            NotAnswered => "Not answered",
            FormUnavailable => "There is no online form for this service yet.",
            DraftRestored => {
                "Your earlier answers were restored from this browser. They are kept here for at most 30 days."
            }
            DeleteMyData => "Delete my answers",
            StepsLabel => "Steps of the application",
            DataDeleted => "Your answers were deleted from this browser.",
            Day => "Day",
            Month => "Month",
            Year => "Year",
            AddItem => "Add another",
            RemoveItem => "Remove",
            Entry => "Entry",
            RemoveFile => "Remove file",
            Street => "Street",
            HouseNumber => "House number",
            Postcode => "Postcode",
            City => "Town or city",
            SubmitOffline => {
                "You are offline. Your answers are kept; the application will be sent as soon as you are connected again."
            }
            Uploading => "Uploading attachment {n} of {total}: {percent} %",
            AllServices => "All services",
            Popular => "Most used",
            Categories => "Topics",
            LifeSituations => "Life situations",
            PlaceQuestion => "Which place is your application for?",
            PlaceHint => {
                "The responsible authority depends on the place, for example where your business is or where the event takes place. Enter a postcode or the name of the place."
            }
            PlaceSearch => "Search place",
            PlaceNoMatch => "No place found. Check the spelling or the postcode.",
            ResponsibleAuthority => "Responsible authority",
            ComputedTitle => "Calculated from your answers",
            OtherPlace => "Choose another place",
            NoAuthority => "No authority for this service is on record for this place.",
            DownloadReceipt => "Download confirmation as PDF",
            SubmittedOn => "Submitted on",
            RejectedTitle => "Application rejected",
            ReceiptTitle => "Confirmation of receipt",
            ReasonLabel => "The authority's reason",
            ServiceLabel => "Service",
            StatusLater => "Check the status later",
            StatusLinkText => {
                "With this link you can see the status of your application at any time, also on another device. Whoever has the link sees the status: do not share it."
            }
            StatusNoToken => {
                "The status of this application can only be seen with the link from your confirmation. Please open that link."
            }
            StatusNotFound => {
                "No application is stored for this reference and link. Check the link; applications are deleted after the retention period."
            }
            YourAnswers => "Your answers",
            AnswersNotKept => {
                "Your answers are only in the confirmation you download right after sending: they are stored nowhere unencrypted."
            }
            ChecksumLabel => "Checksum of the answers sent (SHA-512)",
            GermanTime => "German time",
            DraftMigrated => {
                "The form has changed since you started it. Your answers were kept where the questions stayed the same."
            }
            DraftDropped => "Not kept, please answer again:",
            FilesNotKept => "Chosen files are not stored in the browser. Please choose them again.",
            CharsLeft => "You have {n} characters remaining.",
            CharsTooMany => "You have {n} characters too many.",
            DeleteQuestion => {
                "Do you really want to delete everything of yours this browser keeps (also drafts of other applications, chosen places and submission receipts)? This cannot be undone."
            }
            DeleteConfirm => "Yes, delete my answers",
            Cancel => "Cancel",
            ChooseFile => "Choose file",
            ChooseFiles => "Choose files",
            DropFiles => "or drop here",
            LegalNav => "Legal and accessibility",
            Imprint => "Legal notice",
            Privacy => "Privacy policy",
            Accessibility => "Accessibility statement",
            AccessibilityEasy => "Accessibility in Easy German (Leichte Sprache)",
            PrivacyBeforeSending => {
                "What happens to your answers, who processes them and how long they are kept:"
            }
            OpensInNewTab => "(opens in a new tab)",
            Contact => "Contact",
            Phone => "Phone",
            Email => "Email",
            OpeningHours => "Opening hours",
        },
    }
}

/// "Step 2 of 5" in the current language.
pub fn step_of(lang: Lang, n: usize, total: usize) -> String {
    message(lang, Msg::StepOf)
        .replace("{n}", &n.to_string())
        .replace("{total}", &total.to_string())
}

/// "Sie haben noch 12 Zeichen." / "You have 1 character too many." for a text of `used`
/// characters with room for `max`.
pub fn chars_left(lang: Lang, max: u32, used: usize) -> String {
    let max = max as usize;
    let (msg, n) = if used <= max {
        (Msg::CharsLeft, max - used)
    } else {
        (Msg::CharsTooMany, used - max)
    };
    let text = message(lang, msg).replace("{n}", &n.to_string());
    if n == 1 {
        text.replace("characters", "character")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::chars_left;
    use form_engine::Lang;

    #[test]
    fn character_counts_read_naturally() {
        assert_eq!(chars_left(Lang::De, 10, 3), "Sie haben noch 7 Zeichen.");
        assert_eq!(chars_left(Lang::De, 10, 12), "Sie haben 2 Zeichen zu viel.");
        assert_eq!(
            chars_left(Lang::En, 10, 9),
            "You have 1 character remaining."
        );
        assert_eq!(
            chars_left(Lang::En, 10, 10),
            "You have 0 characters remaining."
        );
        assert_eq!(
            chars_left(Lang::En, 10, 11),
            "You have 1 character too many."
        );
    }
}
