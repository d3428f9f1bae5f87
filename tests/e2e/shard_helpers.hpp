// SPDX-License-Identifier: MIT
// Helpers of the sharding tests: loopback ports for xapian-tcpsrv and a sharded index's databases.
#pragma once

#include "../catch.hpp"

#include "schema.hpp"

#include <xapian.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace lede::e2e {

/// A loopback port nothing listens on now (the kernel's choice for port 0).
inline unsigned free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    ::close(fd);
    return ntohs(addr.sin_port);
}

/// Whether something accepts connections on the loopback `port`.
inline bool accepts(unsigned port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

/// The shard databases a sharded index's XAPIANDB stub lists, as paths.
inline std::vector<std::string> shard_dirs(const std::string& index) {
    std::vector<std::string> out;
    std::ifstream in(index + "/XAPIANDB");
    std::string kind, path;
    while (in >> kind >> path) out.push_back(index + "/" + path);
    return out;
}

/// Whether the database at `db` holds the article `id`.
inline bool holds(const std::string& db, const std::string& id) {
    return Xapian::Database(db).term_exists(std::string(lede::schema::prefix::id) + id);
}

} // namespace lede::e2e
