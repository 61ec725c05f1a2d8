// Frame objects of CPython 3.8-3.10 (Objects/frameobject.c): each code
// object keeps its last frame as a "zombie" for the next call, and spare
// frames wait on a free list. From 3.11 frames live on the thread's data
// stack and the pymalloc heap never sees them.
#include "model/scenario/heap.h"

namespace arenascope::scenario {

ObjId Heap::enterFrame(const void* code, unsigned extras, const std::string& name) {
    // frame_alloc / _PyFrame_New_NoTrack: the zombie first (no allocation,
    // no count), then the free list (resized when too small), then
    // PyObject_GC_NewVar. Frames stay untracked while they run.
    const uint64_t bytes = layout_.frameBasic + 8 * uint64_t(extras);
    ObjId id = popFree(zombieFrames_[code], Type::Frame);
    if (!id) {
        id = popFree(frameFree_, Type::Frame);
        if (id && obj(id).requested < layout_.gcHead + bytes) {
            obj(id).address = memory_.realloc(Domain::Obj, obj(id).address, layout_.gcHead + bytes);
            obj(id).requested = layout_.gcHead + bytes;
        }
    }
    if (!id) {
        id = gcNew(Type::Frame, bytes);
    }
    obj(id).sval = name;
    obj(id).role = "frame of " + name;
    return id;
}

void Heap::leaveFrame(const void* code, ObjId frame) {
    // frame_dealloc: the code object's zombie if it has none, else the
    // free list (PyFrame_MAXFREELIST), else freed.
    Object& f = obj(frame);
    f.alive = false;
    std::vector<ObjId>& zombie = zombieFrames_[code];
    if (zombie.empty()) {
        f.onFreeList = true;
        f.role = "zombie frame of " + f.sval;
        zombie.push_back(frame);
    } else if (frameFree_.size() < layout_.frameFreeList) {
        f.onFreeList = true;
        f.role = "free frame";
        frameFree_.push_back(frame);
    } else {
        gcDel(frame);
    }
}

} // namespace arenascope::scenario
