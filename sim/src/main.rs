use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use docspace_sim::sensitive::SensitiveLimit;
use docspace_sim::version::Version;
use docspace_sim::{serve, FaultSpec, PortalSpec, Role, Simulator};

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
    /// Where the panel is served: `/`, or a path such as `/admin-panel/` for a panel built with
    /// `cargo xtask dist --base /admin-panel/`.
    #[arg(long, default_value = "/", value_parser = parse_base)]
    base: String,
    /// How long a data reassignment takes, in milliseconds.
    #[arg(long, default_value_t = 3000)]
    reassign_ms: u64,
    /// How long a finished data reassignment or type change stays readable, in seconds, before
    /// the portal forgets it (the server's queues: 60). A canceled one is forgotten at once.
    #[arg(long, default_value_t = 60)]
    task_ttl_secs: u64,
    /// Paid seats (admins and room admins, the owner included); beyond them the portal
    /// answers 402. Default: unlimited.
    #[arg(long)]
    paid_seats: Option<usize>,
    /// The portal's tariff is not paid: every action the server does not mark
    /// `[AllowNotPayment]` answers 402 with an empty body (signing in, the list and profiles
    /// still work).
    #[arg(long)]
    unpaid: bool,
    /// A plan without the `audit` feature (the cloud's free plan): the login history and audit
    /// trail filters answer only the last 20 events, ignoring their parameters, and the
    /// lifetimes cannot be changed (402); GET /api/2.0/portal/quota says `audit: false`.
    #[arg(long)]
    no_audit_feature: bool,
    /// The login history's lifetime in days (1 to 180, `loginHistoryLifeTime`): older sign-ins
    /// are deleted. Default 180, as the server's.
    #[arg(long, default_value_t = 180, value_parser = clap::value_parser!(u32).range(1..=180))]
    login_history_days: u32,
    /// The DocSpace release to simulate, e.g. 3.0 (no API keys, no reassign/necessary, no
    /// type change with reassignment) or 3.7.2; reported as given by
    /// GET /api/2.0/settings/version/build.
    #[arg(long, default_value = docspace_sim::version::NEWEST, value_parser = parse_version)]
    portal_version: Version,
    /// Added to every API answer, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Up to this many more milliseconds, drawn from the seeded RNG.
    #[arg(long, default_value_t = 0)]
    jitter_ms: u64,
    /// Share of API requests answered 500, 502 or 503 (0.0 to 1.0).
    #[arg(long, default_value_t = 0.0, value_parser = parse_rate)]
    fault_rate: f64,
    /// API requests allowed per minute before 429 with Retry-After (default: no limit, as on
    /// a self-hosted portal).
    #[arg(long)]
    rate_limit: Option<u32>,
    /// The rate limit's window in seconds (default 60: requests per minute).
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    rate_window_secs: u64,
    /// The server's "SensitiveApi" limit on resending invitations and on email and password
    /// requests, per person and path (the server: 5; default: off, as on a self-hosted portal).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    sensitive_limit: Option<u32>,
    /// The invitation limit (`web:invitation-limit`): invitation emails per window, counted
    /// down by new invitees and reported as `invitationLimit` in GET /api/2.0/settings; a
    /// request for more than are left is refused with 400. Default: no limit.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    invitation_limit: Option<u32>,
    /// The invitation limit's window in hours (`web:invitation-limit-duration`, the server: 24).
    #[arg(long, default_value_t = 24, value_parser = clap::value_parser!(u64).range(1..=8760))]
    invitation_limit_hours: u64,
    /// The "EmailInvitationApi" throttle: invitation emails per portal per day before 429
    /// (`maxEmailInvitationsPerDay`). Default: off, as on a self-hosted portal.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    invitations_per_day: Option<u32>,
    /// The "SensitiveApi" limit's sliding window in seconds (the server: 900, 15 minutes).
    #[arg(long, default_value_t = 900, value_parser = clap::value_parser!(u64).range(1..=86400))]
    sensitive_window_secs: u64,
}

fn parse_base(value: &str) -> Result<String, String> {
    if value.starts_with('/') && value.ends_with('/') && !value.contains("//") {
        Ok(value.to_string())
    } else {
        Err(format!("a path that starts and ends with /, got {value:?}"))
    }
}

fn parse_version(value: &str) -> Result<Version, String> {
    value.parse()
}

fn parse_rate(value: &str) -> Result<f64, String> {
    let rate: f64 = value.parse().map_err(|e| format!("{e}"))?;
    if (0.0..=1.0).contains(&rate) {
        Ok(rate)
    } else {
        Err(format!("a share from 0.0 to 1.0, got {rate}"))
    }
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
        owner_password: args.owner_password,
        keys,
        reassign_duration: std::time::Duration::from_millis(args.reassign_ms),
        task_ttl: std::time::Duration::from_secs(args.task_ttl_secs),
        paid_seats: args.paid_seats,
        unpaid: args.unpaid,
        audit_feature: !args.no_audit_feature,
        login_history_days: args.login_history_days,
        version: args.portal_version,
        invitation_caps: docspace_sim::invitation_caps::InvitationCaps {
            limit: args.invitation_limit.map(|n| {
                (
                    n,
                    std::time::Duration::from_secs(args.invitation_limit_hours * 3600),
                )
            }),
            per_day: args.invitations_per_day,
        },
        ..PortalSpec::new(args.users, args.seed)
    };
    let faults = FaultSpec {
        latency_ms: args.latency_ms,
        jitter_ms: args.jitter_ms,
        fault_rate: args.fault_rate,
        rate_limit: args.rate_limit,
        rate_window: Some(std::time::Duration::from_secs(args.rate_window_secs)),
        sensitive: args.sensitive_limit.map(|permits| SensitiveLimit {
            permits,
            window: std::time::Duration::from_secs(args.sensitive_window_secs),
        }),
        seed: args.seed,
    };
    if let Some(dist) = &args.dist {
        if !dist.join("index.html").is_file() {
            eprintln!("docspace-sim: {} has no index.html", dist.display());
            return std::process::ExitCode::from(2);
        }
    }
    let sim = Simulator::new(&spec, faults);
    let listener = match tokio::net::TcpListener::bind(args.addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("docspace-sim: cannot listen on {}: {e}", args.addr);
            return std::process::ExitCode::from(1);
        }
    };
    {
        let p = sim.portal.lock().unwrap_or_else(|e| e.into_inner());
        println!(
            "docspace-sim: a DocSpace {} portal with {} people",
            p.version(),
            p.users.len()
        );
        let addr = listener.local_addr().unwrap_or(args.addr);
        println!("  URL        http://{addr}/");
        if let Some(owner) = p.role_user(Role::Owner) {
            println!("  owner      {} / {}", owner.email, owner.password);
        }
        if p.version().has_api_keys() {
            for (role, key) in p.role_keys() {
                println!("  API key    {:<10} {key}", role.name());
            }
        } else {
            println!("  API keys   none before DocSpace 3.1: sign in with a password");
        }
        println!("Press Ctrl-C to stop.");
    }
    let router = sim.router_under(args.dist, &args.base);
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
