// SPDX-License-Identifier: MIT
// Issue #18, finding 10: `scripts/serve-shards --stop` killed whatever pids its file named, reused
// by another process or not. Now each pid is recorded with its start time and signalled only while
// it is still that xapian-tcpsrv.
#include "../catch.hpp"
#include "run.hpp"

#include <csignal>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

using namespace lede::e2e;

namespace {

std::string start_time(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), {});
    std::istringstream rest(stat.substr(stat.rfind(") ") + 2));
    std::string field;
    for (int i = 3; i <= 22; ++i) rest >> field;
    return field;
}

bool alive(Process& p) { return p.running(); }

} // namespace

TEST_CASE("serve-shards --stop signals only the servers it started, not reused pids", "[faults][serve-shards]") {
    TempDir t;
    const std::string script = (source_dir() / "scripts" / "serve-shards").string();
    Process other({"/bin/sleep", "60"});                                          // a pid reused by something else
    Process server({"/bin/bash", "-c", "exec -a xapian-tcpsrv /bin/sleep 60"});  // looks like the server started
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    {
        std::ofstream pids(t / "serve-shards.pids");
        pids << other.pid() << " " << start_time(other.pid()) << " 33300\n"   // right start time, not a server
             << server.pid() << " " << start_time(server.pid()) << " 33301\n" // the server
             << other.pid() << " 12345 33302\n"                               // an earlier process's start time
             << server.pid() << "\n";                                         // no start time: not trusted
    }
    const RunResult r = run({script, "--stop", t.path().string()});
    INFO(r.err);
    CHECK(r.code == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(alive(other));
    CHECK_FALSE(alive(server));
    CHECK(r.err.find("pid " + std::to_string(other.pid()) + " is no longer the server started for port 33300") !=
          std::string::npos);
    CHECK(r.err.find("left alone") != std::string::npos);
}
