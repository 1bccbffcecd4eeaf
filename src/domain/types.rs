//! The vocabulary of a job fair: plain enums shared by every layer.
//!
//! Each enum has a stable lowercase `as_str` form, which is what the database, the JSON
//! contracts and the CSV/XLSX exports use. Renaming a variant's string is a breaking change.

use serde::{Deserialize, Serialize};

macro_rules! str_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable text form used in storage and contracts.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the stable text form (exact match).
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

str_enum! {
    /// Gender as printed on the citizen ID card (Nam / Nữ).
    Gender { Male = "male", Female = "female" }
}

str_enum! {
    /// The household category the poverty-reduction programme counts.
    Household {
        Poor = "poor",
        NearPoor = "near_poor",
        /// Newly out of poverty ("hộ mới thoát nghèo").
        Escaped = "escaped",
        Other = "other",
        Unknown = "unknown",
    }
}

str_enum! {
    /// Tri-state answer: the kiosk's questions are all skippable.
    YesNo { Yes = "yes", No = "no", Unknown = "unknown" }
}

str_enum! {
    /// How an attendee came to be on the list.
    Source { PreRegistered = "pre_registered", WalkIn = "walk_in" }
}

str_enum! {
    /// How a check-in was identified.
    Method {
        CccdQr = "cccd_qr",
        IdNumber = "id_number",
        RegCode = "reg_code",
        Phone = "phone",
        /// A CCCD scan that registered a new person on the spot.
        WalkIn = "walk_in",
        /// Checked in by help-desk staff on the person's behalf (issue 14).
        Helpdesk = "helpdesk",
    }
}

str_enum! {
    /// Entry or exit through the door.
    Direction { In = "in", Out = "out" }
}

str_enum! {
    /// What a booth is for.
    BoothKind { Employer = "employer", Counselling = "counselling", Service = "service" }
}

str_enum! {
    /// A ticket's place in its life (DESIGN §3). `Transferred` is terminal: the attendee
    /// continues on a new ticket at the other booth.
    TicketState {
        Waiting = "waiting",
        Called = "called",
        Serving = "serving",
        Done = "done",
        NoShow = "no_show",
        Cancelled = "cancelled",
        Transferred = "transferred",
    }
}

str_enum! {
    /// What staff record when they finish with a candidate.
    Outcome {
        Interviewed = "interviewed",
        Hired = "hired",
        Shortlisted = "shortlisted",
        NotSuitable = "not_suitable",
        Training = "training",
        Counselled = "counselled",
    }
}

impl TicketState {
    /// Waiting, called or serving: counts against the attendee's open-ticket limit.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Waiting | Self::Called | Self::Serving)
    }

    /// Called or serving: the attendee is busy at a desk.
    pub fn is_at_desk(self) -> bool {
        matches!(self, Self::Called | Self::Serving)
    }
}

str_enum! {
    /// What kind of event a fair is, as the programme's annual report groups them. Events made
    /// before the kind was recorded were job fair days.
    #[derive(Default)]
    EventKind {
        /// A job fair day ("ngày hội việc làm").
        #[default]
        NgayHoi = "ngay_hoi",
        /// A job-transaction session ("phiên giao dịch việc làm").
        PhienGd = "phien_gd",
        Other = "other",
    }
}
