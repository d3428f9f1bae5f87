// SPDX-License-Identifier: MIT
// Ordered producer/worker/writer pipeline on one mutex and three condition variables.
#include "pipeline.hpp"

namespace lede {

Pipeline::Pipeline(unsigned workers, std::size_t max_items, std::size_t max_bytes, Work work, Write write)
    : m_work(std::move(work)), m_write(std::move(write)), m_max_items(std::max<std::size_t>(max_items, 1)),
      m_max_bytes(max_bytes) {
    if (workers == 0) workers = 1;
    m_threads.reserve(workers + 1);
    for (unsigned i = 0; i < workers; ++i) m_threads.emplace_back([this, i] { worker_loop(i); });
    m_threads.emplace_back([this] { writer_loop(); });
}

Pipeline::~Pipeline() { stop_and_join(); }

void Pipeline::fail_locked(std::exception_ptr e) {
    if (!m_error) m_error = std::move(e);
    m_stopped = true;
    m_cv_work.notify_all();
    m_cv_write.notify_all();
    m_cv_space.notify_all();
}

void Pipeline::push(std::unique_ptr<WorkItem> item, bool analyse) {
    std::unique_lock lock(m_mutex);
    m_cv_space.wait(lock, [&] {
        return m_stopped || (m_in_flight < m_max_items && (m_in_flight_bytes < m_max_bytes || m_in_flight == 0));
    });
    if (m_error) std::rethrow_exception(m_error);
    if (m_stopped) return;
    item->seq = m_next_seq++;
    ++m_in_flight;
    m_in_flight_bytes += item->bytes;
    if (analyse) {
        m_todo.push_back(std::move(item));
        m_cv_work.notify_one();
    } else {
        const std::uint64_t seq = item->seq;
        m_done.emplace(seq, std::move(item));
        if (seq == m_write_seq) m_cv_write.notify_one();
    }
}

void Pipeline::worker_loop(unsigned id) {
    for (;;) {
        std::unique_ptr<WorkItem> item;
        {
            std::unique_lock lock(m_mutex);
            m_cv_work.wait(lock, [&] { return m_stopped || m_closing || !m_todo.empty(); });
            if (m_stopped) return;
            if (m_todo.empty()) return; // closing and drained
            item = std::move(m_todo.front());
            m_todo.pop_front();
        }
        try {
            m_work(*item, id);
        } catch (...) {
            std::lock_guard lock(m_mutex);
            fail_locked(std::current_exception());
            return;
        }
        std::lock_guard lock(m_mutex);
        const std::uint64_t seq = item->seq;
        m_done.emplace(seq, std::move(item));
        if (seq == m_write_seq) m_cv_write.notify_one();
    }
}

void Pipeline::writer_loop() {
    for (;;) {
        std::unique_ptr<WorkItem> item;
        {
            std::unique_lock lock(m_mutex);
            m_cv_write.wait(lock, [&] {
                return m_stopped || m_done.count(m_write_seq) || (m_closing && m_write_seq == m_next_seq);
            });
            if (m_stopped) return;
            auto it = m_done.find(m_write_seq);
            if (it == m_done.end()) return; // closing and everything written
            item = std::move(it->second);
            m_done.erase(it);
        }
        try {
            m_write(*item);
        } catch (...) {
            std::lock_guard lock(m_mutex);
            fail_locked(std::current_exception());
            return;
        }
        std::lock_guard lock(m_mutex);
        ++m_write_seq;
        --m_in_flight;
        m_in_flight_bytes -= item->bytes;
        m_cv_space.notify_all();
    }
}

void Pipeline::finish() {
    {
        std::unique_lock lock(m_mutex);
        m_closing = true;
        m_cv_work.notify_all();
        m_cv_write.notify_all();
        m_cv_space.wait(lock, [&] { return m_stopped || m_write_seq == m_next_seq; });
        if (!m_stopped) { // drained: let the writer see it is done
            m_cv_write.notify_all();
        }
    }
    for (auto& t : m_threads)
        if (t.joinable()) t.join();
    std::lock_guard lock(m_mutex);
    if (m_error) std::rethrow_exception(m_error);
}

void Pipeline::stop_and_join() {
    {
        std::lock_guard lock(m_mutex);
        m_stopped = true;
        m_cv_work.notify_all();
        m_cv_write.notify_all();
        m_cv_space.notify_all();
    }
    for (auto& t : m_threads)
        if (t.joinable()) t.join();
}

} // namespace lede
