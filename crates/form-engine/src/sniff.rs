//! A file's media type by its content, for uploads: the browser checks a chosen file
//! with these rules before it is sent, as the authority checks it after decrypting, so
//! that an `.exe` renamed `.pdf` is refused while the citizen can still choose another.
//!
//! The authority's inbox (`central-api`, `limits::sniff_media_type`) has the same rules
//! in a copy of its own until the two are merged; the tests below are the same cases.

/// How many bytes from a file's start [`sniff_media_type`] needs.
pub const HEAD_LEN: u32 = 8;

/// The media type of a file by its first bytes: PDF, PNG or JPEG, else `None`.
pub fn sniff_media_type(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else {
        None
    }
}

/// The media type to record for a file the browser calls `declared` (from its name)
/// and that starts with `head`: where the content is PDF, PNG or JPEG, that type;
/// where the name claims one of these but the content is none of them,
/// `application/octet-stream`, which no `accept` list of a form names, so validation
/// refuses it with `file_type_not_allowed`; any other type as declared (its content
/// cannot be told here).
pub fn media_type_by_content(declared: &str, head: &[u8]) -> String {
    match sniff_media_type(head) {
        Some(sniffed) => sniffed.to_owned(),
        None if ["application/pdf", "image/png", "image/jpeg"]
            .contains(&declared.trim().to_ascii_lowercase().as_str()) =>
        {
            "application/octet-stream".to_owned()
        }
        None => declared.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_bytes_decide_the_type() {
        assert_eq!(sniff_media_type(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(
            sniff_media_type(b"\x89PNG\r\n\x1a\n\0\0"),
            Some("image/png")
        );
        assert_eq!(
            sniff_media_type(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some("image/jpeg")
        );
        assert_eq!(sniff_media_type(b"<html>"), None);
        assert_eq!(sniff_media_type(b""), None);
    }

    #[test]
    fn a_renamed_program_is_no_pdf() {
        // "MZ": a Windows program, named gutachten.pdf.
        assert_eq!(
            media_type_by_content("application/pdf", b"MZ\x90\0\x03\0\0\0"),
            "application/octet-stream"
        );
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
            media_type_by_content("application/pdf", b"%PDF-1.4"),
            "application/pdf"
        );
        // Types whose content is not checked here stay as declared.
        assert_eq!(
            media_type_by_content("image/vnd.dwg", b"AC1032"),
            "image/vnd.dwg"
        );
        assert_eq!(media_type_by_content("", b"AC1032"), "");
    }
}
