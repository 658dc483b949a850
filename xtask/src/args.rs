//! The command line of `cargo xtask dist` and `cargo xtask dev`: options `--name value` or
//! `--name=value`, and bare flags, read one at a time so that each command checks each value
//! as it comes (the first mistake is the one reported).
//!
//! ```text
//! let mut args = Args::new(words);
//! while let Some(name) = args.next_name() {
//!     match name {
//!         "--base" => base = Some(args.value()?),
//!         "--insecure" if args.is_flag() => insecure = true,
//!         _ => return Err(args.unknown("--base PATH, --insecure")),
//!     }
//! }
//! ```

/// A command's arguments, read in order.
pub struct Args<'a> {
    rest: std::slice::Iter<'a, String>,
    /// The argument being read: its name (`--base` of `--base=/x/`, or the whole word)…
    name: &'a str,
    /// …and the value after its `=`, when it is an option spelled `--name=value`.
    inline: Option<&'a str>,
}

impl<'a> Args<'a> {
    pub fn new(args: &'a [String]) -> Args<'a> {
        Args {
            rest: args.iter(),
            name: "",
            inline: None,
        }
    }

    /// The next argument's name: `--base` for both `--base /x/` and `--base=/x/`; a word that
    /// is not `--name=value` is its own name. `None` after the last one.
    pub fn next_name(&mut self) -> Option<&'a str> {
        let arg = self.rest.next()?;
        (self.name, self.inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name, Some(value)),
            _ => (arg.as_str(), None),
        };
        Some(self.name)
    }

    /// The value of the option just named: what follows its `=`, or else the next argument
    /// (whatever it is).
    pub fn value(&mut self) -> Result<String, String> {
        match self.inline {
            Some(value) => Ok(value.to_string()),
            None => self
                .rest
                .next()
                .cloned()
                .ok_or(format!("{} needs a value", self.name)),
        }
    }

    /// Whether the argument just named came without `=value`, as a flag must.
    pub fn is_flag(&self) -> bool {
        self.inline.is_none()
    }

    /// The error for the argument just named, which the command does not take; `accepted`
    /// lists what it does take, e.g. `--base PATH, --dist DIR`.
    pub fn unknown(&self, accepted: &str) -> String {
        format!("unknown argument {:?} ({accepted})", self.name)
    }
}

/// A TCP port as given on the command line: a number, 1 to 65535.
pub fn port_number(text: &str) -> Option<u16> {
    text.parse().ok().filter(|p| *p != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    /// Every argument as the commands read it: its name, and its value or the error.
    fn read(line: &[&str], flags: &[&str]) -> Vec<(String, Result<String, String>)> {
        let line = words(line);
        let mut args = Args::new(&line);
        let mut read = Vec::new();
        while let Some(name) = args.next_name() {
            let value = if flags.contains(&name) && args.is_flag() {
                Ok("(flag)".to_string())
            } else if name.starts_with("--") {
                args.value()
            } else {
                Err(args.unknown("--a X"))
            };
            read.push((name.to_string(), value));
        }
        read
    }

    #[test]
    fn reads_values_in_both_spellings_and_flags() {
        assert_eq!(
            read(&["--a", "1", "--b=2", "--on", "--c=x=y", "--d="], &["--on"]),
            [
                ("--a".to_string(), Ok("1".to_string())),
                ("--b".into(), Ok("2".into())),
                ("--on".into(), Ok("(flag)".into())),
                ("--c".into(), Ok("x=y".into())),
                ("--d".into(), Ok("".into())),
            ]
        );
        assert!(read(&[], &[]).is_empty());
    }

    #[test]
    fn a_value_is_the_next_word_whatever_it_is() {
        assert_eq!(
            read(&["--a", "--on", "--b", "x"], &["--on"]),
            [
                ("--a".to_string(), Ok("--on".to_string())),
                ("--b".into(), Ok("x".into())),
            ]
        );
    }

    #[test]
    fn says_what_is_missing_or_unknown() {
        assert_eq!(
            read(&["--a"], &[]),
            [("--a".to_string(), Err("--a needs a value".to_string()))]
        );
        assert_eq!(
            read(&["x=1"], &[]),
            [(
                "x=1".to_string(),
                Err("unknown argument \"x=1\" (--a X)".to_string())
            )]
        );
        // A flag given a value is not the flag: it is named without its value.
        let line = words(&["--on=no"]);
        let mut args = Args::new(&line);
        assert_eq!(args.next_name(), Some("--on"));
        assert!(!args.is_flag());
        assert_eq!(args.unknown("--on"), "unknown argument \"--on\" (--on)");
        assert_eq!(args.next_name(), None);
    }

    #[test]
    fn ports_are_1_to_65535() {
        assert_eq!(port_number("1"), Some(1));
        assert_eq!(port_number("65535"), Some(65535));
        for text in ["0", "65536", "-1", "", "x", " 80"] {
            assert_eq!(port_number(text), None, "{text:?}");
        }
    }
}
