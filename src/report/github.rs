//! GitHub Actions workflow commands (`::error file=F,line=N::MESSAGE`):
//! the escaping GitHub's runner undoes, so that a message may span lines
//! and a property may hold `:` and `,`. The one copy, for every command's
//! `--format github`.

/// Escaping of a workflow command's message.
#[must_use]
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a workflow command's property value (`file=`, `title=`).
#[must_use]
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_percent_is_escaped_before_the_newlines_it_introduces() {
        assert_eq!(escape_data("50%\nmore\r"), "50%25%0Amore%0D");
    }

    #[test]
    fn a_property_escapes_colons_and_commas_too() {
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
