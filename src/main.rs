//! The `fairdesk` binary: see `fairdesk --help`.

use std::process::ExitCode;

/// The exit status of a Unix tool killed by SIGPIPE (128 + 13): what `fairdesk board | head`
/// ends with when `head` stops reading.
const CLOSED_PIPE_EXIT: u8 = 141;

/// Whether the reader of our stdout went away. Rust ignores SIGPIPE, so a write to a closed
/// pipe fails with `BrokenPipe` instead of ending the process as it would end a C tool.
fn is_closed_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(|json| json.io_error_kind())
                .is_some_and(|kind| kind == std::io::ErrorKind::BrokenPipe)
    })
}

use clap::Parser;

fn main() -> ExitCode {
    // Bad input must never show a Rust panic; if a bug panics anyway, say so in one line.
    std::panic::set_hook(Box::new(|info| {
        // `println!` panics when stdout is a closed pipe; that is the reader leaving, not a
        // bug. std's message for it ("failed printing to stdout") has been stable for years.
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.starts_with("failed printing to stdout") {
            std::process::exit(i32::from(CLOSED_PIPE_EXIT));
        }
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("fairdesk: internal error{location}; please report it");
    }));
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = fairdesk::cli::Cli::parse();
    match fairdesk::cli::run(cli) {
        Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        Err(err) if is_closed_pipe(&err) => ExitCode::from(CLOSED_PIPE_EXIT),
        Err(err) => {
            eprintln!("fairdesk: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
