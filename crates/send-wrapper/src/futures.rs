// SPDX-License-Identifier: EUPL-1.2
//! A wrapped future or stream is one itself, polled only on the thread that wrapped it.

use crate::SendWrapper;
use futures_core::Stream;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

impl<F: Future> Future for SendWrapper<F> {
    type Output = F::Output;

    /// # Panics
    /// On another thread than the one that wrapped it.
    #[track_caller]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.check("polled");
        // SAFETY: `data` is never moved out of a pinned wrapper (`take` needs it by value,
        // which a pinned `!Unpin` wrapper cannot give), so pinning the wrapper pins it.
        unsafe { self.map_unchecked_mut(|wrapper| &mut *wrapper.data) }.poll(cx)
    }
}

impl<S: Stream> Stream for SendWrapper<S> {
    type Item = S::Item;

    /// # Panics
    /// On another thread than the one that wrapped it.
    #[track_caller]
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        self.check("polled");
        // SAFETY: as for `Future::poll` above.
        unsafe { self.map_unchecked_mut(|wrapper| &mut *wrapper.data) }.poll_next(cx)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        S::size_hint(self)
    }
}

#[cfg(test)]
mod tests {
    use crate::SendWrapper;
    use std::future::Future;
    use std::pin::pin;
    use std::rc::Rc;
    use std::task::{Context, Poll, Waker};

    #[test]
    fn a_wrapped_future_is_polled_on_its_thread() {
        let value = Rc::new(5);
        let mut future = pin!(SendWrapper::new(async move { *value + 1 }));
        let mut cx = Context::from_waker(Waker::noop());
        assert_eq!(future.as_mut().poll(&mut cx), Poll::Ready(6));
    }
}
