// An immutable-by-default, cheaply copyable list of decoded records (protobuf messages) held
// on protobuf Arenas: a load parses straight onto an arena, and dropping the last list that
// uses an arena frees it in one go. Copies share the records, so LoadCurrent can keep a kind's
// decoded records between loads and hand every caller the same ones; a list may also take
// single records from another list (ShareRecord), so a reload after a write re-parses only
// the changed keys and every unchanged record stays the same object (DiffRecordLists relies
// on that).
//
//   RecordList<v1::Episode> episodes = *LoadCurrent<v1::Episode>(store, "869", std::nullopt);
//   for (const v1::Episode& e : episodes) ...   // const access only
//
// Code that builds a list by hand (tests, tools) may use push_back / emplace_back or an
// initializer list. Changing a list shared with other copies first copies its record
// pointers (copy-on-write; the records themselves are never copied or changed), so the
// other copies never see the change. A reference returned by emplace_back must not be used
// to change the record after the list was copied.
//
// Thread safety: like a const std::vector, any number of threads may read copies of the same
// list; changing one copy is safe while others read theirs.
#ifndef SCORECARD_COMMON_RECORDS_RECORD_LIST_H_
#define SCORECARD_COMMON_RECORDS_RECORD_LIST_H_

#include <google/protobuf/arena.h>

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace scorecard {

// A record's key in the store: (source system, source id) from its header, the order
// LoadCurrent lists records in.
template <typename RecordProto>
std::pair<absl::string_view, absl::string_view> SourceKeyOf(const RecordProto& record) {
  return {record.header().source().system(), record.header().source().id()};
}

template <typename RecordProto>
class RecordList {
 public:
  using value_type = RecordProto;
  using size_type = size_t;
  using const_reference = const RecordProto&;
  using reference = const RecordProto&;

  class const_iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = RecordProto;
    using difference_type = std::ptrdiff_t;
    using pointer = const RecordProto*;
    using reference = const RecordProto&;

    const_iterator() = default;
    reference operator*() const { return **at_; }
    pointer operator->() const { return *at_; }
    reference operator[](difference_type n) const { return *at_[n]; }
    const_iterator& operator++() { ++at_; return *this; }
    const_iterator operator++(int) { const_iterator old = *this; ++at_; return old; }
    const_iterator& operator--() { --at_; return *this; }
    const_iterator operator--(int) { const_iterator old = *this; --at_; return old; }
    const_iterator& operator+=(difference_type n) { at_ += n; return *this; }
    const_iterator& operator-=(difference_type n) { at_ -= n; return *this; }
    friend const_iterator operator+(const_iterator i, difference_type n) { return i += n; }
    friend const_iterator operator+(difference_type n, const_iterator i) { return i += n; }
    friend const_iterator operator-(const_iterator i, difference_type n) { return i -= n; }
    friend difference_type operator-(const_iterator a, const_iterator b) { return a.at_ - b.at_; }
    friend bool operator==(const_iterator a, const_iterator b) { return a.at_ == b.at_; }
    friend bool operator!=(const_iterator a, const_iterator b) { return a.at_ != b.at_; }
    friend bool operator<(const_iterator a, const_iterator b) { return a.at_ < b.at_; }
    friend bool operator>(const_iterator a, const_iterator b) { return a.at_ > b.at_; }
    friend bool operator<=(const_iterator a, const_iterator b) { return a.at_ <= b.at_; }
    friend bool operator>=(const_iterator a, const_iterator b) { return a.at_ >= b.at_; }

   private:
    friend class RecordList;
    explicit const_iterator(const RecordProto* const* at) : at_(at) {}
    const RecordProto* const* at_ = nullptr;
  };
  using iterator = const_iterator;

  RecordList() = default;
  RecordList(std::initializer_list<RecordProto> records) { Append(records); }
  // Implicit, so code that builds records in a std::vector (tests, tools) can assign it.
  RecordList(const std::vector<RecordProto>& records) { Append(records); }  // NOLINT

  size_t size() const { return shared_ == nullptr ? 0 : shared_->records.size(); }
  bool empty() const { return size() == 0; }
  const RecordProto& operator[](size_t i) const { return *shared_->records[i]; }
  const RecordProto& front() const { return (*this)[0]; }
  const RecordProto& back() const { return (*this)[size() - 1]; }
  const_iterator begin() const {
    return shared_ == nullptr ? const_iterator() : const_iterator(shared_->records.data());
  }
  const_iterator end() const {
    return shared_ == nullptr ? const_iterator()
                              : const_iterator(shared_->records.data() + shared_->records.size());
  }
  const_iterator cbegin() const { return begin(); }
  const_iterator cend() const { return end(); }

  void push_back(const RecordProto& record) { emplace_back() = record; }
  void push_back(RecordProto&& record) { emplace_back().Swap(&record); }
  // A new default record at the end, allocated on this list's own arena.
  RecordProto& emplace_back() {
    Shared& shared = Mutable();
    if (shared.own_arena == nullptr) shared.own_arena = std::make_shared<google::protobuf::Arena>();
    RecordProto* record =
        google::protobuf::Arena::CreateMessage<RecordProto>(shared.own_arena.get());
    shared.records.push_back(record);
    return *record;
  }
  // Appends `from`'s i-th record itself (not a copy): this list keeps `from`'s arenas alive.
  void ShareRecord(const RecordList& from, size_t i) {
    Shared& shared = Mutable();
    if (!SameOwner(shared.last_shared_from, from.shared_)) {
      shared.last_shared_from = from.shared_;
      shared.AdoptArenasOf(*from.shared_);
    }
    shared.records.push_back(from.shared_->records[i]);
  }
  void reserve(size_t n) { Mutable().records.reserve(n); }
  void clear() { shared_.reset(); }
  // Reverses the order of the records (no copies); for loaders that visit in reverse.
  void Reverse() {
    if (size() < 2) return;
    std::vector<const RecordProto*>& records = Mutable().records;
    std::reverse(records.begin(), records.end());
  }

  // Bytes the records hold (the blocks of every arena this list uses; records of an arena
  // no longer in the list are counted too), for cache budgets.
  size_t SpaceAllocated() const {
    if (shared_ == nullptr) return 0;
    size_t bytes = shared_->records.capacity() * sizeof(const RecordProto*);
    for (const auto& arena : shared_->arenas) bytes += arena->SpaceAllocated();
    if (shared_->own_arena != nullptr) bytes += shared_->own_arena->SpaceAllocated();
    return bytes;
  }
  // How many other arenas this list's records come from (grows as lists share records of
  // older lists; a loader starts afresh past a limit so dead records do not pile up).
  size_t SharedArenas() const { return shared_ == nullptr ? 0 : shared_->arenas.size(); }
  // Whether `other` is a copy of this very list (neither changed since).
  bool SharesRecordsWith(const RecordList& other) const {
    return shared_ != nullptr && shared_ == other.shared_;
  }

 private:
  struct Shared {
    std::vector<const RecordProto*> records;
    // Where records added to this list live; created on first use.
    std::shared_ptr<google::protobuf::Arena> own_arena;
    // Arenas of other lists whose records this list holds; kept alive by this list.
    std::vector<std::shared_ptr<google::protobuf::Arena>> arenas;
    // The list ShareRecord last adopted arenas from, so a run of ShareRecord calls from one
    // list adopts them once (weak: an address alone could be reused by a later list).
    std::weak_ptr<const Shared> last_shared_from;

    void AdoptArenasOf(const Shared& other) {
      const auto adopt = [this](const std::shared_ptr<google::protobuf::Arena>& arena) {
        if (arena == nullptr || arena == own_arena) return;
        if (std::find(arenas.begin(), arenas.end(), arena) == arenas.end()) arenas.push_back(arena);
      };
      adopt(other.own_arena);
      for (const auto& arena : other.arenas) adopt(arena);
    }
  };

  static bool SameOwner(const std::weak_ptr<const Shared>& a, const std::shared_ptr<Shared>& b) {
    return !a.owner_before(b) && !b.owner_before(a);
  }

  template <typename Container>
  void Append(const Container& records) {
    reserve(size() + records.size());
    for (const RecordProto& record : records) push_back(record);
  }

  // The list, made this copy's own first if another copy shares it: the new copy holds the
  // same record pointers and keeps their arenas alive, and adds records on an arena of its own.
  Shared& Mutable() {
    if (shared_ == nullptr) {
      shared_ = std::make_shared<Shared>();
    } else if (shared_.use_count() > 1) {
      auto copy = std::make_shared<Shared>();
      copy->records = shared_->records;
      copy->AdoptArenasOf(*shared_);
      shared_ = std::move(copy);
    }
    return *shared_;
  }

  std::shared_ptr<Shared> shared_;
};

}  // namespace scorecard

#endif  // SCORECARD_COMMON_RECORDS_RECORD_LIST_H_
