//! What the story shows: CERE and USD amounts, UTC dates, fixed-width tables; its event lines,
//! the tables of nodes, clusters, buckets and accounts, and the network as a Mermaid diagram.

use crate::{backend, Res, Story};
use ddc_bucket::events::Event;
use ddc_bucket::perm::entity::Permission;
use ddc_bucket::types::{AccountId, Balance, MS_PER_MONTH, TOKEN};
use ddc_tests::Views;

/// An amount of 10-decimal units (CERE or USD) with all its decimals, e.g. `12.5000000000`.
pub fn units(v: Balance) -> String {
    format!("{}.{:010}", v / TOKEN, v % TOKEN)
}

/// USD accrued, given in rate-ms (USD units per month × ms, as settlement events carry it), as
/// 10-decimal USD units rounded down.
pub fn usd(rate_ms: Balance) -> String {
    units(rate_ms / MS_PER_MONTH)
}

/// A rent or a sum of rents: whole USD as `14`, otherwise with every decimal.
pub fn usd_whole(v: Balance) -> String {
    if v % TOKEN == 0 {
        (v / TOKEN).to_string()
    } else {
        units(v)
    }
}

/// Basis points as a percentage: `100` → `1 %`, `250` → `2.5 %`.
pub fn percent(bp: u128) -> String {
    if bp % 100 == 0 {
        format!("{} %", bp / 100)
    } else {
        format!("{}.{:02} %", bp / 100, bp % 100)
    }
}

