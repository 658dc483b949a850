//! Putting many people into a group, or taking them out, and saying per person what happened.
//! The portal takes member lists (one request for hundreds) but skips, without a word, whom it
//! cannot take (disabled people, guests, the unknown), so the outcome of each person is read
//! from the group's members before and after, never assumed from a 200.

use crate::api::{same_id, Person};
use crate::people::groups::cannot_join;

/// How many IDs one request carries: a handful of requests for a thousand people, with
/// progress between them.
pub const IDS_PER_REQUEST: usize = 250;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Membership {
    Add,
    Remove,
}

impl Membership {
    pub fn verb(self) -> &'static str {
        match self {
            Membership::Add => "Add to group",
            Membership::Remove => "Remove from group",
        }
    }
}

/// What happened to one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberOutcome {
    Added,
    Removed,
    /// Nothing to do: already a member (adding), or not one (removing).
    AlreadySo(&'static str),
    /// Not sent: the portal would skip them (the reason).
    Skipped(&'static str),
    /// Sent, but the group does not show the change afterwards.
    NotDone(String),
}

impl MemberOutcome {
    pub fn label(&self) -> String {
        match self {
            MemberOutcome::Added => "Added".into(),
            MemberOutcome::Removed => "Removed".into(),
            MemberOutcome::AlreadySo(why) => (*why).into(),
            MemberOutcome::Skipped(why) => format!("Not sent: {why}"),
            MemberOutcome::NotDone(why) => format!("Not done: {why}"),
        }
    }

    pub fn is_change(&self) -> bool {
        matches!(self, MemberOutcome::Added | MemberOutcome::Removed)
    }
}

fn holds(ids: &[String], id: &str) -> bool {
    ids.iter().any(|m| same_id(m, id))
}

/// Who to send (their IDs, in order), and the outcomes already known without sending: those
/// already in (or out of) the group, and those the portal would skip. `members` are the
/// group's member IDs now, disabled ones included (the people list with `groupId`).
pub fn plan(
    kind: Membership,
    people: &[Person],
    members: &[String],
) -> (Vec<String>, Vec<(Person, MemberOutcome)>) {
    let mut send = Vec::new();
    let mut known = Vec::new();
    for p in people {
        let member = holds(members, &p.id);
        match kind {
            Membership::Add if member => {
                known.push((p.clone(), MemberOutcome::AlreadySo("Already a member")))
            }
            Membership::Add => match cannot_join(p) {
                Some(why) => known.push((p.clone(), MemberOutcome::Skipped(why))),
                None => send.push(p.id.clone()),
            },
            Membership::Remove if !member => {
                known.push((p.clone(), MemberOutcome::AlreadySo("Not a member")))
            }
            Membership::Remove => send.push(p.id.clone()),
        }
    }
    (send, known)
}

/// Each person sent, settled from the group's member IDs read after the requests.
pub fn settle(
    kind: Membership,
    people: &[Person],
    sent: &[String],
    after: &[String],
) -> Vec<(Person, MemberOutcome)> {
    people
        .iter()
        .filter(|p| holds(sent, &p.id))
        .map(|p| {
            let member = holds(after, &p.id);
            let outcome = match (kind, member) {
                (Membership::Add, true) => MemberOutcome::Added,
                (Membership::Add, false) => {
                    MemberOutcome::NotDone("the portal did not add them".into())
                }
                (Membership::Remove, false) => MemberOutcome::Removed,
                (Membership::Remove, true) => {
                    MemberOutcome::NotDone("the portal still lists them in the group".into())
                }
            };
            (p.clone(), outcome)
        })
        .collect()
}

/// "12 added, 3 already members, 2 not sent (disabled or guests)".
pub fn summary(outcomes: &[(Person, MemberOutcome)]) -> String {
    let count = |f: &dyn Fn(&MemberOutcome) -> bool| outcomes.iter().filter(|(_, o)| f(o)).count();
    let mut parts = Vec::new();
    let added = count(&|o| *o == MemberOutcome::Added);
    let removed = count(&|o| *o == MemberOutcome::Removed);
    let already = count(&|o| matches!(o, MemberOutcome::AlreadySo(_)));
    let skipped = count(&|o| matches!(o, MemberOutcome::Skipped(_)));
    let not_done = count(&|o| matches!(o, MemberOutcome::NotDone(_)));
    if added > 0 {
        parts.push(format!("{added} added"));
    }
    if removed > 0 {
        parts.push(format!("{removed} removed"));
    }
    if already > 0 {
        parts.push(format!("{already} unchanged (already so)"));
    }
    if skipped > 0 {
        parts.push(format!("{skipped} not sent (disabled or guests)"));
    }
    if not_done > 0 {
        parts.push(format!("{not_done} not done"));
    }
    if parts.is_empty() {
        "Nobody to change.".into()
    } else {
        format!("{}.", parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn person(id: &str, extra: serde_json::Value) -> Person {
        let mut p = json!({"id": id, "displayName": id, "email": format!("{id}@x.y"), "status": 1});
        p.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        serde_json::from_value(p).unwrap()
    }

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn adding_sends_only_who_the_portal_would_take_and_is_not_in() {
        let people = [
            person("a", json!({})),
            person("b", json!({})),
            person("c", json!({"status": 2})),
            person("d", json!({"isVisitor": true})),
            person("e", json!({"activationStatus": 2})),
        ];
        let (send, known) = plan(Membership::Add, &people, &ids(&["B"]));
        assert_eq!(send, ids(&["a", "e"]), "pending people may join");
        let known: Vec<_> = known
            .iter()
            .map(|(p, o)| (p.id.as_str(), o.clone()))
            .collect();
        assert_eq!(
            known[0],
            ("b", MemberOutcome::AlreadySo("Already a member"))
        );
        assert!(matches!(known[1], ("c", MemberOutcome::Skipped(why)) if why.contains("Disabled")));
        assert!(matches!(known[2], ("d", MemberOutcome::Skipped(why)) if why.contains("guest")));
    }

    #[test]
    fn the_outcome_is_read_from_the_group_afterwards() {
        let people = [person("a", json!({})), person("e", json!({}))];
        let sent = ids(&["a", "e"]);
        let settled = settle(Membership::Add, &people, &sent, &ids(&["A", "x"]));
        assert_eq!(settled[0].1, MemberOutcome::Added);
        assert!(
            matches!(settled[1].1, MemberOutcome::NotDone(_)),
            "a 200 is not proof"
        );
        let removed = settle(Membership::Remove, &people, &sent, &ids(&["e"]));
        assert_eq!(removed[0].1, MemberOutcome::Removed);
        assert!(matches!(removed[1].1, MemberOutcome::NotDone(_)));
    }

    #[test]
    fn removing_sends_only_members_disabled_ones_included() {
        let people = [person("a", json!({})), person("c", json!({"status": 2}))];
        let (send, known) = plan(Membership::Remove, &people, &ids(&["c"]));
        assert_eq!(send, ids(&["c"]));
        assert_eq!(known[0].1, MemberOutcome::AlreadySo("Not a member"));
        let mut all = known;
        all.extend(settle(Membership::Remove, &people, &send, &[]));
        assert_eq!(summary(&all), "1 removed, 1 unchanged (already so).");
        assert_eq!(summary(&[]), "Nobody to change.");
    }
}
