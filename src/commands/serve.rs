//! `serve`: the preview server.

use crate::cli::ServeArgs;
use jiff::civil::Date;
use std::path::Path;
use std::time::Duration;

pub fn run(root: &Path, today: Date, args: &ServeArgs) -> i32 {
    let options = crate::serve::Options {
        port: args.port,
        bind: args.bind,
        drafts: args.drafts && !args.no_drafts,
        poll: args.poll,
        debounce: Duration::from_millis(args.debounce_ms),
        follow: args.follow,
        allow_hosts: args.allow_hosts.clone(),
        read_only: args.read_only,
    };
    crate::serve::run(root, today, &options)
}
