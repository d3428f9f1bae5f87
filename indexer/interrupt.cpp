// SPDX-License-Identifier: MIT
// Signal handlers that only set a flag (all a handler may safely do), checked between records.
#include "interrupt.hpp"

#include <csignal>

namespace lede {
namespace {

volatile std::sig_atomic_t g_signal = 0;
struct sigaction g_old_int {}, g_old_term {};

extern "C" void on_signal(int sig) {
    if (g_signal != 0) {
        // Asked twice: the user wants out now. Default action, raised again.
        std::signal(sig, SIG_DFL);
        std::raise(sig);
        return;
    }
    g_signal = sig;
}

} // namespace

InterruptGuard::InterruptGuard() {
    g_signal = 0;
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART; // reads and writes carry on; the flag is polled between records
    sigaction(SIGINT, &sa, &g_old_int);
    sigaction(SIGTERM, &sa, &g_old_term);
}

InterruptGuard::~InterruptGuard() {
    sigaction(SIGINT, &g_old_int, nullptr);
    sigaction(SIGTERM, &g_old_term, nullptr);
}

int interrupt_signal() { return static_cast<int>(g_signal); }

void check_interrupt() {
    if (g_signal != 0) throw Interrupted{};
}

} // namespace lede
