//! The help desk's commands (issue 14): `search` and `register`. Both print JSON; `register`
//! exits 5 when it found possible duplicates and wrote nothing.

use std::path::Path;

use anyhow::{Result, bail};
use clap::{Args, ValueEnum};

use super::common::{open, print_json, today_in_vietnam};
use crate::api::{FairApi, RegisterReply, Registration};
use crate::domain::registration::parse_birth;
use crate::domain::search::MAX_RESULTS;
use crate::domain::{Gender, Household, YesNo};

/// The exit code of `register` when it found possible duplicates (the scriptable contract).
pub const EXIT_DUPLICATES: i32 = 5;

/// `search` options.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What staff would type: a name (any order, accents optional), the last 4+ digits of an
    /// ID number, a phone number, a registration code, a birth year, a commune.
    pub query: String,
    /// At most this many results (1-50).
    #[arg(long, default_value_t = MAX_RESULTS, value_parser = clap::value_parser!(u32).range(1..=50))]
    pub limit: u32,
}

/// Gender as the command line spells it.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum GenderArg {
    Nam,
    Nu,
}

/// Household category as the command line spells it (the stored names).
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum HouseholdArg {
    #[value(name = "poor")]
    Poor,
    #[value(name = "near_poor")]
    NearPoor,
    #[value(name = "escaped")]
    Escaped,
    #[value(name = "other")]
    Other,
    #[value(name = "unknown")]
    Unknown,
}

/// Yes or no.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum YesNoArg {
    Yes,
    No,
}

/// `register` options.
#[derive(Debug, Args)]
pub struct RegisterArgs {
    /// Full name.
    #[arg(long)]
    pub name: String,
    /// Date of birth, dd/mm/yyyy.
    #[arg(
        long,
        conflicts_with = "birth_year",
        required_unless_present = "birth_year"
    )]
    pub birth: Option<String>,
    /// Year of birth, when the date is not known.
    #[arg(long)]
    pub birth_year: Option<i32>,
    /// A commune of the event's list (with or without "Xã"/"Phường"; old names too), or any
    /// other name, kept as outside the list.
    #[arg(long)]
    pub commune: String,
    #[arg(long, value_enum)]
    pub gender: Option<GenderArg>,
    /// Vietnamese mobile number in any form.
    #[arg(long)]
    pub phone: Option<String>,
    /// 12-digit ID number, checked against the birth year and gender.
    #[arg(long)]
    pub id_number: Option<String>,
    #[arg(long, value_enum)]
    pub household: Option<HouseholdArg>,
    #[arg(long, value_enum)]
    pub ethnic_minority: Option<YesNoArg>,
    /// Register even when possible duplicates are on file.
    #[arg(long)]
    pub force: bool,
    /// Station name for the log.
    #[arg(long, default_value = "cli")]
    pub station: String,
}

/// `fairdesk search`: `{"results": [...]}`, best first.
pub fn search(db: &Path, args: SearchArgs) -> Result<i32> {
    let fair = open(db)?;
    print_json(&fair.search_attendees(&args.query, args.limit)?)?;
    Ok(0)
}

/// `fairdesk register`: the check-in JSON (status `registered`), or the duplicates and exit 5.
pub fn register(db: &Path, args: RegisterArgs) -> Result<i32> {
    let fair = open(db)?;
    let (birth_date, birth_year) = match (&args.birth, args.birth_year) {
        (Some(text), _) => match parse_birth(text, today_in_vietnam()) {
            Ok((date, year)) => (date, Some(year)),
            Err(_) => bail!("--birth: not a possible date of birth (dd/mm/yyyy)"),
        },
        (None, year) => (None, year),
    };
    let registration = Registration {
        full_name: args.name,
        birth_date,
        birth_year,
        gender: args.gender.map(|g| match g {
            GenderArg::Nam => Gender::Male,
            GenderArg::Nu => Gender::Female,
        }),
        commune: args.commune,
        phone: args.phone,
        id_number: args.id_number,
        household: match args.household {
            None | Some(HouseholdArg::Unknown) => Household::Unknown,
            Some(HouseholdArg::Poor) => Household::Poor,
            Some(HouseholdArg::NearPoor) => Household::NearPoor,
            Some(HouseholdArg::Escaped) => Household::Escaped,
            Some(HouseholdArg::Other) => Household::Other,
        },
        ethnic_minority: match args.ethnic_minority {
            None => YesNo::Unknown,
            Some(YesNoArg::Yes) => YesNo::Yes,
            Some(YesNoArg::No) => YesNo::No,
        },
        force: args.force,
        station: Some(args.station),
    };
    match fair.register_attendee(registration)? {
        RegisterReply::Registered { checkin } => {
            print_json(&checkin)?;
            Ok(0)
        }
        duplicates @ RegisterReply::Duplicates { .. } => {
            print_json(&duplicates)?;
            Ok(EXIT_DUPLICATES)
        }
    }
}
