// PoolView: the widget around paintPool.
#include "views/poolview.h"
#include "views/painters.h"

#include <QMouseEvent>
#include <QPainter>

namespace arenascope::views {

namespace {
// The legend's height at this width: it wraps to more rows when its labels
// (longer in some languages) do not fit on one.
qreal legendBand(const Theme& t, QWidget* w) { return legendHeight(t, LegendKind::Pool, w->width() - 16, w); }
} // namespace

PoolView::PoolView(Session* session, QWidget* parent)
    : QWidget(parent), session_(session), theme_(Theme::make(ThemeKind::Light)) {
    setObjectName(QStringLiteral("poolView"));
    connect(session_, &Session::stepChanged, this, qOverload<>(&QWidget::update));
    connect(session_, &Session::selectionChanged, this, qOverload<>(&QWidget::update));
}

void PoolView::setTheme(const Theme& theme) {
    theme_ = theme;
    update();
}

void PoolView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), theme_.background);
    const qreal legend = legendBand(theme_, this);
    const QRectF area = QRectF(rect()).adjusted(8, 8, -8, -8 - legend);
    if (!session_->hasTrace() || session_->selectedPool() == kNoPool ||
        session_->timeline().allocator().poolState(session_->selectedPool()) == PoolState::Uncarved) {
        p.setPen(theme_.mutedText);
        p.drawText(rect(), Qt::AlignCenter, tr("Click a book (a pool) to see its pages (blocks)."));
        return;
    }
    const Allocator& a = session_->timeline().allocator();
    PoolLayout l;
    l.compute(a, session_->selectedPool(), area);
    PoolPaintOptions o;
    o.theme = theme_;
    const Change& c = session_->lastChange();
    for (unsigned i = 0; i < c.nblocks; ++i)
        o.highlightBlocks[i] = c.blocks[i];
    o.selectedBlock = session_->selectedBlock();
    paintPool(p, l, a, session_->selectedPool(), o);
    paintLegend(p, QRectF(8, height() - legend - 4, width() - 16, legend), theme_,
                LegendKind::Pool);
}

void PoolView::mousePressEvent(QMouseEvent* e) {
    if (!session_->hasTrace() || session_->selectedPool() == kNoPool)
        return;
    PoolLayout l;
    l.compute(session_->timeline().allocator(), session_->selectedPool(),
              QRectF(rect()).adjusted(8, 8, -8, -8 - legendBand(theme_, this)));
    const int b = l.hitTest(e->position());
    if (b >= 0)
        session_->selectBlock(b);
}

} // namespace arenascope::views
