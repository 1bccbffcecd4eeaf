//! The single write connection: group commit by a leader among the callers.
//!
//! Every write operation is queued as a job. One caller at a time is the leader: it takes
//! every job waiting (up to [`MAX_BATCH`]), runs each inside its own savepoint of one
//! transaction, commits once, and only then replies to each caller. While one batch is being
//! fsynced, new jobs queue up and their callers wait. The leader's own job is always in its
//! first batch; it then commits what queued meanwhile as up to [`LEAD_BATCHES`]` - 1` more
//! batches, and hands the lead to the caller of the oldest job still queued, which does the
//! same: under load many check-ins share one fsync, and nobody leads for more than a few
//! batches beyond its own.
//!
//! A lone caller runs its own job on its own thread. The writer thread this replaced cost two
//! thread wake-ups per write (caller to writer and back; on a loaded 2-core machine each a
//! wait for a core), the largest part of a lone check-in after the fsync itself
//! (docs/PERFORMANCE.md). Under load each caller is woken once (its reply, all of a batch's at
//! once), and the lead changes hands (one more wake-up, in series with the commits) only every
//! few batches: on a machine with more runnable threads than cores each hand-over waits for a
//! core, which is why a leader does not give the lead away after every batch.
//!
//! An async caller (the hub's request handlers, [`Writer::write_async`]) must not block its
//! runtime's thread, so it cannot lead: when the lead falls to one of its jobs, the writer's
//! lead thread takes it instead, woken once per hand-over, not once per job. Its reply wakes
//! the waiting task directly, with no blocking-pool thread parked in between per request.
//!
//! A job that fails or panics is rolled back alone; if the commit fails, every caller of the
//! batch gets the error and nothing of it is on disk: no caller is ever told "done" for a
//! change that is not durable.

use std::collections::VecDeque;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{self, SyncSender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, Weak};

use crate::api::{FairError, FairResult};
use crate::store::{BatchOp, Store, Tx};

/// Most jobs committed together.
const MAX_BATCH: usize = 64;
/// Most batches one leader commits before handing the lead on: its own job's, and what
/// queued behind it. More would keep its caller from its answer longer.
const LEAD_BATCHES: usize = 3;

/// What a job hands back after running: called with the commit's outcome.
type Reply = Box<dyn FnOnce(FairResult<()>) + Send>;
/// One write operation: runs in the batch transaction, says whether it succeeded.
type Job = Box<dyn FnOnce(&Tx<'_>) -> (bool, Reply) + Send>;

/// What a waiting caller is told.
enum Message<T> {
    /// Its job was committed (or failed) with this result.
    Done(FairResult<T>),
    /// Its job is still queued and nobody leads: it is the leader now.
    Lead,
}

/// A job waiting for a batch, and how to tell its caller to take the lead.
struct Queued {
    job: Job,
    lead: Box<dyn FnOnce() + Send>,
}

#[derive(Default)]
struct State {
    queue: VecDeque<Queued>,
    /// Whether some caller is leading; if not, the next caller to queue a job leads.
    leading: bool,
}

/// The write connection and the jobs waiting for the next batch.
pub(super) struct Writer {
    state: Mutex<State>,
    /// Used only by the leader; the lock just makes that visible to the compiler.
    store: Mutex<Store>,
    /// The thread that leads for async callers, started by the first of them.
    lead_thread: Mutex<Option<Arc<LeadThread>>>,
}

/// Wakes the lead thread: a flag and its condition variable.
#[derive(Default)]
struct LeadThread {
    /// Some queued async job was handed the lead (or the writer is gone and it should stop).
    wanted: Mutex<bool>,
    wake: Condvar,
}

impl LeadThread {
    fn start(writer: Weak<Writer>) -> std::io::Result<Arc<Self>> {
        let this = Arc::new(Self::default());
        let waiting = Arc::clone(&this);
        std::thread::Builder::new()
            .name("fairdesk-lead".into())
            .spawn(move || {
                loop {
                    {
                        let mut wanted = lock(&waiting.wanted);
                        while !*wanted {
                            wanted = waiting
                                .wake
                                .wait(wanted)
                                .unwrap_or_else(|poisoned| poisoned.into_inner());
                        }
                        *wanted = false;
                    }
                    // Gone once the fair is closed: nobody can queue a job any more.
                    let Some(writer) = writer.upgrade() else {
                        return;
                    };
                    writer.lead();
                }
            })?;
        Ok(this)
    }

    fn lead(&self) {
        *lock(&self.wanted) = true;
        self.wake.notify_one();
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // Lets the lead thread see that the writer is gone and end.
        if let Some(thread) = lock(&self.lead_thread).as_ref() {
            thread.lead();
        }
    }
}

fn stopped() -> FairError {
    FairError::Storage {
        message: "the write failed before it could be saved; nothing was written".into(),
    }
}

/// `f` as a job whose caller is told, through `reply`, its result once the commit is known.
fn job<T: Send + 'static>(
    f: impl FnOnce(&Tx<'_>) -> FairResult<T> + Send + 'static,
    reply: impl FnOnce(FairResult<T>) + Send + 'static,
) -> Job {
    Box::new(move |tx| {
        let result = f(tx);
        let ok = result.is_ok();
        let reply: Reply = Box::new(move |commit: FairResult<()>| reply(commit.and(result)));
        (ok, reply)
    })
}

/// A poisoned lock only means a job panicked while its caller led; `write_batch` leaves the
/// connection outside any transaction either way, and the queue is plain data.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Held while leading. Dropping it (also in an unwind) hands the lead to the oldest queued
/// job's caller, or leaves nobody leading when the queue is empty, so the queue never stalls.
struct Lead<'a>(&'a Mutex<State>);

