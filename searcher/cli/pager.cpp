// SPDX-License-Identifier: MIT
// The pager: a pipe, `sh -c COMMAND` spawned on its read end, stdout moved onto its write end.
#include "pager.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <iostream>
#include <spawn.h>
#include <string_view>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace lede {

std::string pager_command() {
    std::string command = "less";
    for (const char* name : {"LEDE_PAGER", "PAGER"}) {
        if (const char* value = std::getenv(name)) {
            command = value;
            break;
        }
    }
    const auto b = command.find_first_not_of(" \t");
    if (b == std::string::npos || command.substr(b) == "cat") return {};
    return command;
}

bool Pager::start(const std::string& command) {
    if (command.empty() || m_pid > 0) return false;
    std::cout.flush();
    std::fflush(stdout);
    int fds[2];
    if (pipe(fds) != 0) return false;
    // What git sets for less and lv when the user has not: quit when the text fits the screen (F),
    // pass colours through (R), leave the text on the screen after quitting (X).
    setenv("LESS", "FRX", 0);
    setenv("LV", "-c", 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[0], STDIN_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    // The pager gets the default SIGPIPE back (lede-search ignores it).
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
    std::string cmd = command;
    char sh[] = "sh", dash_c[] = "-c";
    char* argv[] = {sh, dash_c, cmd.data(), nullptr};
    pid_t pid = -1;
    const int rc = posix_spawnp(&pid, "sh", &actions, &attr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    close(fds[0]);
    if (rc != 0) {
        close(fds[1]);
        return false;
    }
    dup2(fds[1], STDOUT_FILENO);
    close(fds[1]);
    m_pid = pid;
    return true;
}

void Pager::finish() {
    if (m_pid <= 0) return;
    std::cout.flush();
    std::fflush(stdout);
    // The pager sees the end of its input; stdout stays a valid descriptor (on /dev/null).
    const int null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null_fd >= 0) {
        dup2(null_fd, STDOUT_FILENO);
        close(null_fd);
    } else {
        close(STDOUT_FILENO);
    }
    // Ctrl-C while the reader pages goes to the whole foreground group: the pager handles it, and
    // lede-search waits rather than leave the pager on the terminal without its parent.
    struct sigaction ignore {}, old_int {}, old_quit {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGINT, &ignore, &old_int);
    sigaction(SIGQUIT, &ignore, &old_quit);
    int status = 0;
    while (waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
    }
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGQUIT, &old_quit, nullptr);
    m_pid = -1;
}

Pager::~Pager() { finish(); }

} // namespace lede
