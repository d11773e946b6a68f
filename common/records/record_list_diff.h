// What changed between two loads of one kind's current records: the records of `after` that
// are not (as the same object) in `before`, and those of `before` no longer in `after`. With
// the store's decoded cache, LoadCurrent hands back every unchanged record as the same object
// (RecordList::ShareRecord), so a dataset can rebuild only what a write touched.
//
//   RecordListDiff<v1::Episode> diff = DiffRecordLists(previous.episodes, now.episodes);
//   for (const v1::Episode* e : diff.added) ...    // new keys and new versions of keys
//   for (const v1::Episode* e : diff.removed) ...  // withdrawn keys and replaced versions
//
// Both lists must be in ascending (source_system, source_id) order of each record's
// header().source(), as LoadCurrent returns them. Two lists that share no records (e.g. one
// parsed afresh) differ in every record: callers should then rebuild from scratch.
#ifndef SCORECARD_COMMON_RECORDS_RECORD_LIST_DIFF_H_
#define SCORECARD_COMMON_RECORDS_RECORD_LIST_DIFF_H_

#include <cstddef>
#include <vector>

#include "common/records/record_list.h"

namespace scorecard {

template <typename RecordProto>
struct RecordListDiff {
  std::vector<const RecordProto*> added;
  std::vector<const RecordProto*> removed;

  bool empty() const { return added.empty() && removed.empty(); }
};

template <typename RecordProto>
RecordListDiff<RecordProto> DiffRecordLists(const RecordList<RecordProto>& before,
                                            const RecordList<RecordProto>& after) {
  RecordListDiff<RecordProto> diff;
  if (before.SharesRecordsWith(after)) return diff;
  size_t b = 0;
  size_t a = 0;
  while (b < before.size() && a < after.size()) {
    const RecordProto& old_record = before[b];
    const RecordProto& new_record = after[a];
    if (&old_record == &new_record) {  // Unchanged: the common case, no key compared.
      ++b;
      ++a;
    } else if (SourceKeyOf(old_record) < SourceKeyOf(new_record)) {
      diff.removed.push_back(&old_record);
      ++b;
    } else if (SourceKeyOf(new_record) < SourceKeyOf(old_record)) {
      diff.added.push_back(&new_record);
      ++a;
    } else {  // The same key in another object: a new version.
      diff.removed.push_back(&old_record);
      diff.added.push_back(&new_record);
      ++b;
      ++a;
    }
  }
  for (; b < before.size(); ++b) diff.removed.push_back(&before[b]);
  for (; a < after.size(); ++a) diff.added.push_back(&after[a]);
  return diff;
}

}  // namespace scorecard

#endif  // SCORECARD_COMMON_RECORDS_RECORD_LIST_DIFF_H_
