// SPDX-License-Identifier: MIT
// SIGINT/SIGTERM during indexing: remember the signal so the run can commit what it has and stop.
#pragma once

namespace lede {

/// While alive, SIGINT and SIGTERM only set a flag that interrupt_signal() reports; a second
/// signal of either kind ends the process at once (the index stays consistent: Xapian commits are
/// atomic), and so does a watchdog when the guard is still alive `grace_seconds` after the first
/// (exit status 2, with a message; 0 = no watchdog). The previous handlers come back when it dies.
/// One guard at a time.
class InterruptGuard {
public:
    explicit InterruptGuard(double grace_seconds = 0);
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;
};

/// The signal that asked the run to stop (SIGINT, SIGTERM), or 0.
int interrupt_signal();

/// Thrown out of a reader when a signal asks the run to stop; the indexer catches it.
struct Interrupted {};

/// Throws Interrupted when a signal has asked the run to stop.
void check_interrupt();

} // namespace lede
