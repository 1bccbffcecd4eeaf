//! The `fairdesk` binary: see `fairdesk --help`.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Bad input must never show a Rust panic; if a bug panics anyway, say so in one line.
    std::panic::set_hook(Box::new(|info| {
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
        Err(err) => {
            eprintln!("fairdesk: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
