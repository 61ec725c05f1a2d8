// GcView: the scrolling widget around paintGc, with the legend kept at the
// bottom as in the heap view.
#include "views/gcview.h"

#include "views/gcpainter.h"
#include "views/painters.h"

#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>

namespace arenascope::views {

GcView::GcView(QWidget* parent) : QAbstractScrollArea(parent), theme_(Theme::make(ThemeKind::Light)) {
    setObjectName(QStringLiteral("gcView"));
}

void GcView::setScene(GcScene scene) {
    scene_ = std::move(scene);
    layout_.compute(scene_);
    if (!scene_.find(selected_))
        selected_ = -1;
    updateScrollBars();
    viewport()->update();
}

void GcView::selectObject(int id) {
    selected_ = scene_.find(id) ? id : -1;
    viewport()->update();
}

void GcView::setTheme(const Theme& theme) {
    theme_ = theme;
    viewport()->update();
}

void GcView::updateScrollBars() {
    const qreal legend = legendHeight(theme_, LegendKind::Gc, viewport()->width(), viewport());
    horizontalScrollBar()->setRange(0, std::max(0, int(layout_.size().width()) - viewport()->width()));
    verticalScrollBar()->setRange(0, std::max(0, int(layout_.size().height() + legend) - viewport()->height()));
    horizontalScrollBar()->setPageStep(viewport()->width());
    verticalScrollBar()->setPageStep(viewport()->height());
}

void GcView::resizeEvent(QResizeEvent* e) {
    QAbstractScrollArea::resizeEvent(e);
    updateScrollBars();
}

void GcView::paintEvent(QPaintEvent*) {
    QPainter p(viewport());
    p.fillRect(viewport()->rect(), theme_.background);
    if (scene_.objects.empty() && scene_.frames.empty()) {
        p.setPen(theme_.mutedText);
        p.drawText(viewport()->rect(), Qt::AlignCenter,
                   tr("The collector's view comes with scenarios: open one from File > Open example."));
        return;
    }
    p.translate(-horizontalScrollBar()->value(), -verticalScrollBar()->value());
    GcPaintOptions o;
    o.theme = theme_;
    o.selectedObject = selected_;
    paintGc(p, layout_, scene_, o);
    p.resetTransform();
    const qreal h = legendHeight(theme_, LegendKind::Gc, viewport()->width(), viewport());
    const QRectF band(0, viewport()->height() - h - 2, viewport()->width(), h + 2);
    p.fillRect(band, theme_.surface);
    paintLegend(p, band, theme_, LegendKind::Gc);
}

void GcView::mousePressEvent(QMouseEvent* e) {
    const QPointF pt = e->position() + QPointF(horizontalScrollBar()->value(), verticalScrollBar()->value());
    const int id = layout_.hitObject(pt);
    if (id < 0)
        return;
    selected_ = id;
    viewport()->update();
    if (const GcObject* o = scene_.find(id))
        emit objectSelected(o->address);
}

} // namespace arenascope::views