impl Drop for Lead<'_> {
    fn drop(&mut self) {
        let mut state = lock(self.0);
        match state.queue.front_mut() {
            Some(next) => {
                let lead = std::mem::replace(&mut next.lead, Box::new(|| {}));
                drop(state);
                lead();
            }
            None => state.leading = false,
        }
    }
}

impl Writer {
    /// Takes the write connection `store`.
    pub(super) fn start(store: Store) -> FairResult<Self> {
        Ok(Self {
            state: Mutex::new(State::default()),
            store: Mutex::new(store),
            lead_thread: Mutex::new(None),
        })
    }

    /// Queues `job`, whose caller is told to lead through `lead`; says whether nobody was
    /// leading, so that the caller must lead now.
    fn queue(&self, job: Job, lead: Box<dyn FnOnce() + Send>) -> bool {
        let mut state = lock(&self.state);
        state.queue.push_back(Queued { job, lead });
        !std::mem::replace(&mut state.leading, true)
    }

    /// Runs `f` in the next batch and returns its result once the batch is committed.
    pub(super) fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Tx<'_>) -> FairResult<T> + Send + 'static,
    ) -> FairResult<T> {
        // Room for the lead and the reply, so neither send ever blocks the one sending.
        let (send, receive) = mpsc::sync_channel::<Message<T>>(2);
        let lead_send: SyncSender<Message<T>> = send.clone();
        // The caller may have gone away; then nobody needs the answer.
        let job = job(f, move |result| {
            let _ = send.send(Message::Done(result));
        });
        let lead = Box::new(move || {
            let _ = lead_send.send(Message::Lead);
        });
        if self.queue(job, lead) {
            self.lead();
        }
        loop {
            match receive.recv() {
                Ok(Message::Done(result)) => return result,
                Ok(Message::Lead) => self.lead(),
                // The job ran and panicked: its reply went with the unwind.
                Err(_) => return Err(stopped()),
            }
        }
    }

    /// [`Writer::write`] for an async caller: the returned future resolves once the batch
    /// with `f` is committed, and never blocks the thread polling it. Dropping the future
    /// does not take the job back: like a caller that went away, it is still written.
    pub(super) fn write_async<T, F>(
        self: &Arc<Self>,
        f: F,
    ) -> impl Future<Output = FairResult<T>> + Send + 'static + use<T, F>
    where
        T: Send + 'static,
        F: FnOnce(&Tx<'_>) -> FairResult<T> + Send + 'static,
    {
        let (send, receive) = tokio::sync::oneshot::channel::<FairResult<T>>();
        let job = job(f, move |result| {
            let _ = send.send(result);
        });
        let started = match self.lead_thread() {
            Ok(thread) => {
                let lead = Arc::clone(&thread);
                if self.queue(job, Box::new(move || lead.lead())) {
                    thread.lead();
                }
                Ok(())
            }
            Err(e) => Err(FairError::Storage {
                message: format!(
                    "cannot start the writer's lead thread ({e}); nothing was written"
                ),
            }),
        };
        async move {
            started?;
            // The job ran and panicked: its reply went with the unwind.
            receive.await.unwrap_or_else(|_| Err(stopped()))
        }
    }

    fn lead_thread(self: &Arc<Self>) -> std::io::Result<Arc<LeadThread>> {
        let mut thread = lock(&self.lead_thread);
        if let Some(thread) = thread.as_ref() {
            return Ok(Arc::clone(thread));
        }
        let started = LeadThread::start(Arc::downgrade(self))?;
        *thread = Some(Arc::clone(&started));
        Ok(started)
    }

    /// Commits the jobs waiting now as one batch, then what queued meanwhile (at most
    /// [`LEAD_BATCHES`] batches in all), then hands the lead on. The leader's own job is the
    /// oldest queued when it starts (it found the queue empty and nobody leading, or it was
    /// handed the lead as the oldest), so it is in the first batch.
    fn lead(&self) {
        let _lead = Lead(&self.state);
        let mut store = lock(&self.store);
        for _ in 0..LEAD_BATCHES {
            let batch: Vec<Job> = {
                let mut state = lock(&self.state);
                let n = state.queue.len().min(MAX_BATCH);
                state.queue.drain(..n).map(|q| q.job).collect()
            };
            if batch.is_empty() {
                break;
            }
            run_batch(&mut store, batch);
        }
    }
}

