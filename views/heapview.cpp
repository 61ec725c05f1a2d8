// HeapView: the scrolling widget around paintHeap.
#include "views/heapview.h"
#include "views/painters.h"

#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QWheelEvent>

namespace arenascope::views {

namespace {
// The legend's height at this width: it wraps to more rows when its labels
// (longer in some languages) do not fit on one.
qreal legendBand(const Theme& t, QWidget* viewport) {
    return legendHeight(t, LegendKind::Heap, viewport->width(), viewport);
}
} // namespace

HeapView::HeapView(Session* session, QWidget* parent)
    : QAbstractScrollArea(parent), session_(session), theme_(Theme::make(ThemeKind::Light)) {
    setObjectName(QStringLiteral("heapView"));
    viewport()->setMouseTracking(false);
    connect(session_, &Session::stepChanged, this, [this](bool full) {
        if (full)
            relayout();
        viewport()->update();
    });
    connect(session_, &Session::selectionChanged, viewport(), qOverload<>(&QWidget::update));
}

void HeapView::setTheme(const Theme& theme) {
    theme_ = theme;
    viewport()->update();
}

void HeapView::setZoom(qreal zoom) {
    zoom_ = std::clamp(zoom, 0.15, 4.0);
    relayout();
    viewport()->update();
}

void HeapView::fitToWindow() {
    if (!session_->hasTrace())
        return;
    // Largest zoom at which every card fits the viewport.
    for (qreal z = 2.0; z >= 0.15; z /= 1.1) {
        HeapLayout l;
        l.compute(session_->timeline().allocator(), {z, qreal(viewport()->width())});
        if (l.size().height() + legendBand(theme_, viewport()) <= viewport()->height() &&
            l.size().width() <= viewport()->width()) {
            setZoom(z);
            return;
        }
    }
    setZoom(0.15);
}

void HeapView::relayout() {
    if (session_->hasTrace())
        layout_.compute(session_->timeline().allocator(), {zoom_, qreal(viewport()->width())});
    else
        layout_ = HeapLayout();
    updateScrollBars();
}

void HeapView::updateScrollBars() {
    horizontalScrollBar()->setRange(0, std::max(0, int(layout_.size().width()) - viewport()->width()));
    verticalScrollBar()->setRange(
        0, std::max(0, int(layout_.size().height() + legendBand(theme_, viewport())) - viewport()->height()));
    horizontalScrollBar()->setPageStep(viewport()->width());
    verticalScrollBar()->setPageStep(viewport()->height());
    verticalScrollBar()->setSingleStep(20);
}

void HeapView::resizeEvent(QResizeEvent* e) {
    QAbstractScrollArea::resizeEvent(e);
    relayout();
}

void HeapView::paintEvent(QPaintEvent*) {
    QPainter p(viewport());
    p.fillRect(viewport()->rect(), theme_.background);
    if (!session_->hasTrace()) {
        p.setPen(theme_.mutedText);
        p.drawText(viewport()->rect(), Qt::AlignCenter, tr("Open a trace (File > Open) or a demo."));
        return;
    }
    const QPointF offset(horizontalScrollBar()->value(), verticalScrollBar()->value());
    p.translate(-offset);
    HeapPaintOptions o;
    o.theme = theme_;
    o.selectedPool = session_->selectedPool();
    o.highlight = session_->lastChange();
    o.exposed = QRectF(offset, QSizeF(viewport()->size()));
    paintHeap(p, layout_, session_->timeline().allocator(), o);
    // The legend stays put at the bottom while the table scrolls.
    p.resetTransform();
    const qreal legend = legendBand(theme_, viewport());
    const QRectF band(0, viewport()->height() - legend - 2, viewport()->width(), legend + 2);
    p.fillRect(band, theme_.surface);
    paintLegend(p, band, theme_, LegendKind::Heap);
}

void HeapView::mousePressEvent(QMouseEvent* e) {
    if (!session_->hasTrace())
        return;
    const QPointF pt = e->position() + QPointF(horizontalScrollBar()->value(), verticalScrollBar()->value());
    const HeapLayout::Hit h = layout_.hitTest(pt);
    if (h.card >= 0 && h.pool >= 0) {
        const Allocator& a = session_->timeline().allocator();
        session_->selectPool(a.poolRef(layout_.cards()[size_t(h.card)].arena, unsigned(h.pool)));
    }
}

void HeapView::wheelEvent(QWheelEvent* e) {
    if (e->modifiers() & Qt::ControlModifier) {
        e->angleDelta().y() > 0 ? zoomIn() : zoomOut();
        e->accept();
        return;
    }
    QAbstractScrollArea::wheelEvent(e);
}

} // namespace arenascope::views
