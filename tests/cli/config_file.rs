//! The dashboard's own settings, `config.toml` (issue 16): found by `--config`,
//! `SLAWATCH_CONFIG` or the XDG config dir, and a broken one stops the dashboard before
//! the terminal is touched, with every problem at its line and column (exit 2).

use std::path::Path;
use std::process::Output;

use crate::common;

/// The dashboard on an empty store in `dir`, with `env` set and no terminal.
fn dashboard(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut cmd = common::bin();
    cmd.args(["--db"])
        .arg(dir.join("jobs.db"))
        .args(["--policy", common::example_policy().path, "--user", "anna"])
        .args(args)
        .env_remove("SLAWATCH_CONFIG")
        .env("XDG_CONFIG_HOME", dir.join("no-config-here"))
        .stdin(std::process::Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

const BROKEN: &str = "\
# my settings
[theme]
breached = \"red\"
warning = \"gren\"
symbols = \"unicode\"

[keys]
respond = \"R\"
frobnicate = \"z\"

[view]
default = \"escalations\"
colums = [\"due\"]
";

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_broken_config_is_refused_with_every_problem_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, BROKEN).unwrap();
    let out = dashboard(dir.path(), &["--config", file.to_str().unwrap()], &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let name = file.display().to_string();
    assert!(
        err.contains(&format!(
            "{name}:4:11: unknown colour `gren` — did you mean `green`?"
        )),
        "{err}"
    );
    // `R` is resolve's key: bound twice unless resolve moves too.
    assert!(
        err.contains(&format!("{name}:8:11: key `R` is bound twice")),
        "{err}"
    );
    assert!(err.contains("resolve"), "{err}");
    assert!(
        err.contains(&format!("{name}:9:1: unknown action `frobnicate` in [keys]")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{name}:13:1: unknown key `colums` in [view] — did you mean `columns`?"
        )),
        "{err}"
    );
    assert!(err.contains("4 problems found"), "{err}");
    // Refused before the store was made.
    assert!(!dir.path().join("jobs.db").exists());
}

#[test]
fn the_config_is_found_by_slawatch_config_and_in_the_xdg_config_dir() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.toml");
    std::fs::write(&file, "[view]\ndefault = \"queu\"\n").unwrap();
    let out = dashboard(dir.path(), &[], &[("SLAWATCH_CONFIG", &file)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("mine.toml:2:11: unknown view `queu` — did you mean `queue`?"),
        "{}",
        stderr(&out)
    );

    let xdg = dir.path().join("xdg");
    std::fs::create_dir_all(xdg.join("slawatch")).unwrap();
    std::fs::write(xdg.join("slawatch/config.toml"), "[keys]\ncopy = \"ctrl-\"\n").unwrap();
    let out = dashboard(dir.path(), &[], &[("XDG_CONFIG_HOME", &xdg)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("slawatch/config.toml:2:8: unknown key name `ctrl-`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_config_named_but_missing_is_an_error_a_default_one_missing_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.toml");
    let out = dashboard(dir.path(), &["--config", missing.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot read config file"),
        "{}",
        stderr(&out)
    );
    // No config anywhere: the dashboard goes on to the terminal (there is none here),
    // so whatever it says, it is not about a config file.
    let out = dashboard(dir.path(), &[], &[]);
    assert!(!stderr(&out).contains("config"), "{}", stderr(&out));
}
