//! `cargo xtask dist [--base /admin-panel/] [--dist DIR]`: the panel built for release, to be
//! served from `base` on the portal's own origin (deploy/README.md).

use std::path::{Path, PathBuf};

use crate::args::Args;
use crate::run::step;
use crate::setup::{setup, Tools};

/// What `cargo xtask dist` was asked for.
#[derive(Debug, PartialEq, Eq)]
pub struct DistArgs {
    /// The path the panel is served from: `/`, or e.g. `/admin-panel/`.
    pub base: String,
    /// Where the files go; relative to the directory `cargo xtask` was run in. `None`: `dist/`.
    pub dist: Option<PathBuf>,
}

/// Reads `--base PATH` and `--dist DIR` (either also as `--base=PATH`).
pub fn parse(args: &[String]) -> Result<DistArgs, String> {
    let mut base = None;
    let mut dist = None;
    let mut args = Args::new(args);
    while let Some(name) = args.next_name() {
        match name {
            "--base" => base = Some(args.value()?),
            "--dist" => dist = Some(PathBuf::from(args.value()?)),
            _ => return Err(args.unknown("--base PATH, --dist DIR")),
        }
    }
    let base = base.unwrap_or_else(|| "/".to_string());
    check_base(&base)?;
    Ok(DistArgs { base, dist })
}

/// A base path the panel can be served from: it starts and ends with `/`, and its segments are
/// plain URL path characters (no `.` or `..` segment, no query, fragment, space or `//`).
pub fn check_base(base: &str) -> Result<(), String> {
    let fail = |why: &str| Err(format!("--base {base:?}: {why}, e.g. /admin-panel/ or /"));
    if !base.starts_with('/') || !base.ends_with('/') {
        return fail("it must start and end with /");
    }
    if base == "/" {
        return Ok(());
    }
    for segment in base[1..base.len() - 1].split('/') {
        if segment.is_empty() {
            return fail("it has an empty segment (//)");
        }
        if segment == "." || segment == ".." {
            return fail("it has a . or .. segment");
        }
        if let Some(c) = segment
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || "-._~".contains(*c)))
        {
            return fail(&format!(
                "{c:?} is not allowed in it (letters, digits, - . _ ~)"
            ));
        }
    }
    Ok(())
}

/// `dir` as given, made absolute against the directory `cargo xtask` was run in.
fn absolute(dir: &Path) -> PathBuf {
    if dir.is_absolute() {
        dir.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(dir))
            .unwrap_or_else(|_| dir.to_path_buf())
    }
}

pub fn dist(args: &[String]) -> Result<(), String> {
    let args = parse(args)?;
    let tools = setup()?;
    build(&tools, &args)
}

fn build(tools: &Tools, args: &DistArgs) -> Result<(), String> {
    let dir = args
        .dist
        .as_deref()
        .map(absolute)
        .unwrap_or_else(|| tools.root.join("dist"));
    let mut trunk = tools.trunk_build();
    trunk
        .arg("--public-url")
        .arg(&args.base)
        .arg("--dist")
        .arg(&dir);
    step(
        &format!("build the panel for {} (trunk build --release)", args.base),
        &trunk,
    )?;
    let base = &args.base;
    let dir = dir.display();
    let block = tools.root.join("deploy/nginx/docspace-admin.conf");
    let readme = tools.root.join("deploy/README.md");
    println!(
        "\nxtask dist: the panel, to be served from {base}, is in {dir}/\n\
         \n\
         Next:\n\
         1. Copy the files to the web server, replacing the old ones, e.g.\n\
         \x20    rsync -a --delete {dir}/ portal-host:/var/www/docspace-admin/\n\
         2. Serve them from {base} on the portal's own origin, so that the panel and the API are\n\
         \x20  same-origin (no CORS): paste {block}\n\
         \x20  into the portal's public nginx server block{rename}, then `nginx -t` and reload nginx.\n\
         3. Open https://<your portal>{base} and sign in with an API key.\n\
         \n\
         Where the block goes in a Docker or a package install of DocSpace: {readme}",
        block = block.display(),
        readme = readme.display(),
        rename = if base == "/admin-panel/" {
            String::new()
        } else {
            format!(" (with /admin-panel/ replaced by {base})")
        },
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn no_base_builds_for_the_root() {
        assert_eq!(
            parse(&[]),
            Ok(DistArgs {
                base: "/".into(),
                dist: None
            })
        );
    }

    #[test]
    fn reads_base_and_dist_in_both_spellings() {
        let expected = Ok(DistArgs {
            base: "/admin-panel/".into(),
            dist: Some(PathBuf::from("out/panel")),
        });
        assert_eq!(
            parse(&args(&["--base", "/admin-panel/", "--dist", "out/panel"])),
            expected
        );
        assert_eq!(
            parse(&args(&["--dist=out/panel", "--base=/admin-panel/"])),
            expected
        );
        assert_eq!(
            parse(&args(&["--base", "/a/b-c_1.2~x/"])).unwrap().base,
            "/a/b-c_1.2~x/"
        );
    }

    #[test]
    fn refuses_bad_bases_and_arguments() {
        for base in [
            "admin-panel/",
            "/admin-panel",
            "admin",
            "",
            "//",
            "/a//b/",
            "/../",
            "/a/./",
            "/admin panel/",
            "/a?b=1/",
            "/a#b/",
            "/ä/",
            "https://portal/x/",
        ] {
            assert!(check_base(base).is_err(), "{base:?} was accepted");
            assert!(
                parse(&args(&["--base", base])).is_err(),
                "{base:?} was parsed"
            );
        }
        assert!(parse(&args(&["--base"])).is_err());
        assert!(parse(&args(&["--dist"])).is_err());
        assert!(parse(&args(&["--bogus", "1"])).is_err());
        assert!(parse(&args(&["/admin-panel/"])).is_err());
    }

    #[test]
    fn says_which_argument_is_wrong() {
        assert_eq!(
            parse(&args(&["--bogus", "1"])),
            Err("unknown argument \"--bogus\" (--base PATH, --dist DIR)".into())
        );
        assert_eq!(
            parse(&args(&["--dist"])),
            Err("--dist needs a value".into())
        );
    }
}
