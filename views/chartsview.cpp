// ChartsView: the two Qt Charts, updated at most a few times a second while
// playing.
#include "views/chartsview.h"

#include "model/mallocstats.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

namespace arenascope::views {

ChartsView::ChartsView(Session* session, QWidget* parent)
    : QWidget(parent), session_(session), timelineView_(new QChartView(this)),
      classView_(new QChartView(this)), throttle_(new QTimer(this)) {
    setObjectName(QStringLiteral("chartsView"));
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(0, 0, 0, 0);
    lay->addWidget(timelineView_, 1);
    lay->addWidget(classView_, 1);
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

void ChartsView::setDark(bool dark) {
    const auto theme = dark ? QChart::ChartThemeDark : QChart::ChartThemeLight;
    timelineView_->chart()->setTheme(theme);
    classView_->chart()->setTheme(theme);
}

void ChartsView::rebuildTimeline() {
    auto* chart = new QChart();
    chart->setTitle(tr("Over the whole trace"));
    chart->legend()->setAlignment(Qt::AlignBottom);
    cursor_ = nullptr;
    if (session_->hasTrace()) {
        const auto& series = session_->trace()->series;
        auto* arenas = new QLineSeries(chart);
        arenas->setName(tr("arenas"));
        auto* pools = new QLineSeries(chart);
        pools->setName(tr("pools in use"));
        auto* bytes = new QLineSeries(chart);
        bytes->setName(tr("KiB in allocated blocks"));
        double maxLeft = 1, maxRight = 1;
        for (const SeriesPoint& p : series) {
            arenas->append(double(p.step), p.arenas);
            pools->append(double(p.step), p.poolsInUse);
            bytes->append(double(p.step), double(p.allocatedBytes) / 1024.0);
            maxLeft = std::max({maxLeft, double(p.arenas), double(p.poolsInUse)});
            maxRight = std::max(maxRight, double(p.allocatedBytes) / 1024.0);
        }
        QPen dash = pools->pen();
        dash.setStyle(Qt::DashLine);
        pools->setPen(dash);
        QPen dot = bytes->pen();
        dot.setStyle(Qt::DotLine);
        dot.setWidth(2);
        bytes->setPen(dot);
        chart->addSeries(arenas);
        chart->addSeries(pools);
        chart->addSeries(bytes);
        timeAxis_ = new QValueAxis(chart);
        timeAxis_->setTitleText(tr("step"));
        timeAxis_->setLabelFormat(QStringLiteral("%.0f"));
        timeAxis_->setRange(0, double(std::max<size_t>(1, session_->stepCount())));
        leftAxis_ = new QValueAxis(chart);
        leftAxis_->setTitleText(tr("arenas, pools"));
        leftAxis_->setLabelFormat(QStringLiteral("%.0f"));
        leftAxis_->setRange(0, maxLeft * 1.1);
        auto* right = new QValueAxis(chart);
        right->setTitleText(tr("KiB"));
        right->setLabelFormat(QStringLiteral("%.0f"));
        right->setRange(0, maxRight * 1.1);
        chart->addAxis(timeAxis_, Qt::AlignBottom);
        chart->addAxis(leftAxis_, Qt::AlignLeft);
        chart->addAxis(right, Qt::AlignRight);
        for (QLineSeries* s : {arenas, pools}) {
            s->attachAxis(timeAxis_);
            s->attachAxis(leftAxis_);
        }
        bytes->attachAxis(timeAxis_);
        bytes->attachAxis(right);
        cursor_ = new QLineSeries(chart);
        cursor_->setName(tr("current step"));
        QPen cp(QColor(0xe6, 0x55, 0x00), 2);
        cursor_->setPen(cp);
        chart->addSeries(cursor_);
        cursor_->attachAxis(timeAxis_);
        cursor_->attachAxis(leftAxis_);
    }
    QChart* old = timelineView_->chart();
    timelineView_->setChart(chart);
    delete old;
    moveCursor();
    refreshClasses();
}

void ChartsView::moveCursor() {
    if (!cursor_ || !leftAxis_)
        return;
    const double s = double(session_->step());
    cursor_->replace(QList<QPointF>{{s, 0}, {s, leftAxis_->max()}});
}

void ChartsView::refreshClasses() {
    auto* chart = new QChart();
    chart->setTitle(tr("Blocks per size class at step %1").arg(session_->step()));
    chart->legend()->setAlignment(Qt::AlignBottom);
    if (session_->hasTrace()) {
        const MallocStats st = computeStats(session_->timeline().allocator());
        auto* inUse = new QBarSet(tr("blocks in use"));
        auto* avail = new QBarSet(tr("avail blocks"));
        avail->setBrush(QBrush(QColor(0xe6, 0x9f, 0x00), Qt::BDiagPattern));
        inUse->setBrush(QColor(0x00, 0x72, 0xb2));
        QStringList cats;
        double maxV = 1;
        for (const SizeClassStats& c : st.classes) {
            *inUse << double(c.blocksInUse);
            *avail << double(c.availBlocks);
            cats << QString::number(c.size);
            maxV = std::max({maxV, double(c.blocksInUse), double(c.availBlocks)});
        }
        auto* series = new QBarSeries(chart);
        series->append(inUse);
        series->append(avail);
        chart->addSeries(series);
        auto* x = new QBarCategoryAxis(chart);
        x->append(cats);
        x->setTitleText(tr("block size (bytes)"));
        auto* y = new QValueAxis(chart);
        y->setRange(0, maxV * 1.1);
        y->setLabelFormat(QStringLiteral("%.0f"));
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        series->attachAxis(x);
        series->attachAxis(y);
    }
    QChart* old = classView_->chart();
    classView_->setChart(chart);
    delete old;
}

} // namespace arenascope::views
