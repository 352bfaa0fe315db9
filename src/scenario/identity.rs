//! `name` and `description`: what the report is called and says at the top.

use super::check::Fields;
use crate::error::{Error, Result};
use std::path::Path;

/// Longest scenario name: it names the report folder.
const MAX_NAME_CHARS: usize = 100;

/// Longest description: it goes into report headings and one workbook cell.
const MAX_DESCRIPTION_CHARS: usize = 4000;

/// The scenario's name (default: the file name without `.toml`), safe as a folder name.
pub(super) fn name(raw: Option<String>, path: &Path, fields: Fields) -> Result<String> {
    let name = raw.unwrap_or_else(|| {
        path.file_stem().map_or_else(
            || "scenario".to_string(),
            |s| s.to_string_lossy().into_owned(),
        )
    });
    if name.is_empty()
        || name.contains(['/', '\\'])
        || name.chars().any(char::is_control)
        || name == "."
        || name == ".."
        || name.chars().count() > MAX_NAME_CHARS
    {
        return Err(Error::input(
            fields.at("name"),
            format!(
                "'{}' cannot name an output folder: use up to {MAX_NAME_CHARS} letters, digits, spaces and dashes, no / \\ or control characters",
                name.escape_debug()
            ),
        ));
    }
    Ok(name)
}

/// The description: text a report heading and one workbook cell can hold.
pub(super) fn description(raw: &str, fields: Fields) -> Result<()> {
    if raw.chars().count() > MAX_DESCRIPTION_CHARS
        || raw
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(Error::input(
            fields.at("description"),
            format!(
                "must be at most {MAX_DESCRIPTION_CHARS} characters of text without control characters (a report cell holds 32,767); got {} characters",
                raw.chars().count()
            ),
        ));
    }

    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: Fields = Fields { file: "s.toml" };

    #[test]
    fn names_that_cannot_name_a_folder_are_refused() {
        for bad in ["", "a/b", "..", "a\0b", &"x".repeat(101)] {
            let err = name(Some(bad.to_string()), Path::new("s.toml"), FIELDS).unwrap_err();
            assert!(err.to_string().contains("s.toml: name"), "{err}");
        }
        assert_eq!(
            name(None, Path::new("dir/holiday.toml"), FIELDS).unwrap(),
            "holiday"
        );
    }

    #[test]
    fn a_description_must_fit_a_cell_and_be_text() {
        assert!(description(&"x".repeat(4001), FIELDS).is_err());
        assert!(description("tab\tand\nnewline are fine", FIELDS).is_ok());
        assert!(description("bell \u{7}", FIELDS).is_err());
    }
}
