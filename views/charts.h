// The two charts (Qt Charts), built from the model: totals over the whole
// trace with a cursor at the current step, and blocks per size class at one
// step. The charts dock and the picture export both build them here.
#pragma once

#include "model/trace/loadedtrace.h"
#include "views/theme.h"

class QChart;
class QLineSeries;
class QValueAxis;

namespace arenascope::views {

struct TimelineChart {
    QChart* chart = nullptr;
    QLineSeries* cursor = nullptr;  // null without a trace
    QValueAxis* countAxis = nullptr;
};

// Arenas, pools in use and KiB in allocated blocks over the trace's sampled
// series. The caller owns the chart.
TimelineChart makeTimelineChart(const LoadedTrace* trace, const Theme& theme);
void moveTimelineCursor(const TimelineChart& c, size_t step);

// Blocks in use and available per size class, as sys._debugmallocstats()
// counts them. The caller owns the chart.
QChart* makeClassChart(const Allocator* allocator, size_t step, const Theme& theme);

} // namespace arenascope::views
