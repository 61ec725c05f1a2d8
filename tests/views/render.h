// Renders the heap and pool pictures into images exactly as HeapView and
// PoolView compose them on screen (background, painter, legend), so golden and
// high-DPI tests check the one painting path without a window.
#pragma once

#include "views/heaplayout.h"
#include "views/painters.h"
#include "views/session.h"

#include <QImage>
#include <QPainter>

namespace arenascope::test {

struct Shot {
    views::ThemeKind theme = views::ThemeKind::Light;
    qreal width = 1000;  // heap: layout width; pool: image width
    qreal height = 320;  // pool only; the heap image is as tall as its layout
    qreal zoom = 1.0;
    qreal dpr = 1.0;     // device pixel ratio of the image
};

// Text is measured at the screen's 96 dpi, whatever the image's pixel ratio.
inline QImage& measuring() {
    static QImage img(1, 1, QImage::Format_ARGB32_Premultiplied);
    return img;
}

inline QImage blankImage(QSizeF logical, const views::Theme& t, qreal dpr) {
    QImage img((logical * dpr).toSize(), QImage::Format_ARGB32_Premultiplied);
    img.setDevicePixelRatio(dpr);
    img.fill(t.background);
    return img;
}

// The whole table of books at the session's step, legend band below it.
inline QImage renderHeap(const views::Session& s, const Shot& shot = {}) {
    const views::Theme t = views::Theme::make(shot.theme);
    views::HeapLayout l;
    l.compute(s.timeline().allocator(), {shot.zoom, shot.width});
    // As HeapView::paintEvent: the legend wraps at the picture's width.
    const qreal band =
        views::legendHeight(t, views::LegendKind::Heap, l.size().width(), &measuring()) + 2;
    QImage img = blankImage(QSizeF(l.size().width(), l.size().height() + band), t, shot.dpr);
    QPainter p(&img);
    views::HeapPaintOptions o;
    o.theme = t;
    o.selectedPool = s.selectedPool();
    o.highlight = s.lastChange();
    views::paintHeap(p, l, s.timeline().allocator(), o);
    const QRectF bandRect(0, l.size().height(), l.size().width(), band);
    p.fillRect(bandRect, t.surface);
    views::paintLegend(p, bandRect, t, views::LegendKind::Heap);
    return img;
}

// As PoolView: the legend wraps at the width; the pages take the rest.
inline qreal poolLegendHeight(const Shot& shot) {
    return views::legendHeight(views::Theme::make(shot.theme), views::LegendKind::Pool, shot.width - 16,
                               &measuring());
}
inline QRectF poolArea(const Shot& shot) {
    return QRectF(0, 0, shot.width, shot.height).adjusted(8, 8, -8, -8 - poolLegendHeight(shot));
}

// The selected pool's pages at the session's step, as PoolView paints them.
inline QImage renderPool(const views::Session& s, const Shot& shot = {}) {
    const views::Theme t = views::Theme::make(shot.theme);
    QImage img = blankImage(QSizeF(shot.width, shot.height), t, shot.dpr);
    QPainter p(&img);
    const qreal legend = poolLegendHeight(shot);
    const QRectF area = poolArea(shot);
    views::PoolLayout l;
    l.compute(s.timeline().allocator(), s.selectedPool(), area);
    views::PoolPaintOptions o;
    o.theme = t;
    const Change& c = s.lastChange();
    for (unsigned i = 0; i < c.nblocks; ++i)
        o.highlightBlocks[i] = c.blocks[i];
    o.selectedBlock = s.selectedBlock();
    views::paintPool(p, l, s.timeline().allocator(), s.selectedPool(), o);
    views::paintLegend(p, QRectF(8, shot.height - legend - 4, shot.width - 16, legend), t,
                       views::LegendKind::Pool);
    return img;
}

} // namespace arenascope::test
