//! file: count of uploads, and for uploads described by metadata their media
//! type and size. Errors on one upload carry its index: `site_plan.1`.

use crate::answers::AnswerValue;
use crate::error::{ErrorCode, FieldError};

pub(crate) fn check(
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
        // Only types whose content the authority can check (`crate::media`): an image
        // of another kind passes neither `image/*` here nor the authority's check.
        let allowed = crate::media::declared_type(media_type, name)
            .is_some_and(|known| crate::media::accepts_type(accept, known));
        if !allowed {
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
