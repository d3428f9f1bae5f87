// SPDX-License-Identifier: MIT
// Which revision of which local database a per-searcher cache was filled from.
#pragma once

#include <xapian.h>

#include <string>

namespace lede {

/// The revision and uuid of one local database, as the caches of the searcher (term frequencies,
/// the spelling table) key their contents.
struct DbRevision {
    bool valid = false;
    Xapian::rev rev = 0;
    std::string uuid;

    /// Follows `db`: true when it is one local database, and then `moved` says whether it is at
    /// another revision (or is another database) than before. False for shards and remote
    /// databases, which have no single revision; the revision is then forgotten.
    bool follow(const Xapian::Database& db, bool& moved) {
        Xapian::rev now;
        std::string id;
        try {
            now = db.get_revision(); // throws for anything but one local database
            id = db.get_uuid();
        } catch (const Xapian::Error&) {
            *this = DbRevision();
            moved = true;
            return false;
        }
        moved = !valid || now != rev || id != uuid;
        if (moved) *this = DbRevision{true, now, std::move(id)};
        return true;
    }
};

} // namespace lede
