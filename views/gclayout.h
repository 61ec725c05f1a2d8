// Where things go in the GC view: the frames in a column on the left, then
// one column of objects per generation (young to old) and one for objects
// the collector does not track. Plain geometry, shared by painter and mouse.
#pragma once

#include "views/gcscene.h"

#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <map>

namespace arenascope::views {

class GcLayout {
public:
    void compute(const GcScene& scene);

    QSizeF size() const { return size_; }
    QRectF frameRect(size_t frame) const { return frames_[frame]; }
    // The row of a local name inside its frame box.
    QRectF localRect(size_t frame, size_t local) const;
    QRectF objectRect(int id) const;               // empty if unknown
    QRectF columnHeader(int column) const { return headers_[size_t(column)]; }
    static int columnOf(const GcObject& o) { return o.generation >= 0 ? o.generation : 3; }
    int hitObject(QPointF p) const;                // object id or -1

    static constexpr qreal kMargin = 10, kFrameW = 190, kRowH = 18, kTitleH = 22;
    static constexpr qreal kObjectW = 170, kObjectH = 46, kGap = 14, kHeaderH = 40;

private:
    std::vector<QRectF> frames_;
    std::array<QRectF, 4> headers_{};
    std::map<int, QRectF> objects_;
    QSizeF size_;
};

} // namespace arenascope::views
