//! The ticket state machine (DESIGN §3).
//!
//! ```text
//! waiting --call--> called --start--> serving --finish(outcome)--> done
//!    |                |  \--recall--> called (recall count +1)
//!    |                |--no_show--> no_show --reinstate--> waiting (back of the queue)
//!    |--cancel--> cancelled          \--cancel--> cancelled
//! ```
//! A transfer ends the ticket as `transferred` and opens a new one at the other booth.

use serde::{Deserialize, Serialize};

use super::types::TicketState;

/// Something staff (or the attendee, for cancel) can do to one ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketAction {
    Call,
    Recall,
    Start,
    Finish,
    NoShow,
    Reinstate,
    Cancel,
    Transfer,
}

impl TicketAction {
    /// Stable text form, used in the log and in error codes.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Call => "call",
            Self::Recall => "recall",
            Self::Start => "start",
            Self::Finish => "finish",
            Self::NoShow => "no_show",
            Self::Reinstate => "reinstate",
            Self::Cancel => "cancel",
            Self::Transfer => "transfer",
        }
    }
}

impl std::fmt::Display for TicketAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The state a ticket moves to under `action`, or `None` when the transition is illegal.
pub fn next_state(from: TicketState, action: TicketAction) -> Option<TicketState> {
    use TicketAction as A;
    use TicketState as S;
    match (from, action) {
        (S::Waiting, A::Call) => Some(S::Called),
        (S::Called, A::Recall) => Some(S::Called),
        (S::Called, A::Start) => Some(S::Serving),
        (S::Serving, A::Finish) => Some(S::Done),
        (S::Called, A::NoShow) => Some(S::NoShow),
        (S::NoShow, A::Reinstate) => Some(S::Waiting),
        (S::Waiting | S::NoShow, A::Cancel) => Some(S::Cancelled),
        (S::Waiting | S::Called | S::Serving, A::Transfer) => Some(S::Transferred),
        _ => None,
    }
}

/// Ticket number shown to people: booth code plus the booth's sequence, zero-padded to three
/// digits (`A007`); past 999 it simply grows (`A1000`). A booth code that ends in a digit gets
/// a dash (`T1-012`), so no two booths' numbers can ever read the same.
pub fn ticket_number(booth_code: &str, seq: u32) -> String {
    if booth_code.ends_with(|c: char| c.is_ascii_digit()) {
        format!("{booth_code}-{seq:03}")
    } else {
        format!("{booth_code}{seq:03}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TicketAction as A;
    use TicketState as S;

    #[test]
    fn the_happy_path_runs_call_start_finish() {
        let s = next_state(S::Waiting, A::Call).unwrap();
        let s = next_state(s, A::Recall).unwrap();
        let s = next_state(s, A::Start).unwrap();
        assert_eq!(next_state(s, A::Finish), Some(S::Done));
    }

    #[test]
    fn a_no_show_can_be_reinstated_or_cancelled_but_not_served() {
        let s = next_state(S::Called, A::NoShow).unwrap();
        assert_eq!(next_state(s, A::Reinstate), Some(S::Waiting));
        assert_eq!(next_state(s, A::Cancel), Some(S::Cancelled));
        assert_eq!(next_state(s, A::Start), None);
        assert_eq!(next_state(s, A::Finish), None);
    }

    #[test]
    fn finished_and_cancelled_tickets_accept_nothing() {
        for terminal in [S::Done, S::Cancelled, S::Transferred] {
            for action in [
                A::Call,
                A::Recall,
                A::Start,
                A::Finish,
                A::NoShow,
                A::Reinstate,
                A::Cancel,
                A::Transfer,
            ] {
                assert_eq!(next_state(terminal, action), None, "{terminal} {action}");
            }
        }
    }

    #[test]
    fn a_waiting_ticket_cannot_be_finished_or_started() {
        assert_eq!(next_state(S::Waiting, A::Start), None);
        assert_eq!(next_state(S::Waiting, A::Finish), None);
        assert_eq!(next_state(S::Waiting, A::Recall), None);
    }

    #[test]
    fn ticket_numbers_are_zero_padded() {
        assert_eq!(ticket_number("A", 7), "A007");
        assert_eq!(ticket_number("T1", 12), "T1-012");
        assert_eq!(ticket_number("B", 1234), "B1234");
    }
}
