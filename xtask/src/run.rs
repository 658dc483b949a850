//! Running commands: echoed before they run, failures named.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// Runs `command`, inheriting the terminal; `what` names it in errors.
pub fn step(what: &str, command: &Command) -> Result<(), String> {
    let mut command = rebuild(command);
    println!("xtask: {what}\n  $ {}", describe(&command));
    let status = command
        .status()
        .map_err(|e| format!("{what}: cannot start {}: {e}", describe(&command)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what}: `{}` exited with {status}",
            describe(&command)
        ))
    }
}

/// Runs `command`, echoing its output while keeping every line, for reading test results.
pub fn step_capturing(what: &str, command: &Command) -> Result<(bool, Vec<String>), String> {
    let mut command = rebuild(command);
    println!("xtask: {what}\n  $ {}", describe(&command));
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{what}: cannot start {}: {e}", describe(&command)))?;
    let stdout = child.stdout.take().map(|s| echo(s, false));
    let stderr = child.stderr.take().map(|s| echo(s, true));
    let mut lines = Vec::new();
    for handle in [stdout, stderr].into_iter().flatten() {
        lines.extend(handle.join().unwrap_or_default());
    }
    let status = child
        .wait()
        .map_err(|e| format!("{what}: waiting for it failed: {e}"))?;
    Ok((status.success(), lines))
}

fn echo(
    stream: impl Read + Send + 'static,
    to_stderr: bool,
) -> std::thread::JoinHandle<Vec<String>> {
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if to_stderr {
                eprintln!("{line}");
            } else {
                println!("{line}");
            }
            kept.push(line);
        }
        kept
    })
}

/// The standard output of a command, if it ran and succeeded.
pub fn output(command: &mut Command) -> Option<String> {
    let out = command.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// `Command` is not `Clone`; steps take a template and run a fresh copy.
fn rebuild(template: &Command) -> Command {
    let mut command = Command::new(template.get_program());
    command.args(template.get_args());
    if let Some(dir) = template.get_current_dir() {
        command.current_dir(dir);
    }
    for (key, value) in template.get_envs() {
        match value {
            Some(value) => command.env(key, value),
            None => command.env_remove(key),
        };
    }
    command
}

/// Becomes `command` (Unix `exec`), so that Ctrl-C reaches it directly and it stops cleanly.
pub fn replace_process(command: Command) -> Result<(), String> {
    let mut command = command;
    println!("  $ {}", describe(&command));
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let err = command.exec();
        Err(format!("cannot start {}: {err}", describe(&command)))
    }
    #[cfg(not(unix))]
    {
        let status = command.status().map_err(|e| e.to_string())?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("{} exited with {status}", describe(&command)))
        }
    }
}
