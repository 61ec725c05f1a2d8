// Program steps: deltas between consecutive states (objects by id, gc lists
// as head/tail kept around a new middle), a keyframe every few steps.
#include "model/program/programsteps.h"

#include <algorithm>
#include <map>

namespace arenascope {

ProgramSteps::ProgramSteps(std::vector<std::string> sourceLines, ProgramState initial)
    : lines_(std::move(sourceLines)) {
    record(diff(std::move(initial)), 0);
}

ProgramSteps::ProgramSteps(std::vector<std::string> sourceLines, Delta initial)
    : lines_(std::move(sourceLines)) {
    record(std::move(initial), 0);
}

void ProgramSteps::add(ProgramStep step, ProgramState after, size_t outputLength) {
    steps_.push_back(std::move(step));
    record(diff(std::move(after)), outputLength);
}

void ProgramSteps::add(ProgramStep step, Delta delta, size_t outputLength) {
    steps_.push_back(std::move(step));
    record(std::move(delta), outputLength);
}

void ProgramSteps::finish(std::string output, bool stoppedByError) {
    output_ = std::move(output);
    stoppedByError_ = stoppedByError;
    current_.clear();
    for (auto& l : lastLists_)
        std::vector<ObjId>().swap(l);
}

ProgramSteps::Delta ProgramSteps::diff(ProgramState&& s) const {
    Delta d;
    auto old = current_.begin();
    for (const ObjectState& o : s.objects) {
        for (; old != current_.end() && old->first < o.id; ++old)
            d.removed.push_back(old->first);
        const bool same = old != current_.end() && old->first == o.id && *old->second == o;
        if (old != current_.end() && old->first == o.id)
            ++old;
        if (!same)
            d.changed.push_back(o);
    }
    for (; old != current_.end(); ++old)
        d.removed.push_back(old->first);
    d.frames = std::move(s.frames);
    d.gc = std::move(s.gc);
    d.objectsLeftOut = s.objectsLeftOut;
    return d;
}

void ProgramSteps::record(Delta&& d, size_t outputLength) {
    Record r;
    r.outputLength = outputLength;
    r.objectsLeftOut = d.objectsLeftOut;
    for (ObjId id : d.removed)
        if (current_.erase(id))
            r.removed.push_back(id);
    for (ObjectState& o : d.changed) {
        auto p = std::make_shared<const ObjectState>(std::move(o));
        current_[p->id] = p;
        r.changed.push_back(std::move(p));
    }
    const Frames previous = records_.empty() ? nullptr : records_.back().frames;
    r.frames = previous && *previous == d.frames
                   ? previous
                   : std::make_shared<const std::vector<FrameState>>(std::move(d.frames));
    size_t listWeight = 0;
    for (int i = 0; i < 4; ++i) {
        std::vector<ObjId>& list = listOf(d.gc, i);
        r.lists[i] = edit(lastLists_[i], list);
        // Appending is cheap to apply; other edits rebuild the list.
        const bool append = r.lists[i].keepHead == lastLists_[i].size() && r.lists[i].keepTail == 0;
        listWeight += append ? r.lists[i].middle.size() : list.size() + 1;
        lastLists_[i] = std::move(list);
        list.clear();
    }
    r.scalars = std::move(d.gc);

    const size_t k = records_.size();
    weightSinceKeyframe_ += 1 + r.changed.size() + r.removed.size() + listWeight;
    const size_t stateWeight = current_.size() + lastLists_[0].size() + lastLists_[1].size() +
                               lastLists_[2].size() + lastLists_[3].size();
    if (k == 0 || weightSinceKeyframe_ > stateWeight) {
        Keyframe kf;
        kf.step = k;
        kf.objects.reserve(current_.size());
        for (const auto& [id, o] : current_)
            kf.objects.push_back(o);
        for (int i = 0; i < 4; ++i)
            kf.lists[i] = lastLists_[i];
        keyframes_.push_back(std::move(kf));
        weightSinceKeyframe_ = 0;
    }
    records_.push_back(std::move(r));
}

ProgramSteps::ListEdit ProgramSteps::edit(const std::vector<ObjId>& from, const std::vector<ObjId>& to) {
    ListEdit e;
    const size_t n = std::min(from.size(), to.size());
    size_t head = 0;
    while (head < n && from[head] == to[head])
        ++head;
    size_t tail = 0;
    while (tail < n - head && from[from.size() - 1 - tail] == to[to.size() - 1 - tail])
        ++tail;
    e.keepHead = uint32_t(head);
    e.keepTail = uint32_t(tail);
    e.middle.assign(to.begin() + std::ptrdiff_t(head), to.end() - std::ptrdiff_t(tail));
    return e;
}

void ProgramSteps::applyEdit(std::vector<ObjId>& list, const ListEdit& e) {
    if (e.keepHead == list.size() && e.keepTail == 0) {  // appended (the common case)
        list.insert(list.end(), e.middle.begin(), e.middle.end());
        return;
    }
    std::vector<ObjId> out;
    out.reserve(e.keepHead + e.middle.size() + e.keepTail);
    out.insert(out.end(), list.begin(), list.begin() + e.keepHead);
    out.insert(out.end(), e.middle.begin(), e.middle.end());
    out.insert(out.end(), list.end() - e.keepTail, list.end());
    list.swap(out);
}

ProgramState ProgramSteps::stateAt(size_t k) const {
    k = std::min(k, steps_.size());
    const Keyframe& kf = *std::prev(std::upper_bound(
        keyframes_.begin(), keyframes_.end(), k, [](size_t v, const Keyframe& f) { return v < f.step; }));
    std::map<ObjId, ObjectP> changed;  // changes since the keyframe; null: removed
    std::vector<ObjId> lists[4];
    for (int i = 0; i < 4; ++i)
        lists[i] = kf.lists[i];
    for (size_t j = kf.step + 1; j <= k; ++j) {
        const Record& r = records_[j];
        for (ObjId id : r.removed)
            changed[id] = nullptr;
        for (const ObjectP& o : r.changed)
            changed[o->id] = o;
        for (int i = 0; i < 4; ++i)
            applyEdit(lists[i], r.lists[i]);
    }
    const Record& r = records_[k];
    ProgramState st;
    st.step = k;
    st.objects.reserve(kf.objects.size() + changed.size());
    auto c = changed.begin();
    for (const ObjectP& o : kf.objects) {
        for (; c != changed.end() && c->first < o->id; ++c)
            if (c->second)
                st.objects.push_back(c->second);
        if (c != changed.end() && c->first == o->id) {
            if (c->second)
                st.objects.push_back(c->second);
            ++c;
        } else {
            st.objects.push_back(o);
        }
    }
    for (; c != changed.end(); ++c)
        if (c->second)
            st.objects.push_back(c->second);
    st.frames = *r.frames;
    st.gc = r.scalars;
    for (int i = 0; i < 4; ++i)
        listOf(st.gc, i) = std::move(lists[i]);
    st.output = output_.substr(0, r.outputLength);
    st.objectsLeftOut = r.objectsLeftOut;
    return st;
}

size_t ProgramSteps::stepAtEvent(uint64_t event, size_t current) const {
    if (current <= steps_.size()) {
        const bool endsHere = eventEnd(current) == event;
        const bool inside = current > 0 && eventEnd(current - 1) < event && event < eventEnd(current);
        if (endsHere || inside)
            return current;
    }
    // The first k with eventEnd(k) >= event.
    size_t lo = 0, hi = steps_.size();
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (eventEnd(mid) < event)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t ProgramSteps::bytes() const {
    size_t b = records_.capacity() * sizeof(Record) + keyframes_.capacity() * sizeof(Keyframe);
    for (const Record& r : records_) {
        b += r.changed.size() * (sizeof(ObjectP) + sizeof(ObjectState)) + r.removed.size() * sizeof(ObjId);
        for (const ListEdit& e : r.lists)
            b += e.middle.size() * sizeof(ObjId);
    }
    for (const Keyframe& k : keyframes_) {
        b += k.objects.size() * sizeof(ObjectP);
        for (const auto& l : k.lists)
            b += l.size() * sizeof(ObjId);
    }
    return b + output_.size();
}

} // namespace arenascope
