// Charts (Qt Charts): arenas, pools in use and bytes in allocated blocks over
// the whole timeline with a cursor at the current step; blocks in use and
// available per size class at the current step, as sys._debugmallocstats().
#pragma once

#include "views/charts.h"
#include "views/session.h"

#include <QWidget>

class QChartView;
class QTimer;

namespace arenascope::views {

class ChartsView : public QWidget {
    Q_OBJECT
public:
    explicit ChartsView(Session* session, QWidget* parent = nullptr);
    void setTheme(const Theme& theme);
    // For export and tests: the two charts.
    QChartView* timelineChart() const { return timelineView_; }
    QChartView* classChart() const { return classView_; }

protected:
    void resizeEvent(QResizeEvent* e) override;

private:
    void rebuildTimeline();
    void moveCursor();
    void refreshClasses();

    Session* session_;
    QChartView* timelineView_;
    QChartView* classView_;
    QTimer* throttle_;
    Theme theme_;
    TimelineChart timeline_;
};

} // namespace arenascope::views
