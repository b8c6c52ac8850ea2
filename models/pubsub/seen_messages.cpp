#include "models/pubsub/seen_messages.h"

#include <algorithm>
#include <bit>

namespace wirelab::models::pubsub {

bool SeenMessages::contains(MessageId id) const {
  if (id.publisher >= m_windows.size()) return false;
  const Window& w = m_windows[id.publisher];
  if (id.sequence < w.base) return true;
  const std::uint64_t offset = id.sequence - w.base;
  if (offset < kWindow) return ((w.bits >> offset) & 1) != 0;
  return m_beyond &&
         std::binary_search(m_beyond->begin(), m_beyond->end(), beyondKey(id.publisher, id.sequence));
}

bool SeenMessages::insert(MessageId id) {
  while (id.publisher >= m_windows.size()) m_windows.push_back(Window{});
  Window& w = m_windows[id.publisher];
  if (id.sequence < w.base) return true;
  const std::uint64_t offset = id.sequence - w.base;
  if (offset >= kWindow) {
    if (!m_beyond) m_beyond = std::make_unique<std::vector<std::uint64_t>>();
    std::vector<std::uint64_t>& beyond = *m_beyond;
    const std::uint64_t key = beyondKey(id.publisher, id.sequence);
    const auto at = std::lower_bound(beyond.begin(), beyond.end(), key);
    if (at != beyond.end() && *at == key) return true;
    beyond.insert(at, key);
    return false;
  }
  const std::uint64_t bit = std::uint64_t{1} << offset;
  if ((w.bits & bit) != 0) return true;
  w.bits |= bit;
  advance(id.publisher, w);
  return false;
}

void SeenMessages::advance(std::uint32_t publisher, Window& w) {
  while ((w.bits & 1) != 0) {
    const int received = std::countr_one(w.bits);
    w.base += static_cast<std::uint64_t>(received);
    w.bits = received == 64 ? 0 : w.bits >> received;
    if (!m_beyond) continue;
    // Numbers of m_beyond that the window now reaches: this publisher's first ones.
    std::vector<std::uint64_t>& beyond = *m_beyond;
    auto first = std::lower_bound(beyond.begin(), beyond.end(), beyondKey(publisher, w.base));
    auto last = first;
    while (last != beyond.end() && (*last >> 32) == publisher && (*last & 0xffffffffu) < w.base + kWindow) {
      w.bits |= std::uint64_t{1} << ((*last & 0xffffffffu) - w.base);
      ++last;
    }
    beyond.erase(first, last);
  }
}

}  // namespace wirelab::models::pubsub
