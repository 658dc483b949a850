use leptos::prelude::*;

use crate::api::{Person, UserStatus};

/// A table of people: name, email, type and status. Names are text, never markup.
#[component]
pub fn PeopleTable(people: Vec<Person>) -> impl IntoView {
    let rows = people
        .into_iter()
        .map(|person| {
            let status = person.status();
            let badge = match status {
                UserStatus::Active => "badge badge-active",
                UserStatus::Pending => "badge badge-pending",
                UserStatus::Disabled => "badge badge-disabled",
                UserStatus::Unknown(_) => "badge",
            };
            view! {
                <tr>
                    <td class="name">{person.name().to_string()}</td>
                    <td class="email">{person.email.clone()}</td>
                    <td class="type">{person.user_type().label()}</td>
                    <td class="status"><span class=badge>{status.label()}</span></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="people">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Email"</th>
                    <th scope="col">"Type"</th>
                    <th scope="col">"Status"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
