//! The file types a form may ask for: the ones whose content the authority can check
//! (by their first bytes, [`sniff`]). A definition's `accept` may name only these (a
//! media type, `image/*` for all of the images here, or an extension of one of them);
//! the definition check refuses anything else, so that the authority never finds a file
//! it cannot tell from a disguised one. An empty `accept` means any of these types.

/// Each type with its file name extensions (lower case).
pub const KNOWN: &[(&str, &[&str])] = &[
    ("application/pdf", &["pdf"]),
    ("image/png", &["png"]),
    ("image/jpeg", &["jpg", "jpeg"]),
    ("image/gif", &["gif"]),
    ("image/tiff", &["tif", "tiff"]),
    ("image/webp", &["webp"]),
];

/// What an `accept` entry may be, for messages: the media types
/// ("application/pdf, image/png, …") and the extensions (".pdf, .png, …"), each joined.
pub fn accept_choices() -> (String, String) {
    let types: Vec<&str> = KNOWN.iter().map(|(t, _)| *t).collect();
    let exts: Vec<String> = KNOWN
        .iter()
        .flat_map(|(_, exts)| exts.iter().map(|e| format!(".{e}")))
        .collect();
    (types.join(", "), exts.join(", "))
}

/// The media types an `accept` entry stands for (`application/pdf`, `image/*`, `.jpg`),
/// or `None` if it names none of the [`KNOWN`] types.
pub fn types_of(entry: &str) -> Option<Vec<&'static str>> {
    let entry = entry.trim().to_ascii_lowercase();
    let types: Vec<&'static str> = if let Some(ext) = entry.strip_prefix('.') {
        KNOWN
            .iter()
            .filter(|(_, exts)| exts.contains(&ext))
            .map(|(t, _)| *t)
            .collect()
    } else if let Some(major) = entry.strip_suffix("/*") {
        KNOWN
            .iter()
            .filter(|(t, _)| t.split_once('/').is_some_and(|(m, _)| m == major))
            .map(|(t, _)| *t)
            .collect()
    } else {
        KNOWN
            .iter()
            .filter(|(t, _)| *t == entry)
            .map(|(t, _)| *t)
            .collect()
    };
    (!types.is_empty()).then_some(types)
}

/// The known type a file is said to be of: by its media type (as the browser gives it,
/// or as [`media_type_by_content`] found it), else, where no media type is given at all,
/// by the extension of its name. A media type that is given but unknown (such as the
/// `application/octet-stream` of a disguised file) is no known type, whatever the name.
pub fn declared_type(media_type: &str, name: &str) -> Option<&'static str> {
    let media_type = media_type.trim().to_ascii_lowercase();
    if !media_type.is_empty() {
        return KNOWN
            .iter()
            .find(|(t, _)| *t == media_type)
            .map(|(t, _)| *t);
    }
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    KNOWN
        .iter()
        .find(|(_, exts)| exts.contains(&ext.as_str()))
        .map(|(t, _)| *t)
}

/// How many bytes from a file's start [`sniff`] needs (WebP's signature ends at 12).
pub const HEAD_LEN: u32 = 12;

/// The media type to record for a chosen file the browser calls `declared` (from its
/// name) and that starts with `head`, by the authority's rules, so that the browser
/// refuses what the authority would: the content's type where it is one of [`KNOWN`];
/// where the name claims a known type but the content is none,
/// `application/octet-stream`, which no `accept` allows (an `.exe` renamed `.pdf`);
/// any other type as declared (a form takes only known types, so it is refused too).
pub fn media_type_by_content(declared: &str, head: &[u8]) -> String {
    match sniff(head) {
        Some(sniffed) => sniffed.to_owned(),
        None if KNOWN
            .iter()
            .any(|(t, _)| *t == declared.trim().to_ascii_lowercase()) =>
        {
            "application/octet-stream".to_owned()
        }
        None => declared.to_owned(),
    }
}

