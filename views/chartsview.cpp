// ChartsView: the two Qt Charts, updated at most a few times a second while
// playing.
#include "views/chartsview.h"

#include <QChart>
#include <QChartView>
#include <QTimer>
#include <QBoxLayout>

namespace arenascope::views {

ChartsView::ChartsView(Session* session, QWidget* parent)
    : QWidget(parent), session_(session), timelineView_(new QChartView(this)),
      classView_(new QChartView(this)), throttle_(new QTimer(this)),
      theme_(Theme::make(ThemeKind::Light)) {
    setObjectName(QStringLiteral("chartsView"));
    auto* lay = new QBoxLayout(QBoxLayout::TopToBottom, this);
    lay->setContentsMargins(0, 0, 0, 0);
    lay->addWidget(timelineView_, 1);
    lay->addWidget(classView_, 1);
    // Two charts one above the other would hold the bottom docks (tabbed
    // with this one) at their height; a short dock lays them side by side.
    setMinimumHeight(150);
    timelineView_->setRenderHint(QPainter::Antialiasing);
    classView_->setRenderHint(QPainter::Antialiasing);
    throttle_->setSingleShot(true);
    throttle_->setInterval(120);
    connect(throttle_, &QTimer::timeout, this, [this] {
        moveCursor();
        refreshClasses();
    });
    connect(session_, &Session::traceChanged, this, &ChartsView::rebuildTimeline);
    connect(session_, &Session::stepChanged, this, [this] {
        if (!throttle_->isActive())
            throttle_->start();
    });
    rebuildTimeline();
}

void ChartsView::resizeEvent(QResizeEvent* e) {
    QWidget::resizeEvent(e);
    // A wide, low dock puts the charts side by side: stacked, each would be
    // too flat to read.
    if (auto* lay = qobject_cast<QBoxLayout*>(layout()))
        lay->setDirection(width() > 2 * height() ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
}

void ChartsView::setTheme(const Theme& theme) {
    theme_ = theme;
    rebuildTimeline();
}

void ChartsView::rebuildTimeline() {
    timeline_ = makeTimelineChart(session_->hasTrace() ? session_->trace().get() : nullptr, theme_);
    QChart* old = timelineView_->chart();
    timelineView_->setChart(timeline_.chart);
    delete old;
    moveCursor();
    refreshClasses();
}

void ChartsView::moveCursor() { moveTimelineCursor(timeline_, session_->step()); }

void ChartsView::refreshClasses() {
    QChart* chart = makeClassChart(session_->hasTrace() ? &session_->timeline().allocator() : nullptr,
                                   session_->step(), theme_);
    QChart* old = classView_->chart();
    classView_->setChart(chart);
    delete old;
}

} // namespace arenascope::views
