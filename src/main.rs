use clap::Parser;

// Rendering allocates many small strings on every core; mimalloc is markedly faster than the
// system allocator for that (see docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use scrutiny::cli::{resolve_today, Cli, Command};
use scrutiny::commands;

fn main() {
    let cli = Cli::parse();
    let today = match resolve_today(cli.today) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let code = match &cli.command {
        Command::Build { output, timings } => {
            commands::build::run(&cli.root, today, output, *timings)
        }
        Command::Check { strict } => commands::check::run(&cli.root, today, *strict),
        Command::Serve(args) => commands::serve::run(&cli.root, today, args),
        Command::Init { .. }
        | Command::New { .. }
        | Command::Update { .. }
        | Command::Import { .. } => commands::author::run(&cli.root, today, &cli.command),
    };
    std::process::exit(code);
}
