use clap::Parser;

// Rendering allocates many small strings on every core; mimalloc is markedly faster than the
// system allocator for that (see docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use scrutiny::cli::{resolve_today, Cli, Command};
use scrutiny::commands;

/// A build or check frees memory only to allocate as much again moments later, so it keeps
/// what it frees instead of handing it back to the OS moments later (mimalloc's default). On
/// a VM that reports free pages to its host, each page handed back cost a fault, zeroing and a
/// fault in the host when it was taken again (docs/performance.md, "Measurements behind the
/// code"). The preview server, which runs for hours, keeps the default.
fn keep_freed_memory() {
    // `mi_option_purge_delay`, entry 15 of `mi_option_e` in mimalloc.h (v2 and v3); the crate
    // names no constant for it.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets a plain integer option; mimalloc reads options with atomic loads.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

fn main() {
    let cli = Cli::parse();
    let today = match resolve_today(cli.today) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    if !matches!(cli.command, Command::Serve(_)) {
        keep_freed_memory();
    }
    let code = match &cli.command {
        Command::Build { output, timings } => {
            commands::build::run(&cli.root, today, output, *timings)
        }
        Command::Check { strict } => commands::check::run(&cli.root, today, *strict),
        Command::Serve(args) => commands::serve::run(&cli.root, today, args),
        Command::Init { .. }
        | Command::New { .. }
        | Command::Update { .. }
        | Command::Edit { .. }
        | Command::Import { .. } => commands::author::run(&cli.root, today, &cli.command),
    };
    std::process::exit(code);
}
