//! Catching SIGINT, SIGTERM and SIGHUP while the output is written, so that the staging
//! folder can be removed. Only signals still at their default action are caught (a process
//! that handles them itself, such as a preview server, keeps its handlers), and only while a
//! [`Guard`] lives; the rest of the time a signal ends the process at once,
//! which leaves nothing behind since nothing is written before the staging folder is made.

#[cfg(unix)]
mod imp {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicI32, Ordering};

    const SIGNALS: [i32; 3] = [1, 2, 15]; // SIGHUP, SIGINT, SIGTERM: the same on every unix.
    const SIG_DFL: usize = 0;
    const ESRCH: i32 = 3;

    /// The last signal caught (0: none).
    static CAUGHT: AtomicI32 = AtomicI32::new(0);
    /// How many guards live, and the signals they installed a handler for.
    static INSTALLED: Mutex<(usize, Vec<i32>)> = Mutex::new((0, Vec::new()));

    unsafe extern "C" {
        fn signal(signum: i32, handler: usize) -> usize;
        fn sigaction(signum: i32, act: *const u8, oldact: *mut u8) -> i32;
        fn kill(pid: i32, sig: i32) -> i32;
    }

    /// Only stores the signal: the one thing a handler may safely do.
    extern "C" fn on_signal(sig: i32) {
        CAUGHT.store(sig, Ordering::SeqCst);
    }

    /// The handler in place for `sig`, without changing it. `struct sigaction` starts with the
    /// handler on every unix and is far smaller than the buffer.
    fn current(sig: i32) -> Option<usize> {
        let mut buf = [0usize; 64];
        // SAFETY: a null `act` only reads the action, into a buffer larger than the struct.
        let r = unsafe { sigaction(sig, std::ptr::null(), buf.as_mut_ptr().cast()) };
        (r == 0).then_some(buf[0])
    }

    /// Whether a process with this id exists.
    pub fn is_alive(pid: u32) -> bool {
        let Ok(pid) = i32::try_from(pid) else { return false };
        // SAFETY: signal 0 only checks that the process exists.
        let r = unsafe { kill(pid, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(ESRCH)
    }

    pub struct Guard;

    impl Guard {
        pub fn new() -> Guard {
            let mut installed = INSTALLED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if installed.0 == 0 {
                CAUGHT.store(0, Ordering::SeqCst);
                for sig in SIGNALS {
                    if current(sig) == Some(SIG_DFL) {
                        let handler = on_signal as extern "C" fn(i32);
                        // SAFETY: the handler only stores into an atomic.
                        unsafe { signal(sig, handler as usize) };
                        installed.1.push(sig);
                    }
                }
            }
            installed.0 += 1;
            Guard
        }

        /// The signal received since the guard was made, if any.
        pub fn caught(&self) -> Option<i32> {
            match CAUGHT.load(Ordering::SeqCst) {
                0 => None,
                s => Some(s),
            }
        }
    }

    impl Drop for Guard {
        fn drop(&mut self) {
            let mut installed = INSTALLED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            installed.0 -= 1;
            if installed.0 == 0 {
                for sig in std::mem::take(&mut installed.1) {
                    // SAFETY: back to the default action, which was in place before.
                    unsafe { signal(sig, SIG_DFL) };
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