/// Runs `batch` as one transaction and answers each of its callers after the commit.
fn run_batch(store: &mut Store, batch: Vec<Job>) {
    let replies = Mutex::new(Vec::with_capacity(batch.len()));
    let commit = {
        let replies = &replies;
        let ops: Vec<BatchOp<'_>> = batch
            .into_iter()
            .map(|job| {
                Box::new(
                    move |tx: &Tx<'_>| match catch_unwind(AssertUnwindSafe(|| job(tx))) {
                        Ok((ok, reply)) => {
                            lock(replies).push(reply);
                            ok
                        }
                        // A bug panicked inside the job: its savepoint is rolled back, and its
                        // caller, whose reply channel was dropped in the unwind, gets an error.
                        Err(_) => false,
                    },
                ) as BatchOp<'_>
            })
            .collect();
        store.write_batch(ops).map(|_| ())
    };
    if let Err(e) = &commit {
        tracing::error!(error = %e, "a write batch failed to commit");
    }
    for reply in replies.into_inner().unwrap_or_else(|p| p.into_inner()) {
        reply(commit.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn writer() -> (tempfile::TempDir, Arc<Writer>) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("w.db")).unwrap();
        (dir, Arc::new(Writer::start(store).unwrap()))
    }

    #[test]
    fn many_callers_at_once_each_get_their_own_committed_result() {
        let (_dir, writer) = writer();
        let threads: Vec<_> = (0..8)
            .map(|t| {
                let writer = Arc::clone(&writer);
                std::thread::spawn(move || {
                    (0..40)
                        .map(|i| {
                            let name = format!("Xã {t}-{i}");
                            let id = writer
                                .write(move |tx| tx.insert_commune(&name, &name))
                                .unwrap();
                            (id, format!("Xã {t}-{i}"))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let written: Vec<(i64, String)> = threads
            .into_iter()
            .flat_map(|t| t.join().unwrap())
            .collect();
        let stored = writer.write(|tx| tx.communes()).unwrap();
        assert_eq!(stored.len(), 320);
        // Every caller was told the id its own row got.
        for (id, name) in written {
            assert!(
                stored.iter().any(|c| c.id == id && c.name == name),
                "{name}"
            );
        }
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .build()
            .unwrap()
    }

    /// Runs every future at once on a runtime of its own; their outputs in order.
    fn all_at_once<T: Send + 'static>(
        futures: Vec<impl Future<Output = T> + Send + 'static>,
    ) -> Vec<T> {
        runtime().block_on(async {
            let tasks: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
            let mut done = Vec::new();
            for task in tasks {
                done.push(task.await.unwrap());
            }
            done
        })
    }

    #[test]
    fn async_and_blocking_callers_at_once_each_get_their_own_committed_result() {
        let (_dir, writer) = writer();
        let blocking: Vec<_> = (0..4)
            .map(|t| {
                let writer = Arc::clone(&writer);
                std::thread::spawn(move || {
                    (0..30)
                        .map(|i| {
                            let name = format!("Xã b{t}-{i}");
                            let id = writer
                                .write({
                                    let name = name.clone();
                                    move |tx| tx.insert_commune(&name, &name)
                                })
                                .unwrap();
                            (id, name)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let waiting: Vec<(i64, String)> = all_at_once(
            (0..60)
                .map(|i| {
                    let name = format!("Xã a{i}");
                    let write = writer.write_async({
                        let name = name.clone();
                        move |tx| tx.insert_commune(&name, &name)
                    });
                    async move { (write.await.unwrap(), name) }
                })
                .collect(),
        );
        let written: Vec<(i64, String)> = blocking
            .into_iter()
            .flat_map(|t| t.join().unwrap())
            .chain(waiting)
            .collect();
        let stored = writer.write(|tx| tx.communes()).unwrap();
        assert_eq!(stored.len(), 4 * 30 + 60);
        for (id, name) in written {
            assert!(
                stored.iter().any(|c| c.id == id && c.name == name),
                "{name}"
            );
        }
    }

    #[test]
    fn an_async_write_nobody_awaits_is_still_written_and_the_queue_goes_on() {
        let (_dir, writer) = writer();
        let abandoned = writer.write_async(|tx| tx.insert_commune("Xã Bỏ", "Xã Bỏ"));
        drop(abandoned);
        // The next writes, of either kind, are not held up behind it.
        runtime()
            .block_on(writer.write_async(|tx| tx.insert_commune("Xã Sau", "Xã Sau")))
            .unwrap();
        let names: Vec<String> = writer
            .write(|tx| tx.communes())
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert!(names.contains(&"Xã Bỏ".to_string()), "{names:?}");
        assert!(names.contains(&"Xã Sau".to_string()), "{names:?}");
    }

    #[test]
    fn an_async_job_that_panics_fails_alone() {
        let (_dir, writer) = writer();
        let results: Vec<FairResult<i64>> = all_at_once(
            (0..20)
                .map(|i| {
                    let name = format!("Xã {i}");
                    writer.write_async(move |tx| {
                        let id = tx.insert_commune(&name, &name)?;
                        assert!(i % 5 != 0, "a bug in an operation");
                        Ok(id)
                    })
                })
                .collect(),
        );
        assert_eq!(results.iter().filter(|r| r.is_err()).count(), 4);
        assert_eq!(writer.write(|tx| tx.communes()).unwrap().len(), 16);
    }

    #[test]
    fn a_job_that_panics_fails_alone_and_writing_carries_on() {
        let (_dir, writer) = writer();
        let threads: Vec<_> = (0..6)
            .map(|t| {
                let writer = Arc::clone(&writer);
                std::thread::spawn(move || {
                    (0..20)
                        .map(|i| {
                            let name = format!("Xã {t}-{i}");
                            writer.write(move |tx| {
                                let id = tx.insert_commune(&name, &name)?;
                                assert!(i % 5 != 0, "a bug in an operation");
                                Ok(id)
                            })
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let results: Vec<FairResult<i64>> = threads
            .into_iter()
            .flat_map(|t| t.join().unwrap())
            .collect();
        let failed = results.iter().filter(|r| r.is_err()).count();
        assert_eq!(failed, 6 * 4, "exactly the panicking jobs failed");
        assert!(
            results
                .iter()
                .filter_map(|r| r.as_ref().err())
                .all(|e| matches!(e, FairError::Storage { .. }))
        );
        // Nothing of a panicked job stayed; everything of the others did.
        assert_eq!(writer.write(|tx| tx.communes()).unwrap().len(), 6 * 16);
    }
}
