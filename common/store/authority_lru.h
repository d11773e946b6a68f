// Per-authority values in the order they were last used, for the store's byte-bounded
// caches (current_mirror.h, decoded_cache.h): when over budget, each drops whole authorities,
// the one used longest ago first. Not thread-safe: its owner locks.
//
//   AuthorityLru<Held> held;
//   held.FindOrAdd("869").bytes += 100;          // 869 is now the most recently used
//   if (Held* h = held.Peek("870")) ...          // looks without marking it used
//   while (over_budget && !held.empty()) Held dropped = held.PopLeastRecent();
#ifndef SCORECARD_COMMON_STORE_AUTHORITY_LRU_H_
#define SCORECARD_COMMON_STORE_AUTHORITY_LRU_H_

#include <cstddef>
#include <iterator>
#include <list>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace scorecard {

template <typename Value>
class AuthorityLru {
 public:
  // The authority's value, marked most recently used; null (and nothing marked) if absent.
  Value* Find(absl::string_view authority) {
    auto held = entries_.find(authority);
    if (held == entries_.end()) return nullptr;
    order_.splice(order_.begin(), order_, held->second.position);
    return &held->second.value;
  }

  // The authority's value without marking it used; null if absent.
  Value* Peek(absl::string_view authority) {
    auto held = entries_.find(authority);
    return held == entries_.end() ? nullptr : &held->second.value;
  }

  // The authority's value, added (value-initialised) if absent, marked most recently used.
  Value& FindOrAdd(absl::string_view authority) {
    auto [held, added] = entries_.try_emplace(authority);
    if (added) {
      order_.emplace_front(authority);
      held->second.position = order_.begin();
    } else {
      order_.splice(order_.begin(), order_, held->second.position);
    }
    return held->second.value;
  }

  // Removes the least recently used authority and hands its value over. Not when empty().
  Value PopLeastRecent() {
    auto victim = entries_.find(order_.back());
    Value value = std::move(victim->second.value);
    entries_.erase(victim);
    order_.pop_back();
    return value;
  }

  bool empty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    Value value{};
    std::list<std::string>::iterator position;  // In order_.
  };

  absl::flat_hash_map<std::string, Entry> entries_;
  std::list<std::string> order_;  // Most recently used first.
};

}  // namespace scorecard

#endif  // SCORECARD_COMMON_STORE_AUTHORITY_LRU_H_
