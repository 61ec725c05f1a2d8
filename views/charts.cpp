// Building the charts. Series are told apart by line style as well as colour
// (solid, dashed, dotted; bars solid or hatched) so the print theme and
// colour-blind readers lose nothing.
#include "views/charts.h"

#include "model/pymalloc/mallocstats.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QCoreApplication>
#include <QLineSeries>
#include <QValueAxis>

namespace arenascope::views {
namespace {

// The context lupdate gives to tr() in free functions of this namespace.
QString tr(const char* s) { return QCoreApplication::translate("arenascope::views", s); }

QChart* newChart(const Theme& t, const QString& title) {
    auto* chart = new QChart();
    chart->setTheme(t.kind == ThemeKind::Dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    if (t.kind == ThemeKind::Print) {
        chart->setBackgroundBrush(Qt::white);
        chart->setTitleBrush(Qt::black);
        chart->legend()->setLabelColor(Qt::black);
    }
    chart->setTitle(title);
    chart->setTitleFont(t.font(10, true));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setFont(t.font(8));
    return chart;
}

QColor ink(const Theme& t, QColor colour) { return t.kind == ThemeKind::Print ? QColor(Qt::black) : colour; }

QValueAxis* countAxis(QChart* chart, const Theme& t, const QString& title, double max) {
    auto* a = new QValueAxis(chart);
    a->setTitleText(title);
    a->setLabelFormat(QStringLiteral("%.0f"));
    a->setRange(0, max);
    a->setLabelsFont(t.font(7));
    a->setTitleFont(t.font(8));
    return a;
}

} // namespace

TimelineChart makeTimelineChart(const LoadedTrace* trace, const Theme& t) {
    TimelineChart c;
    c.chart = newChart(t, tr("Over the whole trace"));
    if (!trace)
        return c;
    QChart* chart = c.chart;
    auto line = [&](const QString& name, QColor colour, Qt::PenStyle style, qreal width) {
        auto* s = new QLineSeries(chart);
        s->setName(name);
        s->setPen(QPen(ink(t, colour), width, style));
        return s;
    };
    QLineSeries* arenas = line(tr("arenas"), QColor(0x00, 0x72, 0xb2), Qt::SolidLine, 2);
    QLineSeries* pools = line(tr("pools in use"), QColor(0xcc, 0x79, 0xa7), Qt::DashLine, 2);
    QLineSeries* bytes = line(tr("KiB in allocated blocks"), QColor(0x00, 0x9e, 0x73), Qt::DotLine, 2);
    double maxLeft = 1, maxRight = 1;
    for (const SeriesPoint& p : trace->series) {
        arenas->append(double(p.step), p.arenas);
        pools->append(double(p.step), p.poolsInUse);
        bytes->append(double(p.step), double(p.allocatedBytes) / 1024.0);
        maxLeft = std::max({maxLeft, double(p.arenas), double(p.poolsInUse)});
        maxRight = std::max(maxRight, double(p.allocatedBytes) / 1024.0);
    }
    for (QLineSeries* s : {arenas, pools, bytes})
        chart->addSeries(s);
    QValueAxis* time = countAxis(chart, t, tr("step"),
                                 double(std::max<size_t>(1, trace->store ? trace->store->size() : 1)));
    c.countAxis = countAxis(chart, t, tr("arenas, pools"), maxLeft * 1.1);
    QValueAxis* kib = countAxis(chart, t, tr("KiB"), maxRight * 1.1);
    chart->addAxis(time, Qt::AlignBottom);
    chart->addAxis(c.countAxis, Qt::AlignLeft);
    chart->addAxis(kib, Qt::AlignRight);
    for (QLineSeries* s : {arenas, pools}) {
        s->attachAxis(time);
        s->attachAxis(c.countAxis);
    }
    bytes->attachAxis(time);
    bytes->attachAxis(kib);
    c.cursor = line(tr("current step"), t.highlight, t.kind == ThemeKind::Print ? Qt::DashDotLine : Qt::SolidLine,
                    2);
    chart->addSeries(c.cursor);
    c.cursor->attachAxis(time);
    c.cursor->attachAxis(c.countAxis);
    return c;
}

void moveTimelineCursor(const TimelineChart& c, size_t step) {
    if (!c.cursor || !c.countAxis)
        return;
    const double s = double(step);
    c.cursor->replace(QList<QPointF>{{s, 0}, {s, c.countAxis->max()}});
}

QChart* makeClassChart(const Allocator* allocator, size_t step, const Theme& t) {
    QChart* chart = newChart(t, tr("Blocks per size class at step %1").arg(step));
    if (!allocator)
        return chart;
    const MallocStats st = computeStats(*allocator);
    // The page colours of the pool view: allocated solid, free hatched.
    auto* inUse = new QBarSet(tr("blocks in use"));
    inUse->setBrush(QBrush(t.blockAllocated, Qt::SolidPattern));
    inUse->setPen(QPen(t.text, 0.5));
    auto* avail = new QBarSet(tr("avail blocks"));
    avail->setBrush(QBrush(t.blockFree, Qt::BDiagPattern));
    avail->setPen(QPen(t.text, 0.5));
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
    x->setLabelsFont(t.font(7));
    x->setTitleFont(t.font(8));
    QValueAxis* y = countAxis(chart, t, tr("blocks"), maxV * 1.1);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    return chart;
}

} // namespace arenascope::views
