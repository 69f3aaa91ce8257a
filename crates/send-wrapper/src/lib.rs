// SPDX-License-Identifier: EUPL-1.2
//! A value that is not `Send` made `Send` and `Sync`, usable only on the thread that made
//! it: the API of crates.io's `send_wrapper` 0.6, which Leptos uses for what lives in the
//! browser (the workspace's `[patch.crates-io]` puts this crate in its place).
//!
//! Why not the original: it tells threads apart by `std::thread::current().id()`, and
//! std makes the current thread's handle with its own `System` allocator, whatever the
//! global one is. In the portal's WASM that linked dlmalloc beside talc only for this
//! (docs/SIZE.md, session 22). Where a program has one thread (WASM without the atomics
//! feature: no threads can exist) there is nothing to tell apart and nothing is checked;
//! everywhere else (the native tests, a threaded WASM) the check is the original's: a
//! use, a `take`, or the drop of a value with drop code on another thread panics.

#[cfg(feature = "futures")]
mod futures;

use std::fmt;
use std::mem::{self, ManuallyDrop};
use std::ops::{Deref, DerefMut};

/// The thread a value belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Owner {
    #[cfg(not(all(target_arch = "wasm32", not(target_feature = "atomics"))))]
    thread: std::thread::ThreadId,
}

impl Owner {
    fn current() -> Self {
        Owner {
            #[cfg(not(all(target_arch = "wasm32", not(target_feature = "atomics"))))]
            thread: std::thread::current().id(),
        }
    }
}

/// `T`, movable between threads but usable only on the thread that wrapped it.
pub struct SendWrapper<T> {
    data: ManuallyDrop<T>,
    owner: Owner,
}

// SAFETY: where threads exist, every access to `data` (deref, take, poll, drop of a `T`
// that needs it) first checks that it happens on the thread that wrapped it, and panics
// otherwise; where they cannot (WASM without atomics), there is no other thread to send
// the value to.
unsafe impl<T> Send for SendWrapper<T> {}
// SAFETY: as above; a shared reference only reaches `data` through `deref`'s check.
unsafe impl<T> Sync for SendWrapper<T> {}

impl<T> SendWrapper<T> {
    /// Wraps `data`, which belongs to the current thread from now on.
    pub fn new(data: T) -> Self {
        SendWrapper {
            data: ManuallyDrop::new(data),
            owner: Owner::current(),
        }
    }

    /// Whether the value may be used on the current thread.
    pub fn valid(&self) -> bool {
        self.owner == Owner::current()
    }

    /// The value, unwrapped.
    ///
    /// # Panics
    /// On another thread than the one that wrapped it.
    #[track_caller]
    pub fn take(self) -> T {
        if !self.valid() {
            wrong_thread("taken");
        }
        let mut this = ManuallyDrop::new(self);
        // SAFETY: `this` is never dropped, so `data` is taken exactly once.
        unsafe { ManuallyDrop::take(&mut this.data) }
    }

    #[track_caller]
    fn check(&self, what: &str) {
        if !self.valid() {
            wrong_thread(what);
        }
    }
}

impl<T> Deref for SendWrapper<T> {
    type Target = T;

    /// # Panics
    /// On another thread than the one that wrapped it.
    #[track_caller]
    fn deref(&self) -> &T {
        self.check("used");
        &self.data
    }
}

impl<T> DerefMut for SendWrapper<T> {
    /// # Panics
    /// On another thread than the one that wrapped it.
    #[track_caller]
    fn deref_mut(&mut self) -> &mut T {
        self.check("used");
        &mut self.data
    }
}

impl<T> Drop for SendWrapper<T> {
    /// Drops the value. A value without drop code may go anywhere.
    ///
    /// # Panics
    /// When the value has drop code and this is another thread than the one that wrapped
    /// it, unless the thread is panicking already (a second panic would abort).
    fn drop(&mut self) {
        if !mem::needs_drop::<T>() || self.valid() {
            // SAFETY: `data` is dropped only here, and `take` keeps this from running.
            unsafe { ManuallyDrop::drop(&mut self.data) }
        } else if !std::thread::panicking() {
            wrong_thread("dropped");
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for SendWrapper<T> {
    /// # Panics
    /// On another thread than the one that wrapped it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendWrapper")
            .field("data", self.deref())
            .finish()
    }
}

impl<T: Clone> Clone for SendWrapper<T> {
    /// A copy of the value, belonging to the current thread.
    ///
    /// # Panics
    /// On another thread than the one that wrapped it.
    fn clone(&self) -> Self {
        Self::new(self.deref().clone())
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn wrong_thread(what: &str) -> ! {
    panic!("a SendWrapper's value {what} on another thread than the one that wrapped it")
}

#[cfg(test)]
mod tests {
    use super::SendWrapper;
    use std::rc::Rc;
    use std::thread;

    #[test]
    fn the_value_is_there_on_its_own_thread() {
        let mut wrapped = SendWrapper::new(Rc::new(vec![1, 2]));
        assert!(wrapped.valid());
        assert_eq!(**wrapped, vec![1, 2]);
        Rc::make_mut(&mut wrapped).push(3);
        let copy = wrapped.clone();
        assert_eq!(*copy.take(), vec![1, 2, 3]);
        assert_eq!(format!("{wrapped:?}"), "SendWrapper { data: [1, 2, 3] }");
    }

    #[test]
    fn another_thread_may_move_it_but_not_use_it() {
        let wrapped = SendWrapper::new(Rc::new(1));
        let back = thread::scope(|scope| {
            scope
                .spawn(move || {
                    assert!(!wrapped.valid());
                    let used = std::panic::catch_unwind(|| **wrapped);
                    assert!(used.is_err());
                    wrapped
                })
                .join()
                .unwrap()
        });
        assert_eq!(*back.take(), 1);
    }

    #[test]
    fn another_thread_may_not_take_or_drop_it() {
        let taken = thread::spawn({
            let wrapped = SendWrapper::new(Rc::new(1));
            move || drop(wrapped.take())
        })
        .join();
        assert!(taken.is_err());
        let dropped = thread::spawn({
            let wrapped = SendWrapper::new(Rc::new(1));
            move || drop(wrapped)
        })
        .join();
        assert!(dropped.is_err());
        // Without drop code there is nothing to protect.
        let plain = thread::spawn({
            let wrapped = SendWrapper::new(7_u32);
            move || drop(wrapped)
        })
        .join();
        assert!(plain.is_ok());
    }
}
