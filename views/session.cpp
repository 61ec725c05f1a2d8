// Session: stepping and selection for the views.
#include "views/session.h"

namespace arenascope::views {

Session::Session(QObject* parent) : QObject(parent) {}

void Session::setInput(std::shared_ptr<const LoadedInput> input) {
    cursor_ = input ? std::make_unique<Cursor>(std::move(input)) : nullptr;
    last_ = StepResult();
    selectedPool_ = kNoPool;
    selectedBlock_ = -1;
    emit traceChanged();
    emit stepChanged(true);
    emit selectionChanged();
}

void Session::setTrace(std::shared_ptr<const LoadedTrace> trace) {
    std::shared_ptr<LoadedInput> in;
    if (trace) {
        in = std::make_shared<LoadedInput>();
        in->path = trace->store->name;
        in->trace = std::move(trace);
    }
    setInput(std::move(in));
}

void Session::announce(const Cursor::Move& m) {
    last_ = m.result;
    emit stepChanged(m.arenasChanged);
}

void Session::forward() {
    if (cursor_ && cursor_->step() < cursor_->eventCount())
        announce(cursor_->forward());
}

void Session::back() {
    if (cursor_ && cursor_->step() > 0)
        announce(cursor_->back());
}

void Session::seek(qulonglong step) {
    if (cursor_)
        announce(cursor_->seek(size_t(step)));
}

void Session::seekStep(qulonglong k) {
    if (!cursor_)
        return;
    const size_t before = cursor_->step();
    Cursor::Move m = cursor_->seekStep(size_t(k));
    if (cursor_->step() == before)
        m.result = last_;  // the heap stayed: what it shows is unchanged
    announce(m);
}

void Session::stepBy(StepKind kind, bool forwardDirection) {
    if (!cursor_)
        return;
    if (kind == StepKind::Event) {
        forwardDirection ? forward() : back();
        return;
    }
    const size_t s = forwardDirection ? cursor_->findNext(kind) : cursor_->findPrev(kind);
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
    if (!cursor_)
        return;
    const Allocator& a = cursor_->timeline().allocator();
    const PoolRef pool = a.poolContaining(address);
    if (pool == kNoPool)
        return;
    selectedPool_ = pool;
    selectedBlock_ = a.blockIndexAt(pool, address);
    emit selectionChanged();
}

} // namespace arenascope::views
