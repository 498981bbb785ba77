//! Catching SIGINT, SIGTERM and SIGHUP while the output is written, so that the staging
//! folder can be removed. Handlers are registered (with `signal-hook`) only when the first
//! [`Guard`] is made, so a process that never writes a site (the preview server) keeps its own;
//! while no guard lives a signal runs its default action and ends the process at once, which
//! leaves nothing behind since nothing is written before the staging folder is made.

#[cfg(unix)]
mod imp {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex, OnceLock};

    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

    /// The handlers, registered once (through `signal-hook`) when the first guard is made:
    /// while a guard lives they note the signal; otherwise they run the signal's default action,
    /// which ends the process as if no handler were there.
    struct Hooks {
        /// The last signal caught while guarded (0: none).
        caught: Arc<AtomicUsize>,
        /// Whether no guard lives: then a signal ends the process.
        unguarded: Arc<AtomicBool>,
        /// How many guards live.
        guards: Mutex<usize>,
    }

    /// Signal handlers are the process's: one registration for it, made on first use.
    static HOOKS: OnceLock<Option<Hooks>> = OnceLock::new();

    fn hooks() -> Option<&'static Hooks> {
        HOOKS
            .get_or_init(|| {
                let hooks = Hooks {
                    caught: Arc::new(AtomicUsize::new(0)),
                    unguarded: Arc::new(AtomicBool::new(true)),
                    guards: Mutex::new(0),
                };
                for sig in [SIGHUP, SIGINT, SIGTERM] {
                    let noted = signal_hook::flag::register_usize(sig, hooks.caught.clone(), sig as usize);
                    let default = signal_hook::flag::register_conditional_default(sig, hooks.unguarded.clone());
                    if noted.is_err() || default.is_err() {
                        return None;
                    }
                }
                Some(hooks)
            })
            .as_ref()
    }

    /// Whether a process with this id exists.
    pub fn is_alive(pid: u32) -> bool {
        let Some(pid) = i32::try_from(pid).ok().and_then(rustix::process::Pid::from_raw) else { return false };
        match rustix::process::test_kill_process(pid) {
            Ok(()) => true,
            Err(e) => e != rustix::io::Errno::SRCH,
        }
    }

    pub struct Guard;

    impl Guard {
        pub fn new() -> Guard {
            if let Some(h) = hooks() {
                let mut guards = h.guards.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                if *guards == 0 {
                    h.caught.store(0, Ordering::SeqCst);
                    h.unguarded.store(false, Ordering::SeqCst);
                }
                *guards += 1;
            }
            Guard
        }

        /// The signal received since the guard was made, if any.
        pub fn caught(&self) -> Option<i32> {
            match hooks()?.caught.load(Ordering::SeqCst) {
                0 => None,
                s => i32::try_from(s).ok(),
            }
        }
    }

    impl Drop for Guard {
        fn drop(&mut self) {
            if let Some(h) = hooks() {
                let mut guards = h.guards.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                *guards -= 1;
                if *guards == 0 {
                    h.unguarded.store(true, Ordering::SeqCst);
                }
            }
        }
    }
}

/// Elsewhere the output is written without catching signals.
#[cfg(not(unix))]
mod imp {
    pub fn is_alive(_pid: u32) -> bool {
        true
    }

    pub struct Guard;

    impl Guard {
        pub fn new() -> Guard {
            Guard
        }

        pub fn caught(&self) -> Option<i32> {
            None
        }
    }
}

pub use imp::{Guard, is_alive};

/// The writing was stopped by a signal; nothing was left behind and the previous output is
/// in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interrupted {
    pub signal: i32,
}

impl Interrupted {
    /// The exit code a shell expects from a process stopped by this signal (130 for Ctrl-C).
    pub fn exit_code(self) -> u8 {
        u8::try_from(128 + self.signal).unwrap_or(130)
    }
}

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self.signal {
            1 => "SIGHUP",
            2 => "SIGINT",
            15 => "SIGTERM",
            _ => "a signal",
        };
        write!(f, "stopped by {name} while writing the site: the previous output is untouched")
    }
}

impl std::error::Error for Interrupted {}
