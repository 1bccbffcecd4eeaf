//! The order the board speaks in.
//!
//! The policy, for a hall where several desks call at once:
//! - an announcement is never cut off: the next one starts when the speaker has finished;
//! - calls that pile up while one is spoken wait in order, but only the newest [`KEEP`]: older
//!   ones are dropped (oldest first), since a call a minute stale sends people to a desk that
//!   has moved on and the board shows it anyway;
//! - a recall is a new call and is spoken again, even right after the first time; the same
//!   call twice in the waiting line is spoken once.
//!
//! [`CallQueue`] is the policy alone; [`Announcer`] runs it over a [`Speaker`] (the sound
//! device on the board, a recorder in tests) and [`serve`] is the sound thread's loop.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use super::mix::Pcm;
use super::{Voice, VoiceCall};

/// How many calls wait behind the one being spoken.
pub const KEEP: usize = 3;
/// How often the sound thread looks whether the speaker has finished.
const POLL: Duration = Duration::from_millis(50);

/// Where sound is played.
pub trait Speaker {
    /// Starts playing `pcm` and returns at once; `false` when nothing will be heard (no sound
    /// device), so nothing waits for it.
    fn start(&mut self, pcm: &Pcm) -> bool;
    /// Whether the sound last started is still playing.
    fn busy(&mut self) -> bool;
}

/// What the board asks the sound thread for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sound {
    /// The chime alone.
    Chime,
    /// The chime and the spoken call.
    Call(VoiceCall),
}

/// Calls waiting to be spoken, and the one being spoken (see the module doc for the policy).
#[derive(Debug, Clone)]
pub struct CallQueue<T> {
    pending: VecDeque<T>,
    keep: usize,
    playing: Option<T>,
}

impl<T: PartialEq> CallQueue<T> {
    /// A queue that keeps the newest `keep` waiting calls (at least one).
    pub fn new(keep: usize) -> Self {
        Self {
            pending: VecDeque::new(),
            keep: keep.max(1),
            playing: None,
        }
    }

    /// Adds a call at the back; returns the stale calls dropped for it, oldest first.
    pub fn push(&mut self, item: T) -> Vec<T> {
        if self.pending.contains(&item) {
            return Vec::new();
        }
        self.pending.push_back(item);
        let excess = self.pending.len().saturating_sub(self.keep);
        self.pending.drain(..excess).collect()
    }

    /// When nothing is being spoken, takes the oldest waiting call as the one being spoken.
    pub fn start_next(&mut self) -> Option<&T> {
        if self.playing.is_none() {
            self.playing = self.pending.pop_front();
            return self.playing.as_ref();
        }
        None
    }

    /// The call being spoken has ended.
    pub fn finished(&mut self) {
        self.playing = None;
    }

    /// The call being spoken.
    pub fn playing(&self) -> Option<&T> {
        self.playing.as_ref()
    }

    /// The calls waiting, oldest first.
    pub fn pending(&self) -> impl Iterator<Item = &T> {
        self.pending.iter()
    }
}

/// The queue over a speaker: renders each call with the voice when its turn comes.
pub struct Announcer<S> {
    voice: Arc<Voice>,
    queue: CallQueue<Sound>,
    speaker: S,
}

impl<S: Speaker> Announcer<S> {
    /// Speaks with `voice` on `speaker`.
    pub fn new(voice: Arc<Voice>, speaker: S) -> Self {
        Self {
            voice,
            queue: CallQueue::new(KEEP),
            speaker,
        }
    }

    /// Queues a sound.
    pub fn request(&mut self, sound: Sound) {
        for stale in self.queue.push(sound) {
            tracing::info!("board voice: skipped {stale:?}, newer calls are waiting");
        }
    }

    /// Notes a finished sound and starts the next; returns whether something is playing.
    pub fn tick(&mut self) -> bool {
        if self.queue.playing().is_some() {
            if self.speaker.busy() {
                return true;
            }
            self.queue.finished();
        }
        while let Some(sound) = self.queue.start_next() {
            let pcm = match sound {
                Sound::Chime => self.voice.chime().pcm,
                Sound::Call(call) => match self.voice.announce(call) {
                    Ok(mixed) => mixed.pcm,
                    Err(err) => {
                        // A ticket the voice cannot read still gets its chime.
                        tracing::warn!("board voice: {err}; chime only");
                        self.voice.chime().pcm
                    }
                },
            };
            if self.speaker.start(&pcm) {
                return true;
            }
            self.queue.finished();
        }
        false
    }

    /// The calls waiting (tests).
    pub fn queue(&self) -> &CallQueue<Sound> {
        &self.queue
    }

    /// The speaker (tests).
    pub fn speaker_mut(&mut self) -> &mut S {
        &mut self.speaker
    }
}