/// Whether a field with `accept` takes a file whose content is of `media_type` (one of
/// [`KNOWN`], as [`sniff`] says); an empty `accept` takes every known type.
pub fn accepts_type(accept: &[String], media_type: &str) -> bool {
    if accept.is_empty() {
        return KNOWN.iter().any(|(t, _)| *t == media_type);
    }
    accept
        .iter()
        .filter_map(|entry| types_of(entry))
        .any(|types| types.contains(&media_type))
}

/// The type of a file by its first bytes, if it is one of [`KNOWN`].
pub fn sniff(content: &[u8]) -> Option<&'static str> {
    let starts = |magic: &[u8]| content.starts_with(magic);
    if starts(b"%PDF-") {
        Some("application/pdf")
    } else if starts(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if starts(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        Some("image/gif")
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        Some("image/tiff")
    } else if content.len() >= 12 && starts(b"RIFF") && &content[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_renamed_program_is_no_pdf() {
        // "MZ": a Windows program, named gutachten.pdf.
        let recorded = media_type_by_content("application/pdf", b"MZ\x90\0\x03\0\0\0");
        assert_eq!(recorded, "application/octet-stream");
        assert_eq!(declared_type(&recorded, "gutachten.pdf"), None);
        assert_eq!(
            media_type_by_content("image/JPEG", b""),
            "application/octet-stream"
        );
        // The content wins over the name: a PNG named .jpg is a PNG.
        assert_eq!(
            media_type_by_content("image/jpeg", b"\x89PNG\r\n\x1a\n"),
            "image/png"
        );
        assert_eq!(
            media_type_by_content("image/gif", b"GIF89a\x01\0"),
            "image/gif"
        );
        assert_eq!(media_type_by_content("text/plain", b"hello"), "text/plain");
        // Only without any media type does the name's extension say it.
        assert_eq!(declared_type("", "plan.PDF"), Some("application/pdf"));
    }

    #[test]
    fn every_known_type_is_recognised_by_its_content() {
        let samples: [(&[u8], &str); 7] = [
            (b"%PDF-1.7\n", "application/pdf"),
            (b"\x89PNG\r\n\x1a\n\0\0", "image/png"),
            (&[0xFF, 0xD8, 0xFF, 0xE0], "image/jpeg"),
            (b"GIF89a\x01\0", "image/gif"),
            (b"II*\0\x08\0", "image/tiff"),
            (b"MM\0*\0\0", "image/tiff"),
            (b"RIFF\x24\0\0\0WEBPVP8 ", "image/webp"),
        ];
        for (content, expected) in samples {
            assert_eq!(sniff(content), Some(expected));
        }
        for (media_type, _) in KNOWN {
            assert!(
                samples.iter().any(|(_, t)| t == media_type),
                "{media_type} has no sample"
            );
        }
        assert_eq!(sniff(b"<!DOCTYPE html><html>"), None);
        assert_eq!(sniff(b"PK\x03\x04"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn accept_entries_name_known_types_only() {
        assert_eq!(types_of("application/pdf"), Some(vec!["application/pdf"]));
        assert_eq!(types_of(" .JPG "), Some(vec!["image/jpeg"]));
        assert_eq!(types_of("image/*").map(|t| t.len()), Some(5));
        // A wildcard stands for the known types under it only.
        assert_eq!(types_of("application/*"), Some(vec!["application/pdf"]));
        for unknown in ["text/html", ".dwg", "video/*", "*/*", ""] {
            assert_eq!(types_of(unknown), None, "{unknown}");
        }
        assert_eq!(declared_type("IMAGE/PNG", "x"), Some("image/png"));
        assert_eq!(declared_type("", "scan.TIF"), Some("image/tiff"));
        assert_eq!(declared_type("image/heic", "foto.heic"), None);
        let accept = vec!["application/pdf".to_owned(), ".png".to_owned()];
        assert!(accepts_type(&accept, "image/png"));
        assert!(!accepts_type(&accept, "image/jpeg"));
        assert!(accepts_type(&[], "image/webp"));
        assert!(!accepts_type(&[], "text/html"));
    }
}