/// A signed difference of two amounts, `+1.0000000000` / `-0.5000000000`.
pub fn delta(before: Balance, after: Balance) -> String {
    if after >= before {
        format!("+{}", units(after - before))
    } else {
        format!("-{}", units(before - after))
    }
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// A timestamp in ms as an ISO 8601 UTC date-time, `2026-01-05 09:00:00 UTC`; `never` for
/// `u64::MAX` (nothing to pay).
pub fn date(ms: u64) -> String {
    if ms == u64::MAX {
        return "never (no rent)".into();
    }
    let secs = (ms / 1000) as i64;
    let (y, mo, d) = civil_from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{mo:02}-{d:02} {:02}:{:02}:{:02} UTC",
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

/// A duration in ms, roughly: `3 d 4 h`, `12 min`, `8 s`.
pub fn duration(ms: u64) -> String {
    let s = ms / 1000;
    match s {
        0..=119 => format!("{s} s"),
        120..=7199 => format!("{} min", s / 60),
        7200..=172_799 => format!("{} h {} min", s / 3600, s % 3600 / 60),
        _ => format!("{} d {} h", s / 86_400, s % 86_400 / 3600),
    }
}

/// A fixed-width table: the header row, a rule, the rows; numeric-looking cells right-aligned.
pub fn table(title: &str, header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let numeric = |c: &str| {
        !c.is_empty()
            && c.chars()
                .all(|ch| ch.is_ascii_digit() || ".+-,".contains(ch))
    };
    let line = |cells: Vec<String>| {
        let mut s = String::from("  ");
        for (i, c) in cells.iter().enumerate() {
            let pad = widths[i] - c.chars().count();
            if numeric(c) {
                s += &format!("{}{c}", " ".repeat(pad));
            } else {
                s += &format!("{c}{}", " ".repeat(pad));
            }
            if i + 1 < cells.len() {
                s += " | ";
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = format!("  {title}\n");
    out += &line(header.iter().map(|h| h.to_string()).collect());
    out += &format!(
        "  {}\n",
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join("-+-")
    );
    for r in rows {
        out += &line(r.clone());
    }
    out
}

/// The URL in a node's params (`{"url": ...}`), or the params themselves.
pub fn url_of(params: &str) -> String {
    serde_json::from_str::<serde_json::Value>(params)
        .ok()
        .and_then(|v| v["url"].as_str().map(str::to_string))
        .unwrap_or_else(|| params.to_string())
}

/// An address, shortened: `5Grwva…utQY`.
pub fn short(id: &AccountId) -> String {
    let s = drink::AccountId32::new(*AsRef::<[u8; 32]>::as_ref(id)).to_string();
    format!("{}…{}", &s[..6], &s[s.len() - 4..])
}

// ---- the story's event lines, tables and diagram -----------------------------------------

impl Story {
    pub fn event_line(&self, e: &Event) -> String {
        let n = |id: &AccountId| self.name(id);
        match e {
            Event::BucketCreated(e) => {
                format!(
                    "BucketCreated bucket {} owner {}",
                    e.bucket_id,
                    n(&e.owner_id)
                )
            }
            Event::BucketAllocated(e) => format!(
                "BucketAllocated bucket {} in cluster {}: {} per vnode",
                e.bucket_id, e.cluster_id, e.resource
            ),
            Event::BucketSettlePayment(e) => format!(
                "BucketSettlePayment bucket {} → cluster {}: {} CERE for {} USD of rent at {} USD/CERE",
                e.bucket_id,
                e.cluster_id,
                units(e.value),
                usd(e.usd_rate_ms),
                units(e.usd_per_cere)
            ),
            Event::ClusterCreated(e) => format!(
                "ClusterCreated cluster {} manager {}",
                e.cluster_id,
                n(&e.manager)
            ),
            Event::ClusterNodeReplaced(e) => format!(
                "ClusterNodeReplaced cluster {} vnode {} → node {}",
                e.cluster_id, e.vnode_index, e.node_id
            ),
            Event::ClusterReserveResource(e) => format!(
                "ClusterReserveResource cluster {}: {} per vnode",
                e.cluster_id, e.resource
            ),
            Event::ClusterDistributeRevenues(e) => format!(
                "ClusterDistributeRevenues cluster {} → {}: {} CERE",
                e.cluster_id,
                n(&e.provider_id),
                units(e.value)
            ),
            Event::ClusterDistributeFees(e) => format!(
                "ClusterDistributeFees cluster {}: network {} CERE → {}, management {} CERE → {}",
                e.cluster_id,
                units(e.network_fee),
                n(&e.network_fee_destination),
                units(e.cluster_management_fee),
                n(&e.manager_id)
            ),
            Event::NodeCreated(e) => format!(
                "NodeCreated node {} provider {} rent {} USD/month params {}",
                e.node_id,
                n(&e.provider_id),
                units(e.rent_per_month),
                e.node_params.as_str()
            ),
            Event::Deposit(e) => format!("Deposit {} +{} CERE", n(&e.account_id), units(e.value)),
            Event::Withdraw(e) => format!("Withdraw {} -{} CERE", n(&e.account_id), units(e.value)),
            Event::GrantPermission(e) => {
                format!(
                    "GrantPermission {} {}",
                    n(&e.account_id),
                    self.perm(&e.permission)
                )
            }
            Event::RevokePermission(e) => {
                format!(
                    "RevokePermission {} {}",
                    n(&e.account_id),
                    self.perm(&e.permission)
                )
            }
            Event::ExchangeRateSet(e) => {
                format!("ExchangeRateSet {} USD per CERE", units(e.usd_per_cere))
            }
            Event::FeeConfigSet(e) => format!(
                "FeeConfigSet network {} bp → {}, management {} bp",
                e.network_fee_bp,
                n(&e.network_fee_destination),
                e.cluster_management_fee_bp
            ),
            Event::BucketReleased(e) => format!(
                "BucketReleased bucket {} in cluster {}: {} per vnode, rent -{} USD/month",
                e.bucket_id,
                e.cluster_id,
                e.resource,
                units(e.rate)
            ),
            Event::BucketClosed(e) => format!(
                "BucketClosed bucket {} in cluster {}{}, arrears {} USD",
                e.bucket_id,
                e.cluster_id,
                if e.expired { " (expired)" } else { "" },
                units(e.arrears / MS_PER_MONTH)
            ),
            Event::BucketResourceCapSet(e) => format!(
                "BucketResourceCapSet bucket {}: up to {} per vnode at up to {} USD/month per unit",
                e.bucket_id,
                e.resource_cap,
                units(e.price_cap)
            ),
            Event::GracePeriodSet(e) => {
                format!("GracePeriodSet {}", duration(e.grace_period_ms))
            }
            Event::BucketOwnerOffered(e) => format!(
                "BucketOwnerOffered bucket {} to {}",
                e.bucket_id,
                n(&e.owner_id)
            ),
            Event::BucketOwnerChanged(e) => format!(
                "BucketOwnerChanged bucket {} → {} (was {})",
                e.bucket_id,
                n(&e.owner_id),
                n(&e.previous_owner_id)
            ),
            Event::BucketWriterPermSet(e) => format!(
                "BucketWriterPermSet bucket {} writer {} {}",
                e.bucket_id,
                n(&e.writer),
                if e.granted { "granted" } else { "revoked" }
            ),
            Event::ClusterResourceSet(e) => format!(
                "ClusterResourceSet cluster {}: {} per vnode",
                e.cluster_id, e.resource_per_vnode
            ),
            Event::ClusterNodeAdded(e) => format!(
                "ClusterNodeAdded cluster {}: {} {} on node {}",
                e.cluster_id,
                e.vnode_count,
                if e.vnode_count == 1 { "vnode" } else { "vnodes" },
                e.node_id
            ),
            Event::ClusterNodeRemoved(e) => format!(
                "ClusterNodeRemoved cluster {}: node {}'s vnodes",
                e.cluster_id, e.node_id
            ),
            Event::ClusterRemoved(e) => format!("ClusterRemoved cluster {}", e.cluster_id),
            Event::NodeCapacitySet(e) => format!(
                "NodeCapacitySet node {}: capacity {}",
                e.node_id, e.capacity
            ),
            Event::NodeRentSet(e) => format!(
                "NodeRentSet node {}: {} USD/month for the vnodes placed on it from now on",
                e.node_id,
                units(e.rent_per_month)
            ),
            Event::NodeRemoved(e) => format!("NodeRemoved node {}", e.node_id),
            Event::NetworkFeesPaid(e) => format!(
                "NetworkFeesPaid {} CERE → {}",
                units(e.value),
                n(&e.destination)
            ),
            other => format!("{other:?}"),
        }
    }

    /// What a DDC node decides from a bucket's `rent_covered_until_ms` (and what the story saw
    /// of its closing: the status has no closed flag; a closed bucket is covered until its close
    /// at most).
    pub fn node_would(&self, bucket_id: u32, until: u64, now: u64) -> String {
        match self.closed.get(&bucket_id) {
            Some(&(_, true)) => "STOP: expired (bucket_expire)".into(),
            Some(_) => "STOP: closed".into(),
            None if until == u64::MAX => "serve (nothing to pay)".into(),
            None if until >= now => format!("serve ({} left)", duration(until - now)),
            None => format!("EXPIRED {} ago", duration(now - until)),
        }
    }

    fn perm(&self, p: &Permission) -> String {
        match p {
            Permission::ManagerTrustedBy(a) => format!("ManagerTrustedBy({})", self.name(a)),
            other => format!("{other:?}"),
        }
    }

    pub fn print_nodes(&mut self) -> Res<()> {
        let nodes = self.list(|s, offset, limit| s.node_list(offset, limit, None))?;
        let rows = nodes
            .iter()
            .map(|n| {
                vec![
                    n.node_id.to_string(),
                    self.name(&n.node.provider_id),
                    units(n.node.rent_per_month),
                    self.capacity
                        .get(&n.node_id)
                        .map(|c| c.to_string())
                        .unwrap_or_default(),
                    n.node.free_resource.to_string(),
                    url_of(n.params.as_str()),
                ]
            })
            .collect::<Vec<_>>();
        print!(
            "{}",
            table(
                "Nodes",
                &[
                    "node",
                    "provider",
                    "rent USD/month",
                    "capacity",
                    "free",
                    "url"
                ],
                &rows
            )
        );
        Ok(())
    }

    /// The clusters, with the vnode prices the story saw placed (checked against each
    /// cluster's ring and total rent).
    pub fn print_clusters(&mut self) -> Res<()> {
        let clusters = self.list(|s, offset, limit| s.cluster_list(offset, limit, None))?;
        let mut rows = vec![];
        for c in &clusters {
            let ring = self.rings.get(&c.cluster_id).cloned().unwrap_or_default();
            let nodes: Vec<u32> = ring.iter().map(|(n, _)| *n).collect();
            let total: Balance = ring.iter().map(|(_, p)| p).sum();
            if nodes != c.cluster.vnodes || total != c.cluster.total_rent {
                return Err(format!(
                    "cluster {}: the story placed {ring:?} (rent {total}); the contract has {:?} (rent {})",
                    c.cluster_id, c.cluster.vnodes, c.cluster.total_rent
                ));
            }
            let map = ring
                .iter()
                .enumerate()
                .map(|(i, (n, _))| format!("{i}→{n}"))
                .collect::<Vec<_>>()
                .join(" ");
            let prices = ring
                .iter()
                .map(|(_, p)| usd_whole(*p))
                .collect::<Vec<_>>()
                .join(" ");
            let removed = if self.removed.contains(&c.cluster_id) {
                " (removed)"
            } else {
                ""
            };
            rows.push(vec![
                format!("{}{removed}", c.cluster_id),
                self.name(&c.cluster.manager_id),
                map,
                prices,
                c.cluster.resource_per_vnode.to_string(),
                c.cluster.resource_used.to_string(),
                units(c.cluster.total_rent),
                units(c.cluster.revenues.value),
            ]);
        }
        print!(
            "{}",
            table(
                "Clusters",
                &[
                    "cluster",
                    "manager",
                    "vnode→node",
                    "vnode prices USD/month",
                    "reserved/vnode",
                    "used/vnode",
                    "rent USD/month",
                    "revenues CERE"
                ],
                &rows
            )
        );
        Ok(())
    }

    pub fn print_buckets(&mut self) -> Res<()> {
        let now = self.b.now()?;
        let buckets = self.list(|s, offset, limit| s.bucket_list(offset, limit, None))?;
        let rows = buckets
            .iter()
            .map(|b| {
                let until = b.rent_covered_until_ms;
                let state = self.node_would(b.bucket_id, until, now);
                vec![
                    b.bucket_id.to_string(),
                    self.name(&b.bucket.owner_id),
                    b.bucket.cluster_id.to_string(),
                    b.bucket.resource_reserved.to_string(),
                    b.writer_ids
                        .iter()
                        .map(|w| self.name(w))
                        .collect::<Vec<_>>()
                        .join(","),
                    date(until),
                    state,
                ]
            })
            .collect::<Vec<_>>();
        print!(
            "{}",
            table(
                "Buckets",
                &[
                    "bucket",
                    "owner",
                    "cluster",
                    "resource",
                    "writers",
                    "rent covered until",
                    "a DDC node would"
                ],
                &rows
            )
        );
        Ok(())
    }

    pub fn print_accounts(&mut self) -> Res<()> {
        let mut rows = vec![];
        let contract = self.b.contract();
        for a in self.actors.clone() {
            let free = self.b.free_balance(&a.id)?;
            let account = self.account(&a.id)?;
            rows.push(vec![
                a.name.clone(),
                short(&a.id),
                units(free),
                account
                    .map(|x| units(x.deposit.value))
                    .unwrap_or_else(|| "-".into()),
                account
                    .map(|x| units(x.payable_schedule.rate))
                    .unwrap_or_else(|| "-".into()),
            ]);
        }
        let held = self.b.free_balance(&contract)?;
        rows.push(vec![
            "(contract)".into(),
            short(&contract),
            units(held),
            String::new(),
            String::new(),
        ]);
        print!(
            "{}",
            table(
                "Accounts",
                &[
                    "who",
                    "address",
                    "free balance CERE",
                    "deposit in contract CERE",
                    "pays USD/month"
                ],
                &rows
            )
        );
        Ok(())
    }

    pub fn print_all(&mut self) -> Res<()> {
        self.print_nodes()?;
        self.print_clusters()?;
        self.print_buckets()?;
        self.print_accounts()
    }

    /// The network as a Mermaid flowchart: clusters → vnodes → nodes → providers,
    /// buckets → clusters and owners.
    pub fn mermaid(&mut self) -> Res<String> {
        let nodes = self.list(|s, offset, limit| s.node_list(offset, limit, None))?;
        let clusters = self.list(|s, offset, limit| s.cluster_list(offset, limit, None))?;
        let buckets = self.list(|s, offset, limit| s.bucket_list(offset, limit, None))?;
        let now = self.b.now()?;
        let id = |a: &AccountId| {
            let bytes: &[u8; 32] = a.as_ref();
            format!("A{}", backend::hex(&bytes[..6]).trim_start_matches("0x"))
        };
        let mut m = String::from("flowchart LR\n");
        let mut people: Vec<AccountId> = vec![];
        for c in &clusters {
            m += &format!(
                "  subgraph C{0}[\"cluster {0} · {1} vnodes · manager {2}{3}\"]\n",
                c.cluster_id,
                c.cluster.vnodes.len(),
                self.name(&c.cluster.manager_id),
                if self.removed.contains(&c.cluster_id) {
                    " · removed"
                } else {
                    ""
                }
            );
            for i in 0..c.cluster.vnodes.len() {
                m += &format!("    C{0}V{i}([\"vnode {i}\"])\n", c.cluster_id);
            }
            m += "  end\n";
            // A removed cluster's vnodes reserve nothing: dotted.
            let edge = if self.removed.contains(&c.cluster_id) {
                "-.->"
            } else {
                "-->"
            };
            for (i, n) in c.cluster.vnodes.iter().enumerate() {
                m += &format!("  C{}V{i} {edge} N{n}\n", c.cluster_id);
            }
            m += &format!(
                "  C{} -. managed by .-> {}\n",
                c.cluster_id,
                id(&c.cluster.manager_id)
            );
            people.push(c.cluster.manager_id);
        }
        for n in &nodes {
            m += &format!(
                "  N{0}[\"node {0}<br/>{1}<br/>{2} USD/month · free {3}\"]\n",
                n.node_id,
                url_of(n.params.as_str()).replace('"', "'"),
                units(n.node.rent_per_month),
                n.node.free_resource
            );
            m += &format!("  N{} --> {}\n", n.node_id, id(&n.node.provider_id));
            people.push(n.node.provider_id);
        }
        for b in &buckets {
            let state = if self.closed.contains_key(&b.bucket_id) {
                "closed"
            } else if b.rent_covered_until_ms >= now {
                "rent covered"
            } else {
                "rent EXPIRED"
            };
            m += &format!(
                "  B{0}[/\"bucket {0}<br/>resource {1} · {2}\"/]\n",
                b.bucket_id, b.bucket.resource_reserved, state
            );
            m += &format!("  B{} --> C{}\n", b.bucket_id, b.bucket.cluster_id);
            m += &format!(
                "  B{} -. owned by .-> {}\n",
                b.bucket_id,
                id(&b.bucket.owner_id)
            );
            people.push(b.bucket.owner_id);
        }
        people.sort();
        people.dedup();
        for p in &people {
            m += &format!("  {}((\"{}\"))\n", id(p), self.name(p));
        }
        Ok(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_iso() {
        assert_eq!(date(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(date(951_782_400_000), "2000-02-29 00:00:00 UTC");
        assert_eq!(date(1_767_225_600_000), "2026-01-01 00:00:00 UTC");
        assert_eq!(
            date(1_767_225_600_000 + 86_399_999),
            "2026-01-01 23:59:59 UTC"
        );
        assert_eq!(date(4_107_542_400_000), "2100-03-01 00:00:00 UTC");
        assert_eq!(date(u64::MAX), "never (no rent)");
    }

    #[test]
    fn amounts_keep_every_decimal() {
        assert_eq!(units(0), "0.0000000000");
        assert_eq!(units(TOKEN), "1.0000000000");
        assert_eq!(units(12 * TOKEN + 5), "12.0000000005");
        assert_eq!(delta(TOKEN, 3 * TOKEN / 2), "+0.5000000000");
        assert_eq!(delta(TOKEN, 0), "-1.0000000000");
    }

    #[test]
    fn tables_align_columns() {
        let t = table(
            "t",
            &["name", "amount"],
            &[
                vec!["a".into(), "1.5".into()],
                vec!["long name".into(), "10.25".into()],
            ],
        );
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[1], "  name      | amount");
        assert_eq!(lines[3], "  a         |    1.5");
        assert_eq!(lines[4], "  long name |  10.25");
    }
}
