//! The organiser's setup changes as one interface, so the Setup screen works on the hub laptop
//! (over [`Fair`]) and at any station with an organiser token (over
//! [`crate::hub::HubClient`], whose hub takes them as `POST /api/v1/setup`).

use serde::{Deserialize, Serialize};

use super::{EventDetails, Fair, SetupResult, SetupView};
use crate::api::{FairApi, FairResult, Vacancy};
use crate::domain::BoothKind;

/// The organiser's setup changes, on top of everything a station can do.
pub trait SetupApi: FairApi {
    /// Everything the Setup screen shows, in one snapshot.
    fn setup_view(&self) -> FairResult<SetupView>;
    /// Carries out one change: all of it, with its log row, or nothing.
    fn apply_setup(&self, change: SetupChange) -> SetupResult<SetupDone>;
}

/// One setup change, as `POST /api/v1/setup` takes it, e.g.
/// `{"change": "add_desk", "booth": "A"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum SetupChange {
    CreateBooth {
        code: String,
        name: String,
        #[serde(default)]
        location: String,
        kind: BoothKind,
        desks: u32,
    },
    UpdateBooth {
        code: String,
        name: String,
        #[serde(default)]
        location: String,
    },
    SetBoothOpen {
        code: String,
        open: bool,
    },
    AddDesk {
        booth: String,
    },
    RenameDesk {
        desk: String,
        label: String,
    },
    SetDeskClosed {
        desk: String,
        closed: bool,
    },
    AddVacancy {
        booth: String,
        vacancy: Vacancy,
    },
    UpdateVacancy {
        id: i64,
        vacancy: Vacancy,
    },
    RemoveVacancy {
        id: i64,
    },
    UpdateEvent {
        details: EventDetails,
    },
    ChangePin {
        old: String,
        new: String,
        repeat: String,
    },
}

impl SetupChange {
    /// The change's name, for the hub's log: never its values, which may hold a PIN.
    pub fn name(&self) -> &'static str {
        match self {
            Self::CreateBooth { .. } => "create_booth",
            Self::UpdateBooth { .. } => "update_booth",
            Self::SetBoothOpen { .. } => "set_booth_open",
            Self::AddDesk { .. } => "add_desk",
            Self::RenameDesk { .. } => "rename_desk",
            Self::SetDeskClosed { .. } => "set_desk_closed",
            Self::AddVacancy { .. } => "add_vacancy",
            Self::UpdateVacancy { .. } => "update_vacancy",
            Self::RemoveVacancy { .. } => "remove_vacancy",
            Self::UpdateEvent { .. } => "update_event",
            Self::ChangePin { .. } => "change_pin",
        }
    }
}

/// What a change made, when it made something: the new desk's code, the new vacancy's id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupDone {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desk: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vacancy: Option<i64>,
}

impl SetupApi for Fair {
    fn setup_view(&self) -> FairResult<SetupView> {
        Fair::setup_view(self)
    }

    fn apply_setup(&self, change: SetupChange) -> SetupResult<SetupDone> {
        let done = SetupDone::default();
        match change {
            SetupChange::CreateBooth {
                code,
                name,
                location,
                kind,
                desks,
            } => self.create_booth(&code, &name, &location, kind, desks)?,
            SetupChange::UpdateBooth {
                code,
                name,
                location,
            } => self.update_booth(&code, &name, &location)?,
            SetupChange::SetBoothOpen { code, open } => self.set_booth_open(&code, open)?,
            SetupChange::AddDesk { booth } => {
                let desk = self.add_desk(&booth)?;
                return Ok(SetupDone {
                    desk: Some(desk),
                    ..done
                });
            }
            SetupChange::RenameDesk { desk, label } => self.rename_desk(&desk, &label)?,
            SetupChange::SetDeskClosed { desk, closed } => self.set_desk_closed(&desk, closed)?,
            SetupChange::AddVacancy { booth, vacancy } => {
                let id = self.add_vacancy(&booth, &vacancy)?;
                return Ok(SetupDone {
                    vacancy: Some(id),
                    ..done
                });
            }
            SetupChange::UpdateVacancy { id, vacancy } => self.update_vacancy(id, &vacancy)?,
            SetupChange::RemoveVacancy { id } => self.remove_vacancy(id)?,
            SetupChange::UpdateEvent { details } => self.update_event(&details)?,
            SetupChange::ChangePin { old, new, repeat } => {
                self.change_pin(&old, &new, &repeat)?;
            }
        }
        Ok(done)
    }
}
