// Painting of the GC view: frames with their names, objects as boxes with
// ob_refcnt and (during a collection) gc_refs, arrows for references, and
// the generations with their counts and thresholds. Screen and export both
// call paintGc.
#pragma once

#include "views/gclayout.h"
#include "views/theme.h"

#include <QPainter>

namespace arenascope::views {

struct GcPaintOptions {
    Theme theme = Theme::make(ThemeKind::Light);
    int selectedObject = -1;
};

void paintGc(QPainter& p, const GcLayout& layout, const GcScene& scene, const GcPaintOptions& options);

// One object's box, as the view and its legend draw it.
void paintGcBox(QPainter& p, const QRectF& r, GcObject::Mark mark, bool tracked, const Theme& t);

} // namespace arenascope::views
