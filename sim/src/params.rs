//! Query strings as ASP.NET binds them: names case-insensitive, enums by name or number.

use axum::response::Response;

use crate::envelope::{validation, RequestLink};

/// The query string's pairs, names lower-cased.
#[derive(Debug, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn parse(raw: Option<&str>) -> Params {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(raw.unwrap_or("")).unwrap_or_default();
        Params(
            pairs
                .into_iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v))
                .collect(),
        )
    }

    /// The first value of `name` (matched case-insensitively; `name` is lower-case).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a repeated key, e.g. `employeeTypes=1&employeeTypes=4`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A query value that did not bind: answered with the ASP.NET validation 400.
pub struct BadParam {
    pub field: String,
    pub message: String,
}

impl BadParam {
    pub fn invalid_value(field: &str, value: &str) -> BadParam {
        BadParam {
            field: field.to_string(),
            message: format!("The value '{value}' is not valid."),
        }
    }

    pub fn into_response(self, link: &RequestLink) -> Response {
        validation(link, &self.field, &self.message)
    }
}

/// Binds an enum given by name (case-insensitive) or number, as ASP.NET's enum binder does.
pub fn parse_enum(field: &str, value: &str, names: &[(&str, u8)]) -> Result<u8, BadParam> {
    let value = value.trim();
    if let Ok(n) = value.parse::<u8>() {
        if names.iter().any(|(_, v)| *v == n) {
            return Ok(n);
        }
    }
    names
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(value))
        .map(|(_, v)| *v)
        .ok_or_else(|| BadParam::invalid_value(field, value))
}

pub fn parse_bool(field: &str, value: &str) -> Result<bool, BadParam> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(BadParam::invalid_value(field, value)),
    }
}

pub fn parse_int(field: &str, value: &str) -> Result<i64, BadParam> {
    value
        .trim()
        .parse::<i64>()
        .map_err(|_| BadParam::invalid_value(field, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_bind_case_insensitively_and_repeat() {
        let p = Params::parse(Some(
            "StartIndex=5&employeeTypes=1&EMPLOYEETYPES=4&filterValue=a%20b",
        ));
        assert_eq!(p.get("startindex"), Some("5"));
        assert_eq!(p.all("employeetypes").collect::<Vec<_>>(), ["1", "4"]);
        assert_eq!(p.get("filtervalue"), Some("a b"));
        assert_eq!(p.get("count"), None);
    }

    #[test]
    fn enums_by_name_or_number() {
        let names = [("Active", 1), ("Terminated", 2)];
        assert_eq!(parse_enum("s", "terminated", &names).ok(), Some(2));
        assert_eq!(parse_enum("s", "1", &names).ok(), Some(1));
        assert!(parse_enum("s", "3", &names).is_err());
        assert!(parse_enum("s", "Gone", &names).is_err());
    }
}