/// The sound thread: takes requests until the board is gone, never more than [`POLL`] late in
/// starting the next sound. A burst of requests is taken whole before anything starts, so a
/// pile-up drops its oldest calls rather than speaking the first of them. Returns the
/// announcer when the board has gone.
pub fn serve<S: Speaker>(requests: &Receiver<Sound>, mut announcer: Announcer<S>) -> Announcer<S> {
    loop {
        let first = if announcer.tick() {
            match requests.recv_timeout(POLL) {
                Ok(sound) => sound,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => return announcer,
            }
        } else {
            match requests.recv() {
                Ok(sound) => sound,
                Err(_) => return announcer,
            }
        };
        announcer.request(first);
        for more in requests.try_iter() {
            announcer.request(more);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::voice::reading::Region;

    #[test]
    fn calls_that_pile_up_keep_the_newest_few_and_drop_the_stale_in_order() {
        let mut queue = CallQueue::new(3);
        assert!(queue.push(1).is_empty());
        assert_eq!(queue.start_next(), Some(&1));
        for n in 2..=4 {
            assert!(queue.push(n).is_empty());
        }
        assert_eq!(queue.push(5), [2]);
        assert_eq!(queue.push(6), [3]);
        // Nothing new starts while 1 is spoken.
        assert_eq!(queue.start_next(), None);
        assert_eq!(queue.playing(), Some(&1));
        queue.finished();
        let mut spoken = Vec::new();
        while let Some(&n) = queue.start_next() {
            spoken.push(n);
            queue.finished();
        }
        assert_eq!(spoken, [4, 5, 6]);
    }

    #[test]
    fn a_recall_is_spoken_again_but_never_twice_in_the_waiting_line() {
        let mut queue = CallQueue::new(3);
        queue.push("A007");
        assert_eq!(queue.start_next(), Some(&"A007"));
        // Recalled while it is being spoken: it waits and is spoken again.
        queue.push("A007");
        queue.push("B001");
        queue.push("A007");
        assert_eq!(
            queue.pending().copied().collect::<Vec<_>>(),
            ["A007", "B001"]
        );
    }

    /// A speaker whose sounds play until the test says they ended.
    #[derive(Default)]
    struct Recorder {
        started: Vec<Pcm>,
        playing: bool,
        no_device: bool,
    }

    impl Speaker for Recorder {
        fn start(&mut self, pcm: &Pcm) -> bool {
            self.started.push(pcm.clone());
            self.playing = !self.no_device;
            !self.no_device
        }

        fn busy(&mut self) -> bool {
            self.playing
        }
    }

    fn call(ticket: &str) -> Sound {
        Sound::Call(VoiceCall {
            ticket: ticket.into(),
            desk: "A1".into(),
            desk_label: "Bàn A1".into(),
        })
    }

    fn announcer(recorder: Recorder) -> Announcer<Recorder> {
        Announcer::new(Arc::new(Voice::shipped(Region::North).unwrap()), recorder)
    }

    #[test]
    fn an_announcement_is_never_cut_off_by_the_next() {
        let voice = Voice::shipped(Region::North).unwrap();
        let mut board = announcer(Recorder::default());
        board.request(call("A001"));
        assert!(board.tick());
        for ticket in ["A002", "A003", "A004", "A005"] {
            board.request(call(ticket));
            assert!(board.tick());
        }
        assert_eq!(board.speaker_mut().started.len(), 1);
        loop {
            board.speaker_mut().playing = false;
            if !board.tick() {
                break;
            }
        }
        let started = &board.speaker_mut().started;
        assert_eq!(started.len(), 4, "A001, then the newest three");
        for (pcm, ticket) in started.iter().zip(["A001", "A003", "A004", "A005"]) {
            let Sound::Call(c) = call(ticket) else {
                unreachable!()
            };
            assert_eq!(*pcm, voice.announce(&c).unwrap().pcm, "{ticket}");
        }
    }

    #[test]
    fn a_board_without_a_device_drains_its_calls_without_waiting() {
        let mut board = announcer(Recorder {
            no_device: true,
            ..Recorder::default()
        });
        board.request(call("A001"));
        board.request(Sound::Chime);
        assert!(!board.tick());
        assert_eq!(board.speaker_mut().started.len(), 2);
        assert!(board.queue().playing().is_none());
    }

    #[test]
    fn an_unreadable_ticket_still_chimes() {
        let voice = Voice::shipped(Region::North).unwrap();
        let mut board = announcer(Recorder::default());
        board.request(call("??"));
        board.tick();
        assert_eq!(board.speaker_mut().started[0], voice.chime().pcm);
    }

    #[test]
    fn the_sound_thread_takes_a_burst_whole_and_ends_with_the_board() {
        let (sender, receiver) = std::sync::mpsc::channel();
        for n in 1..=6 {
            sender.send(call(&format!("A00{n}"))).unwrap();
        }
        drop(sender);
        let mut board = serve(
            &receiver,
            announcer(Recorder {
                no_device: true,
                ..Recorder::default()
            }),
        );
        let voice = Voice::shipped(Region::North).unwrap();
        let started = &board.speaker_mut().started;
        assert_eq!(started.len(), 3);
        let Sound::Call(newest) = call("A006") else {
            unreachable!()
        };
        assert_eq!(started[2], voice.announce(&newest).unwrap().pcm);
    }
}
