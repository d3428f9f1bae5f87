// SPDX-License-Identifier: MIT
// Paging lede-search's terminal output, as git does: $LEDE_PAGER, else $PAGER, else less (with
// LESS=FRX when LESS is unset), run through `sh -c`, reading from a pipe that becomes stdout.
#pragma once

#include <string>
#include <sys/types.h>

namespace lede {

/// The pager command for this environment: $LEDE_PAGER, else $PAGER, else "less". Empty (no
/// pager) when the chosen variable is set but empty or is "cat".
std::string pager_command();

/// A running pager behind stdout. Decide colour and width before start(): afterwards stdout is a
/// pipe. finish() (also run by the destructor) closes the pipe and waits for the pager to exit,
/// so the shell prompt comes back only when the reader has quit it.
class Pager {
public:
    Pager() = default;
    ~Pager();
    Pager(const Pager&) = delete;
    Pager& operator=(const Pager&) = delete;

    /// Starts `command` with stdout redirected into it. False (stdout unchanged) when the command
    /// is empty or cannot be started.
    bool start(const std::string& command);
    /// Flushes and closes stdout and waits for the pager. Output written after the reader quit the
    /// pager is dropped quietly (SIGPIPE must be ignored: writes then fail with EPIPE).
    void finish();
    bool running() const { return m_pid > 0; }

private:
    pid_t m_pid = -1;
};

} // namespace lede
