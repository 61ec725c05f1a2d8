// Composing a picture: header text, the body drawn by paintHeap, paintPool or
// the charts, and the legend underneath.
#include "views/picture.h"

#include "views/charts.h"
#include "views/gcpainter.h"
#include "views/heaplayout.h"
#include "views/painters.h"

#include <QChart>
#include <QCoreApplication>
#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QLocale>
#include <QPainter>

#include <cmath>

namespace arenascope::views {
namespace {

QString tr(const char* s) { return QCoreApplication::translate("arenascope::views::Picture", s); }

constexpr qreal kMargin = 12, kTitleH = 24, kCaptionH = 16;
// Wider than this, a picture is drawn larger instead of with more columns.
constexpr qreal kLogicalWidthCap = 1600;

// Text is measured and drawn at 96 dpi in every format, so a PNG, an SVG
// and a PDF of the same picture agree.
QImage& measuringDevice() {
    static QImage img = [] {
        QImage i(1, 1, QImage::Format_ARGB32_Premultiplied);
        i.setDotsPerMeterX(qRound(Picture::kDpi / 0.0254));
        i.setDotsPerMeterY(qRound(Picture::kDpi / 0.0254));
        return i;
    }();
    return img;
}

qreal heapBottomLimit(qreal width) { return std::max<qreal>(420, width * 0.7); }

} // namespace

Picture::Picture(const Timeline& timeline, const PictureRequest& request)
    : timeline_(timeline), request_(request), theme_(Theme::make(request.theme)) {
    request_.width = std::clamp(request_.width, kMinWidth, kMaxWidth);
    layOut();
}

QSize Picture::pixelSize() const {
    return QSize(request_.width, int(std::ceil(size_.height() * scale_)));
}

bool Picture::hasPool() const {
    const Allocator& a = timeline_.allocator();
    return request_.pool != kNoPool && request_.pool < a.state().pools.size() &&
           a.poolState(request_.pool) != PoolState::Uncarved;
}

qreal Picture::headerHeight() const {
    return kMargin + kTitleH + qreal(caption().size()) * kCaptionH + 8;
}

bool Picture::hasGcScene() const { return request_.view == PictureView::Gc && request_.scenario; }

qreal Picture::gcZoom(const GcLayout& l) const {
    // Narrow pictures shrink the graph to fit; wide ones draw it at its size.
    const qreal inner = size_.width() - 2 * kMargin;
    return std::min<qreal>(1, inner / std::max<qreal>(1, l.size().width()));
}

void Picture::layOut() {
    scale_ = std::max<qreal>(1, request_.width / kLogicalWidthCap);
    const qreal width = request_.width / scale_;
    const qreal inner = width - 2 * kMargin;
    const Allocator& a = timeline_.allocator();
    legendHeight_ = 0;
    switch (request_.view) {
    case PictureView::Heap: {
        // The largest zoom (up to 1.5) at which the cards fit the width and a
        // page-like height; with many arenas the picture grows taller instead.
        HeapLayout l;
        for (zoom_ = 1.5; zoom_ > 0.15; zoom_ /= 1.1) {
            l.compute(a, {zoom_, inner});
            if (l.size().width() <= inner && l.size().height() <= heapBottomLimit(width))
                break;
        }
        zoom_ = std::max<qreal>(zoom_, 0.15);
        l.compute(a, {zoom_, inner});
        bodyHeight_ = l.size().height();
        legendHeight_ = legendHeight(theme_, LegendKind::Heap, inner, &measuringDevice());
        break;
    }
    case PictureView::Pool: {
        if (!hasPool()) {
            bodyHeight_ = 60;
            break;
        }
        PoolLayout l;
        l.compute(a, request_.pool, QRectF(0, 0, inner, 1e6));
        const unsigned rows = (l.blocks + unsigned(l.columns) - 1) / unsigned(l.columns);
        bodyHeight_ = l.pages.top() + rows * (l.pageW * 1.4 + 1) + 2;
        legendHeight_ = legendHeight(theme_, LegendKind::Pool, inner, &measuringDevice());
        break;
    }
    case PictureView::Charts:
        bodyHeight_ = 2 * std::max<qreal>(260, inner * 0.42) + 8;
        break;
    case PictureView::Gc: {
        if (!hasGcScene()) {
            bodyHeight_ = 60;
            break;
        }
        GcLayout l;
        l.compute(request_.scenario->scene);
        size_.setWidth(width);  // gcZoom reads it
        bodyHeight_ = l.size().height() * gcZoom(l);
        legendHeight_ = legendHeight(theme_, LegendKind::Gc, inner, &measuringDevice());
        break;
    }
    }
    size_ = QSizeF(width, headerHeight() + bodyHeight_ + (legendHeight_ > 0 ? legendHeight_ + 6 : 0) + kMargin);
}

QString Picture::title() const {
    const Allocator& a = timeline_.allocator();
    QString what;
    switch (request_.view) {
    case PictureView::Heap: what = tr("The heap: arenas (tables) and their pools (books)"); break;
    case PictureView::Pool:
        what = hasPool() ? tr("Pool %1 and its blocks (pages)").arg(hex(a.poolAddress(request_.pool)))
                         : tr("No pool selected");
        break;
    case PictureView::Charts: what = tr("Arenas, pools and blocks over time"); break;
    case PictureView::Gc: what = tr("The collector: frames, objects and their references"); break;
    }
    return request_.inputName.isEmpty() ? what : tr("%1 \u2014 %2").arg(what, request_.inputName);
}

QStringList Picture::caption() const {
    const QLocale loc;
    const size_t step = timeline_.step();
    QString event;
    if (step == 0) {
        event = tr("before the first event");
    } else {
        const TraceStore& s = timeline_.store();
        event = tr("event applied: %1 (line %2)")
                    .arg(QString::fromStdString(formatEvent(s.event(step - 1))))
                    .arg(s.lineOf(step - 1));
        if (s.flags(step - 1) & kMismatch)
            event += tr(", a mismatch");
    }
    const SeriesPoint totals = sampleTotals(timeline_.allocator(), step);
    const Profile& pr = timeline_.profile();
    const ScenarioPicture* scenario = request_.scenario.get();
    const QString reason = scenario && !scenario->profileReason.isEmpty()
                               ? scenario->profileReason
                               : QString::fromStdString(timeline_.trace().profileReason);
    QStringList lines;
    if (scenario)
        lines << tr("scenario operation %1 of %2 \u00b7 %3")
                     .arg(loc.toString(qulonglong(scenario->step)), loc.toString(qulonglong(scenario->stepCount)),
                          scenario->stepText);
    // A GC picture's step is the scenario's; its trace event says nothing there.
    if (request_.view != PictureView::Gc || !scenario)
        lines << tr("step %1 of %2 \u00b7 %3").arg(loc.toString(qulonglong(step)),
                                                 loc.toString(qulonglong(timeline_.stepCount())), event);
    return lines
           << tr("profile %1 (%2) \u00b7 arenas: %3 \u00b7 pools in use: %4 \u00b7 bytes in allocated blocks: %5")
                .arg(QString::fromStdString(pr.name), reason)
                .arg(totals.arenas)
                .arg(totals.poolsInUse)
                .arg(loc.toString(qulonglong(totals.allocatedBytes)));
}

void Picture::paint(QPainter& p) const {
    const Theme& t = theme_;
    const QRectF all(QPointF(0, 0), size_);
    p.fillRect(all, t.background);
    const qreal inner = size_.width() - 2 * kMargin;

    // Header.
    QFont titleFont = t.font(12, true);
    p.setFont(titleFont);
    p.setPen(t.text);
    const QFontMetricsF titleMetrics(titleFont, &measuringDevice());
    p.drawText(QRectF(kMargin, kMargin, inner, kTitleH), Qt::AlignLeft | Qt::AlignVCenter,
               titleMetrics.elidedText(title(), Qt::ElideRight, inner));
    const QFont captionFont = t.font(8.5);
    p.setFont(captionFont);
    p.setPen(t.mutedText);
    const QFontMetricsF captionMetrics(captionFont, &measuringDevice());
    qreal y = kMargin + kTitleH;
    for (const QString& line : caption()) {
        p.drawText(QRectF(kMargin, y, inner, kCaptionH), Qt::AlignLeft | Qt::AlignVCenter,
                   captionMetrics.elidedText(line, Qt::ElideRight, inner));
        y += kCaptionH;
    }
    const QRectF body(kMargin, headerHeight(), inner, bodyHeight_);

    const Allocator& a = timeline_.allocator();
    const size_t step = timeline_.step();
    const Change change = step ? timeline_.resultOf(step - 1).change : Change();
    switch (request_.view) {
    case PictureView::Heap: {
        HeapLayout l;
        l.compute(a, {zoom_, inner});
        HeapPaintOptions o;
        o.theme = t;
        o.selectedPool = request_.selectedPool;
        o.highlight = change;
        p.save();
        p.translate(body.topLeft());
        paintHeap(p, l, a, o);
        p.restore();
        break;
    }
    case PictureView::Pool: {
        if (!hasPool()) {
            p.setPen(t.mutedText);
            p.drawText(body, Qt::AlignCenter, tr("No carved pool is selected at this step."));
            break;
        }
        PoolLayout l;
        l.compute(a, request_.pool, body);
        PoolPaintOptions o;
        o.theme = t;
        for (unsigned i = 0; i < change.nblocks; ++i)
            o.highlightBlocks[i] = change.blocks[i];
        o.selectedBlock = request_.selectedBlock;
        paintPool(p, l, a, request_.pool, o);
        break;
    }
    case PictureView::Charts: {
        // Charts are graphics items: a scene renders them onto this painter.
        const qreal h = (bodyHeight_ - 8) / 2;
        TimelineChart timeline = makeTimelineChart(&timeline_.trace(), t);
        moveTimelineCursor(timeline, step);
        QChart* classes = makeClassChart(&a, step, t);
        QGraphicsScene scene;
        scene.addItem(timeline.chart);
        scene.addItem(classes);
        timeline.chart->setGeometry(QRectF(0, 0, inner, h));
        classes->setGeometry(QRectF(0, h + 8, inner, h));
        const QRectF source(0, 0, inner, bodyHeight_);
        scene.setSceneRect(source);
        scene.render(&p, body, source);
        break;
    }
    case PictureView::Gc: {
        if (!hasGcScene()) {
            p.setPen(t.mutedText);
            p.drawText(body, Qt::AlignCenter, tr("The collector's view needs a scenario."));
            break;
        }
        GcLayout l;
        l.compute(request_.scenario->scene);
        GcPaintOptions o;
        o.theme = t;
        p.save();
        p.translate(body.topLeft());
        p.scale(gcZoom(l), gcZoom(l));
        paintGc(p, l, request_.scenario->scene, o);
        p.restore();
        break;
    }
    }
    if (legendHeight_ > 0) {
        const LegendKind kind = request_.view == PictureView::Heap ? LegendKind::Heap
                                : request_.view == PictureView::Gc ? LegendKind::Gc
                                                                   : LegendKind::Pool;
        paintLegend(p, QRectF(kMargin, body.bottom() + 6, inner, legendHeight_), t, kind);
    }
}

QImage Picture::toImage() const {
    QImage img(pixelSize(), QImage::Format_ARGB32_Premultiplied);
    img.setDotsPerMeterX(qRound(kDpi / 0.0254));
    img.setDotsPerMeterY(qRound(kDpi / 0.0254));
    img.fill(theme_.background);
    QPainter p(&img);
    p.setRenderHint(QPainter::TextAntialiasing);
    p.scale(scale_, scale_);
    paint(p);
    return img;
}

} // namespace arenascope::views
