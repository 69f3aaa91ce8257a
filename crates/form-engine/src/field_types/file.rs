//! `file`: uploads, described in the answer by id, name, media type and size.

use serde::{Deserialize, Serialize};

use super::{Answer, Family, FieldType};
use crate::answers::{AnswerValue, Answers};
use crate::error::FieldError;
use crate::load::check::Checker;
use crate::load::decode::{
    Need::{Default as Def, Optional as Opt},
    Obj, strings, u32,
};
use crate::load::kind::DefinitionErrorKind as K;
use crate::validation::ValidationContext;

/// Uploads. The answer is a list of items with `id`, `name`, `media_type` and
/// `size` (bytes, as text), which are checked (a bare list of attachment ids is
/// counted only, and the authority does not accept it).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FileField {
    /// The types allowed: media types (`application/pdf`, `image/*`) or extensions
    /// (`.pdf`) of the types whose content the authority can check
    /// (`form_engine::media`: PDF, PNG, JPEG, GIF, TIFF, WebP); empty: any of those.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accept: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_size_mb: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_files: Option<u32>,
}

impl FieldType for FileField {
    const KEYS: &'static [&'static str] = &["accept", "max_size_mb", "max_files"];
    const FAMILY: Family = Family::Upload;

    fn decode(o: &mut Obj<'_, '_>) -> Self {
        FileField {
            accept: o.take("accept", Def, strings).unwrap_or_default(),
            max_size_mb: o.take("max_size_mb", Opt, u32),
            max_files: o.take("max_files", Opt, u32),
        }
    }

    fn check(&self, c: &mut Checker<'_>, path: &str) {
        for (i, entry) in self.accept.iter().enumerate() {
            if crate::media::types_of(entry).is_none() {
                c.add(
                    format!("{path}/accept/{i}"),
                    K::UnknownFileType {
                        entry: entry.clone(),
                    },
                );
            }
        }
        if self.max_files == Some(0) {
            c.add(format!("{path}/max_files"), K::MaxFilesZero);
        }
        if self.max_size_mb == Some(0) {
            c.add(format!("{path}/max_size_mb"), K::MaxSizeZero);
        }
    }

    fn validate(&self, a: &Answer<'_>, errors: &mut Vec<FieldError>) {
        crate::validation::file::check(
            a.path,
            a.value,
            &self.accept,
            self.max_size_mb,
            self.max_files,
            errors,
        );
    }

    fn valid_sample(&self, _: &ValidationContext) -> Option<AnswerValue> {
        let media_type = self
            .accept
            .first()
            .map(|a| match a.strip_suffix("/*") {
                Some("image") => "image/png".to_string(),
                Some(major) => format!("{major}/plain"),
                None => a.clone(),
            })
            .unwrap_or_else(|| "application/pdf".into());
        let extension = media_type.rsplit('/').next().unwrap_or("pdf");
        let mut item = Answers::new();
        item.set_text("id", "beispiel-1".into());
        item.set_text("name", format!("beispiel.{extension}"));
        item.set_text("media_type", media_type);
        item.set_text("size", "1024".into());
        Some(AnswerValue::Items(vec![item]))
    }

    fn invalid_sample(&self) -> Option<AnswerValue> {
        // Left empty: wrong where the field is required.
        None
    }
}
