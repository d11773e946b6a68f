// An immutable-by-default, cheaply copyable list of decoded records (protobuf messages), all
// held on one protobuf Arena: a load parses straight onto the arena, and dropping the last
// copy frees everything in one go. Copies share the records, so LoadCurrent can keep a kind's
// decoded records between loads and hand every caller the same ones.
//
//   RecordList<v1::Episode> episodes = *LoadCurrent<v1::Episode>(store, "869", std::nullopt);
//   for (const v1::Episode& e : episodes) ...   // const access only
//
// Code that builds a list by hand (tests, tools) may use push_back / emplace_back or an
// initializer list. Changing a list shared with other copies first copies its records
// (copy-on-write), so the other copies never see the change. A reference returned by
// emplace_back must not be used to change the record after the list was copied.
//
// Thread safety: like a const std::vector, any number of threads may read copies of the same
// list; changing one copy is safe while others read theirs.
#ifndef SCORECARD_COMMON_RECORDS_RECORD_LIST_H_
#define SCORECARD_COMMON_RECORDS_RECORD_LIST_H_

#include <google/protobuf/arena.h>
#include <google/protobuf/repeated_ptr_field.h>

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <utility>
#include <vector>

namespace scorecard {

template <typename RecordProto>
class RecordList {
 public:
  using value_type = RecordProto;
  using size_type = size_t;
  using const_reference = const RecordProto&;
  using reference = const RecordProto&;
  using const_iterator = typename google::protobuf::RepeatedPtrField<RecordProto>::const_iterator;
  using iterator = const_iterator;

  RecordList() = default;
  RecordList(std::initializer_list<RecordProto> records) { Append(records); }
  // Implicit, so code that builds records in a std::vector (tests, tools) can assign it.
  RecordList(const std::vector<RecordProto>& records) { Append(records); }  // NOLINT

  size_t size() const { return shared_ == nullptr ? 0 : shared_->records.size(); }
  bool empty() const { return size() == 0; }
  const RecordProto& operator[](size_t i) const {
    return shared_->records.Get(static_cast<int>(i));
  }
  const RecordProto& front() const { return (*this)[0]; }
  const RecordProto& back() const { return (*this)[size() - 1]; }
  const_iterator begin() const {
    return shared_ == nullptr ? const_iterator() : std::as_const(shared_->records).begin();
  }
  const_iterator end() const {
    return shared_ == nullptr ? const_iterator() : std::as_const(shared_->records).end();
  }
  const_iterator cbegin() const { return begin(); }
  const_iterator cend() const { return end(); }

  void push_back(const RecordProto& record) { *Mutable().Add() = record; }
  void push_back(RecordProto&& record) { Mutable().Add()->Swap(&record); }
  // A new default record at the end, allocated on the list's arena.
  RecordProto& emplace_back() { return *Mutable().Add(); }
  void reserve(size_t n) { Mutable().Reserve(static_cast<int>(n)); }
  void clear() { shared_.reset(); }
  // Reverses the order of the records (no copies); for loaders that visit in reverse.
  void Reverse() {
    if (size() < 2) return;
    Records& list = Mutable();
    std::reverse(list.pointer_begin(), list.pointer_end());
  }

  // Bytes the records hold (the arena's blocks), for cache budgets.
  size_t SpaceAllocated() const {
    return shared_ == nullptr ? 0 : static_cast<size_t>(shared_->arena.SpaceAllocated());
  }
  // Whether `other` shares this list's records (copies of one list do).
  bool SharesRecordsWith(const RecordList& other) const {
    return shared_ != nullptr && shared_ == other.shared_;
  }

 private:
  using Records = google::protobuf::RepeatedPtrField<RecordProto>;
  struct Shared {
    google::protobuf::Arena arena;  // Declared first: outlives `records`.
    Records records{&arena};        // Elements are allocated on `arena`.
  };

  template <typename Container>
  void Append(const Container& records) {
    Records& list = Mutable();
    list.Reserve(list.size() + static_cast<int>(records.size()));
    for (const RecordProto& record : records) *list.Add() = record;
  }

  // The records, unshared first if another copy holds them.
  Records& Mutable() {
    if (shared_ == nullptr) {
      shared_ = std::make_shared<Shared>();
    } else if (shared_.use_count() > 1) {
      auto copy = std::make_shared<Shared>();
      copy->records.CopyFrom(shared_->records);
      shared_ = std::move(copy);
    }
    return shared_->records;
  }

  std::shared_ptr<Shared> shared_;
};

}  // namespace scorecard

#endif  // SCORECARD_COMMON_RECORDS_RECORD_LIST_H_
