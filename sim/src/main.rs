use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use docspace_sim::{new_portal, serve, site_router, PortalSpec, Role};

/// A local stand-in for an ONLYOFFICE DocSpace portal's People API.
#[derive(Parser, Debug)]
#[command(version)]
struct Args {
    /// Address to listen on. Loopback only unless --allow-remote.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Accept a non-loopback --addr.
    #[arg(long)]
    allow_remote: bool,
    /// The portal owner's API key (default: derived from --seed).
    #[arg(long)]
    api_key: Option<String>,
    /// A fixed API key for a seeded caller role: owner, admin, roomadmin, user or guest.
    /// Repeatable, e.g. --key admin=sk-abc --key guest=sk-def.
    #[arg(long = "key", value_name = "ROLE=KEY", value_parser = parse_role_key)]
    keys: Vec<(Role, String)>,
    /// How many people the portal has (the owner included).
    #[arg(long, default_value_t = 250)]
    users: usize,
    /// Seed for the generated people and keys.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The owner's password, for `POST /api/2.0/authentication`.
    #[arg(long, default_value = "demo-owner-2026")]
    owner_password: String,
    /// A directory of static files (the built panel) to serve next to the API.
    #[arg(long)]
    dist: Option<PathBuf>,
}

fn parse_role_key(value: &str) -> Result<(Role, String), String> {
    let (role, key) = value
        .split_once('=')
        .ok_or_else(|| format!("expected ROLE=KEY, got {value:?}"))?;
    let role = Role::parse(role).ok_or_else(|| {
        format!("unknown role {role:?}: use owner, admin, roomadmin, user or guest")
    })?;
    if !key.starts_with("sk-") || key.len() < 4 {
        return Err(format!("an API key starts with sk-, got {key:?}"));
    }
    Ok((role, key.to_string()))
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    if !args.addr.ip().is_loopback() && !args.allow_remote {
        eprintln!(
            "docspace-sim: refusing to listen on {} (not loopback); pass --allow-remote to do so",
            args.addr
        );
        return std::process::ExitCode::from(2);
    }
    let mut keys: HashMap<Role, String> = args.keys.into_iter().collect();
    if let Some(key) = args.api_key {
        keys.insert(Role::Owner, key);
    }
    let spec = PortalSpec {
        users: args.users,
        seed: args.seed,
        owner_password: args.owner_password,
        keys,
    };
    if let Some(dist) = &args.dist {
        if !dist.join("index.html").is_file() {
            eprintln!("docspace-sim: {} has no index.html", dist.display());
            return std::process::ExitCode::from(2);
        }
    }
    let portal = new_portal(&spec);
    let listener = match tokio::net::TcpListener::bind(args.addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("docspace-sim: cannot listen on {}: {e}", args.addr);
            return std::process::ExitCode::from(1);
        }
    };
    {
        let p = portal.read().unwrap_or_else(|e| e.into_inner());
        println!(
            "docspace-sim: a DocSpace portal with {} people",
            p.users.len()
        );
        println!("  URL        http://{}/", args.addr);
        if let Some(owner) = p.role_user(Role::Owner) {
            println!("  owner      {} / {}", owner.email, owner.password);
        }
        for (role, key) in p.role_keys() {
            println!("  API key    {:<10} {key}", role.name());
        }
        println!("Press Ctrl-C to stop.");
    }
    let router = site_router(portal, args.dist);
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
        println!("docspace-sim: stopped");
    };
    match serve(listener, router, shutdown).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("docspace-sim: {e}");
            std::process::ExitCode::from(1)
        }
    }
}
