// Session: stepping and selection for the views.
#include "views/session.h"

namespace arenascope::views {

Session::Session(QObject* parent) : QObject(parent) {}

void Session::setTrace(std::shared_ptr<const LoadedTrace> trace) {
    trace_ = std::move(trace);
    timeline_ = trace_ ? std::make_unique<Timeline>(trace_) : nullptr;
    last_ = StepResult();
    selectedPool_ = kNoPool;
    selectedBlock_ = -1;
    emit traceChanged();
    emit stepChanged(true);
    emit selectionChanged();
}

void Session::announce(const StepResult& r, bool jumped) {
    last_ = r;
    const bool arenas = r.change.arenaAllocated != kNoArena || r.change.arenaFreed != kNoArena;
    emit stepChanged(jumped || arenas);
}

void Session::forward() {
    if (timeline_ && timeline_->step() < timeline_->stepCount())
        announce(timeline_->forward(), false);
}

void Session::back() {
    if (!timeline_ || timeline_->step() == 0)
        return;
    const uint8_t flags = timeline_->store().flags(timeline_->step() - 1);
    StepResult r = timeline_->back();
    announce(r, flags & (kArenaAllocated | kArenaFreed));
}

void Session::seek(qulonglong step) {
    if (!timeline_)
        return;
    timeline_->seek(size_t(step));
    StepResult r;
    if (timeline_->step() > 0) {
        const size_t i = timeline_->step() - 1;
        r.change = timeline_->changeOf(i);
        r.change.poolStateChanged = timeline_->store().flags(i) & kPoolStateChange;
    }
    announce(r, true);
}

void Session::stepBy(StepKind kind, bool forwardDirection) {
    if (!timeline_)
        return;
    if (kind == StepKind::Event) {
        forwardDirection ? forward() : back();
        return;
    }
    const size_t s = forwardDirection ? timeline_->findNext(timeline_->step(), kind)
                                      : timeline_->findPrev(timeline_->step(), kind);
    if (s != Timeline::npos)
        seek(s);
}

void Session::selectPool(PoolRef pool) {
    if (pool == selectedPool_)
        return;
    selectedPool_ = pool;
    selectedBlock_ = -1;
    emit selectionChanged();
}

void Session::selectBlock(int block) {
    selectedBlock_ = block;
    emit selectionChanged();
}

void Session::selectAddress(qulonglong address) {
    if (!timeline_)
        return;
    const Allocator& a = timeline_->allocator();
    const PoolRef pool = a.poolContaining(address);
    if (pool == kNoPool)
        return;
    selectedPool_ = pool;
    const PoolHeader& ph = a.state().pools[pool];
    const unsigned size = a.profile().blockSize(ph.szidx);
    const uint64_t off = address - a.poolAddress(pool);
    selectedBlock_ = off >= a.profile().poolOverhead ? int((off - a.profile().poolOverhead) / size) : -1;
    emit selectionChanged();
}

} // namespace arenascope::views
