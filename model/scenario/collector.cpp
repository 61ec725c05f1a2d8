// Which collector a version runs (Layout::collector, from layout.cpp's table).
#include "model/scenario/collector.h"
#include "model/scenario/generational.h"

namespace arenascope::scenario {

std::unique_ptr<Collector> makeCollector(const Layout& layout, Heap& heap, Collector::PhaseHook phase) {
    switch (layout.collector) {
    case Layout::CollectorKind::Generational: break;
    }
    return std::make_unique<GenerationalCollector>(heap, std::move(phase));
}

} // namespace arenascope::scenario
