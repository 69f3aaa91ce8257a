//! file: count of uploads, and for uploads described by metadata their media
//! type and size. Errors on one upload carry its index: `site_plan.1`.

use crate::answers::AnswerValue;
use crate::error::{ErrorCode, FieldError};

pub(super) fn check(
    path: &str,
    v: &AnswerValue,
    accept: &[String],
    max_size_mb: Option<u32>,
    max_files: Option<u32>,
    errors: &mut Vec<FieldError>,
) {
    let n = match v {
        AnswerValue::List(ids) => ids.len(),
        AnswerValue::Items(items) => items.len(),
        _ => {
            errors.push(FieldError::new(path, ErrorCode::InvalidValue));
            return;
        }
    };
    if let Some(code) = super::choice::count(n, None, max_files) {
        errors.push(FieldError::new(path, code));
    }
    let AnswerValue::Items(items) = v else { return };
    for (i, item) in items.iter().enumerate() {
        let item_path = format!("{path}.{i}");
        let media_type = item.text("media_type").unwrap_or("");
        let name = item.text("name").unwrap_or("");
        if !accept.is_empty() && !accept.iter().any(|a| accepts(a, media_type, name)) {
            errors.push(FieldError::new(item_path, ErrorCode::FileTypeNotAllowed));
            continue;
        }
        let size = item.text("size").and_then(|s| s.trim().parse::<u64>().ok());
        if let (Some(max_mb), Some(size)) = (max_size_mb, size)
            && size > u64::from(max_mb) * 1024 * 1024
        {
            errors.push(FieldError::new(
                item_path,
                ErrorCode::FileTooLarge { max_mb },
            ));
        }
    }
}

/// `accept` entries as in HTML: `application/pdf`, `image/*` or `.pdf`.
fn accepts(accept: &str, media_type: &str, name: &str) -> bool {
    let accept = accept.trim().to_ascii_lowercase();
    let media_type = media_type.trim().to_ascii_lowercase();
    if let Some(ext) = accept.strip_prefix('.') {
        return name
            .rsplit_once('.')
            .is_some_and(|(_, e)| e.eq_ignore_ascii_case(ext));
    }
    if let Some(major) = accept.strip_suffix("/*") {
        return media_type.split_once('/').is_some_and(|(m, _)| m == major);
    }
    accept == media_type
}
