// Charts (Qt Charts): arenas, pools in use and bytes in allocated blocks over
// the whole timeline with a cursor at the current step; blocks in use and
// available per size class at the current step, as sys._debugmallocstats().
#pragma once

#include "views/session.h"

#include <QWidget>

class QChart;
class QChartView;
class QLineSeries;
class QBarSet;
class QBarCategoryAxis;
class QValueAxis;
class QTimer;

namespace arenascope::views {

class ChartsView : public QWidget {
    Q_OBJECT
public:
    explicit ChartsView(Session* session, QWidget* parent = nullptr);
    void setDark(bool dark);
    // For export and tests: the two charts.
    QChartView* timelineChart() const { return timelineView_; }
    QChartView* classChart() const { return classView_; }

private:
    void rebuildTimeline();
    void moveCursor();
    void refreshClasses();

    Session* session_;
    QChartView* timelineView_;
    QChartView* classView_;
    QLineSeries* cursor_ = nullptr;
    QValueAxis* timeAxis_ = nullptr;
    QValueAxis* leftAxis_ = nullptr;
    QTimer* throttle_;
};

} // namespace arenascope::views
