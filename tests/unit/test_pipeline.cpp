// SPDX-License-Identifier: MIT
// The pipeline: input order at the writer whatever the workers' speed, bounded flight, failures.
#include "../catch.hpp"

#include "error.hpp"
#include "pipeline.hpp"

#include <atomic>
#include <chrono>
#include <random>

using namespace lede;

namespace {

std::unique_ptr<WorkItem> item(std::size_t n, std::size_t bytes = 1) {
    auto it = std::make_unique<WorkItem>();
    it->article.id = std::to_string(n);
    it->bytes = bytes;
    return it;
}

} // namespace

TEST_CASE("the writer sees items in push order with several workers", "[pipeline]") {
    for (unsigned workers : {1u, 2u, 4u}) {
        std::vector<std::string> written;
        std::atomic<std::size_t> max_in_flight{0}, in_flight{0};
        {
            Pipeline p(
                workers, 8, 1 << 20,
                [&](WorkItem& w, unsigned) {
                    const auto n = ++in_flight;
                    std::size_t m = max_in_flight.load();
                    while (n > m && !max_in_flight.compare_exchange_weak(m, n)) {}
                    // Uneven work so that later items often finish first.
                    std::this_thread::sleep_for(std::chrono::microseconds((std::stoul(w.article.id) * 7919) % 300));
                    w.data = "analysed " + w.article.id;
                    --in_flight;
                },
                [&](WorkItem& w) { written.push_back(w.kind == WorkItem::Kind::Article ? w.data : "marker"); });
            for (std::size_t i = 0; i < 200; ++i) {
                if (i % 50 == 0) {
                    auto m = item(i);
                    m->kind = WorkItem::Kind::FileEnd;
                    p.push(std::move(m), false);
                }
                p.push(item(i), true);
            }
            p.finish();
        }
        std::vector<std::string> expected;
        for (std::size_t i = 0; i < 200; ++i) {
            if (i % 50 == 0) expected.push_back("marker");
            expected.push_back("analysed " + std::to_string(i));
        }
        INFO(workers << " workers");
        CHECK(written == expected);
        CHECK(max_in_flight.load() <= 8);
    }
}

TEST_CASE("the byte limit holds the producer back", "[pipeline]") {
    // Counted after push() returns, the test's tally never exceeds the pipeline's own.
    std::atomic<std::int64_t> bytes_now{0}, bytes_max{0};
    {
        Pipeline p(
            2, 1000, 100,
            [&](WorkItem&, unsigned) { std::this_thread::sleep_for(std::chrono::microseconds(200)); },
            [&](WorkItem& w) { bytes_now -= static_cast<std::int64_t>(w.bytes); });
        for (int i = 0; i < 100; ++i) {
            p.push(item(static_cast<std::size_t>(i), 30), true);
            const auto now = (bytes_now += 30);
            std::int64_t m = bytes_max.load();
            while (now > m && !bytes_max.compare_exchange_weak(m, now)) {}
        }
        p.finish();
    }
    CHECK(bytes_max.load() < 100 + 30);
    CHECK(bytes_max.load() >= 90); // and it did let several through at once
}

TEST_CASE("a failure in the writer stops the pipeline and reaches the producer", "[pipeline]") {
    Pipeline p(
        2, 4, 1 << 20, [](WorkItem&, unsigned) {},
        [](WorkItem& w) {
            if (w.article.id == "5") throw IndexError("disk full");
        });
    bool thrown = false;
    try {
        for (std::size_t i = 0; i < 1000; ++i) p.push(item(i), true);
        p.finish();
    } catch (const IndexError& e) {
        thrown = std::string(e.what()) == "disk full";
    }
    CHECK(thrown);
}
