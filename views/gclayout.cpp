// GC view geometry.
#include "views/gclayout.h"

#include <algorithm>

namespace arenascope::views {

const GcObject* GcScene::find(int id) const {
    for (const GcObject& o : objects)
        if (o.id == id)
            return &o;
    return nullptr;
}

void GcLayout::compute(const GcScene& scene) {
    frames_.clear();
    objects_.clear();
    qreal y = kMargin + kHeaderH;
    for (const GcFrame& f : scene.frames) {
        const qreal h = kTitleH + kRowH * qreal(std::max<size_t>(1, f.locals.size())) + 4;
        frames_.emplace_back(kMargin, y, kFrameW, h);
        y += h + kGap;
    }
    qreal bottom = y;
    // Arrows need room between the frames and the first column.
    const qreal firstColumn = kMargin + kFrameW + 60;
    std::array<qreal, 4> columnY;
    for (int c = 0; c < 4; ++c) {
        const qreal x = firstColumn + c * (kObjectW + 50);
        headers_[size_t(c)] = QRectF(x, kMargin, kObjectW, kHeaderH - 8);
        columnY[size_t(c)] = kMargin + kHeaderH;
    }
    for (const GcObject& o : scene.objects) {
        const size_t c = size_t(columnOf(o));
        objects_[o.id] = QRectF(headers_[c].left(), columnY[c], kObjectW, kObjectH);
        columnY[c] += kObjectH + kGap;
        bottom = std::max(bottom, columnY[c]);
    }
    size_ = QSizeF(headers_[3].right() + kMargin, bottom + kMargin);
}

QRectF GcLayout::localRect(size_t frame, size_t local) const {
    const QRectF f = frames_[frame];
    return QRectF(f.left() + 4, f.top() + kTitleH + kRowH * qreal(local), f.width() - 8, kRowH);
}

QRectF GcLayout::objectRect(int id) const {
    const auto it = objects_.find(id);
    return it == objects_.end() ? QRectF() : it->second;
}

int GcLayout::hitObject(QPointF p) const {
    for (const auto& [id, r] : objects_)
        if (r.contains(p))
            return id;
    return -1;
}

} // namespace arenascope::views
