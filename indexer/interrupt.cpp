// SPDX-License-Identifier: MIT
// Signal handlers that only set a flag and post a semaphore (all a handler may safely do); the
// flag is checked between records and in every read, and a watchdog thread bounds the time from
// the first signal to the end of the process.
#include "interrupt.hpp"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <semaphore.h>
#include <thread>
#include <unistd.h>

namespace lede {
namespace {

volatile std::sig_atomic_t g_signal = 0;
struct sigaction g_old_int {}, g_old_term {};
sem_t g_wake;                    // posted by the handler (sem_post is async-signal-safe) and by ~InterruptGuard
sem_t g_done;                    // posted by ~InterruptGuard: the run ended in time
std::atomic<bool> g_ending{false};
std::thread g_watchdog;
double g_grace = 1.5;

extern "C" void on_signal(int sig) {
    if (g_signal != 0) {
        // Asked twice: the user wants out now. Default action, raised again.
        std::signal(sig, SIG_DFL);
        std::raise(sig);
        return;
    }
    g_signal = sig;
    sem_post(&g_wake);
}

void watch() {
    while (sem_wait(&g_wake) != 0 && errno == EINTR) {
    }
    if (g_ending.load()) return;
    timespec deadline {};
    clock_gettime(CLOCK_REALTIME, &deadline);
    const auto ns = static_cast<long long>(g_grace * 1e9);
    deadline.tv_sec += static_cast<time_t>(ns / 1000000000LL);
    deadline.tv_nsec += static_cast<long>(ns % 1000000000LL);
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_nsec -= 1000000000L;
        ++deadline.tv_sec;
    }
    int rc;
    while ((rc = sem_timedwait(&g_done, &deadline)) != 0 && errno == EINTR) {
    }
    if (rc == 0) return;
    // Still running (a merge, a commit, one long parse): stop now. Xapian commits are atomic, so the
    // index is as of its last commit, as after SIGKILL; the next run carries on.
    char msg[400];
    const int n = std::snprintf(msg, sizeof msg,
                                "lede-index: interrupted by %s: not finished within %.1f s (--grace); stopped at once: "
                                "the index is as of its last commit; run the same command again to continue\n",
                                g_signal == SIGINT ? "SIGINT" : "SIGTERM", g_grace);
    if (n > 0) {
        const ssize_t w = ::write(STDERR_FILENO, msg, static_cast<std::size_t>(n));
        (void)w;
    }
    ::_exit(2);
}

} // namespace

InterruptGuard::InterruptGuard(double grace_seconds) {
    g_signal = 0;
    g_grace = grace_seconds;
    g_ending = false;
    sem_init(&g_wake, 0, 0);
    sem_init(&g_done, 0, 0);
    if (grace_seconds > 0) g_watchdog = std::thread(watch);
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    // Reads and writes carry on; the flag is polled between records and around every read (and
    // streams wait in poll() with a timeout), so nothing blocks past a signal.
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, &g_old_int);
    sigaction(SIGTERM, &sa, &g_old_term);
}

InterruptGuard::~InterruptGuard() {
    sigaction(SIGINT, &g_old_int, nullptr);
    sigaction(SIGTERM, &g_old_term, nullptr);
    g_ending = true;
    sem_post(&g_done);
    sem_post(&g_wake);
    if (g_watchdog.joinable()) g_watchdog.join();
    sem_destroy(&g_wake);
    sem_destroy(&g_done);
}

int interrupt_signal() { return static_cast<int>(g_signal); }

void check_interrupt() {
    if (g_signal != 0) throw Interrupted{};
}

} // namespace lede
