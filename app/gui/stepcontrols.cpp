// StepControls: playback batches steps per frame so that playing at 100,000
// events a second redraws at most once a frame.
#include "app/gui/stepcontrols.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QSpinBox>
#include <QStyle>
#include <QStyleOptionSlider>
#include <QTimer>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

#include <cstdlib>

namespace arenascope::app {
namespace {

// The slider's range is capped at INT32_MAX steps (refresh()); so are marks.
int sliderValue(uint64_t step) { return int(std::min<uint64_t>(step, INT32_MAX)); }

} // namespace

int MarkedSlider::xOf(int value) const {
    QStyleOptionSlider opt;
    initStyleOption(&opt);
    const QRect groove = style()->subControlRect(QStyle::CC_Slider, &opt, QStyle::SC_SliderGroove, this);
    const QRect handle = style()->subControlRect(QStyle::CC_Slider, &opt, QStyle::SC_SliderHandle, this);
    return groove.left() + handle.width() / 2 +
           QStyle::sliderPositionFromValue(minimum(), maximum(), value, groove.width() - handle.width());
}

void MarkedSlider::paintEvent(QPaintEvent* e) {
    QSlider::paintEvent(e);
    if (markers_.empty() && gcMarkers_.empty())
        return;
    QPainter p(this);
    p.setPen(QPen(QColor(0xe6, 0x55, 0x00), 1));
    for (int v : markers_) {
        const int x = xOf(v);
        p.drawLine(x, 0, x, 4);
        p.drawLine(x, height() - 5, x, height() - 1);
    }
    // A collection is a triangle under the groove in the text colour: a shape
    // and a colour of its own, so it is told from an arena tick (and from the
    // groove's highlight) in any theme. Full collections are filled, so the
    // script's gc.collect() calls stand out from the frequent young ones.
    p.setRenderHint(QPainter::Antialiasing);
    const QColor ink = palette().color(QPalette::WindowText);
    p.setPen(QPen(ink, 1));
    for (const Mark& m : gcMarkers_) {
        p.setBrush(m.full ? QBrush(ink) : QBrush(palette().color(QPalette::Window)));
        const double x = xOf(m.value) + 0.5, bottom = height() - 0.5;
        const QPointF tri[3] = {{x, bottom - 7.0}, {x - 4.0, bottom}, {x + 4.0, bottom}};
        p.drawPolygon(tri, 3);
    }
}

const MarkedSlider::Mark* MarkedSlider::gcMarkAt(const QPoint& pos) const {
    if (pos.y() < height() / 2)
        return nullptr;
    const Mark* best = nullptr;
    int bestDistance = 5;  // the triangle's half-width, and a pixel to spare
    for (const Mark& m : gcMarkers_) {
        const int d = std::abs(xOf(m.value) - pos.x());
        if (d < bestDistance) {
            best = &m;
            bestDistance = d;
        }
    }
    return best;
}

bool MarkedSlider::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(e);
        if (const Mark* m = gcMarkAt(help->pos())) {
            QToolTip::showText(help->globalPos(), m->tip, this);
            return true;
        }
    }
    return QSlider::event(e);
}

void MarkedSlider::mousePressEvent(QMouseEvent* e) {
    // A click on a collection's triangle goes to it, not a page along.
    if (const Mark* m = gcMarkAt(e->position().toPoint()); m && e->button() == Qt::LeftButton) {
        setValue(m->value);
        e->accept();
        return;
    }
    QSlider::mousePressEvent(e);
}

StepControls::StepControls(views::Session* session, QWidget* parent)
    : QWidget(parent), session_(session), timer_(new QTimer(this)) {
    setObjectName(QStringLiteral("stepControls"));
    // The slider gets the window's full width but the counter's: its marks
    // (often many, late in a recording) need the room.
    auto* rows = new QVBoxLayout(this);
    rows->setContentsMargins(4, 2, 4, 2);
    auto* lay = new QHBoxLayout;
    auto button = [&](QStyle::StandardPixmap icon, const QString& tip) {
        auto* b = new QToolButton(this);
        b->setIcon(style()->standardIcon(icon));
        b->setToolTip(tip);
        b->setAutoRaise(true);
        lay->addWidget(b);
        return b;
    };
    start_ = button(QStyle::SP_MediaSkipBackward, tr("To start (Home)"));
    back_ = button(QStyle::SP_MediaSeekBackward, tr("Step back (Left)"));
    play_ = button(QStyle::SP_MediaPlay, tr("Play / pause (Space)"));
    forward_ = button(QStyle::SP_MediaSeekForward, tr("Step forward (Right)"));
    end_ = button(QStyle::SP_MediaSkipForward, tr("To end (End)"));
    lay->addWidget(new QLabel(tr("Step by:"), this));
    stepBy_ = new QComboBox(this);
    stepBy_->setObjectName(QStringLiteral("stepBy"));
    stepBy_->addItem(tr("event"), int(StepKind::Event));
    stepBy_->addItem(tr("allocation"), int(StepKind::Allocation));
    stepBy_->addItem(tr("pool state change"), int(StepKind::PoolStateChange));
    stepBy_->addItem(tr("arena change"), int(StepKind::ArenaChange));
    stepBy_->addItem(tr("mismatch"), int(StepKind::Mismatch));
    stepBy_->setToolTip(tr("Shift+Left / Shift+Right step by this kind"));
    lay->addWidget(stepBy_);
    lay->addWidget(new QLabel(tr("Speed:"), this));
    speed_ = new QSpinBox(this);
    speed_->setRange(1, 1000000);
    speed_->setValue(20);
    speed_->setSuffix(tr(" events/s"));
    speed_->setObjectName(QStringLiteral("speed"));
    lay->addWidget(speed_);
    // On a 1024-pixel projector beside a program's docks the row is
    // narrower than its widgets like: these give way first (the size they
    // like stays theirs when there is room).
    stepBy_->setMinimumWidth(70);
    speed_->setMinimumWidth(60);
    slider_ = new MarkedSlider(Qt::Horizontal, this);
    slider_->setObjectName(QStringLiteral("timelineSlider"));
    // As rich text, the long tip wraps at a reading width instead of
    // running across the screen.
    slider_->setToolTip(QStringLiteral("<p>%1</p>").arg(
        tr("Drag to scrub; orange ticks mark arenas mapped or given back, "
           "triangles below it the collector's runs, filled for full collections "
           "(point at one for details, click to go there)")
            .toHtmlEscaped()));
    // The counter beside the slider: the buttons' row is the one that must
    // fit beside a program's docks.
    auto* top = new QHBoxLayout;
    top->addWidget(slider_, 1);
    counter_ = new QLabel(this);
    counter_->setObjectName(QStringLiteral("stepCounter"));
    counter_->setMinimumWidth(120);
    top->addWidget(counter_);
    rows->addLayout(top);
    rows->addLayout(lay);
    lay->addStretch(1);

    connect(start_, &QToolButton::clicked, session_, [this] { session_->seek(0); });
    connect(back_, &QToolButton::clicked, session_, &views::Session::back);
    connect(forward_, &QToolButton::clicked, session_, &views::Session::forward);
    connect(end_, &QToolButton::clicked, session_, [this] { session_->seek(session_->stepCount()); });
    connect(play_, &QToolButton::clicked, this, &StepControls::togglePlay);
    connect(slider_, &QSlider::valueChanged, this, [this](int v) {
        if (int(session_->step()) != v)
            session_->seek(qulonglong(v));
    });
    connect(session_, &views::Session::stepChanged, this, &StepControls::refresh);
    connect(session_, &views::Session::traceChanged, this, [this] {
        timer_->stop();
        refresh();
        std::vector<int> marks;
        std::vector<MarkedSlider::Mark> collections;
        if (session_->hasTrace()) {
            const TraceStore& s = session_->timeline().store();
            for (size_t i = 0; i < s.size() && marks.size() < 2000; ++i)
                if (s.flags(i) & (kArenaAllocated | kArenaFreed))
                    marks.push_back(sliderValue(i + 1));
            for (const GcRun& run : s.gcRuns())
                if (collections.size() < 2000)
                    collections.push_back({sliderValue(run.startStep), collectionTip(run), run.generation == 2});
        }
        slider_->setMarkers(std::move(marks));
        slider_->setGcMarkers(std::move(collections));
    });
    timer_->setInterval(16);
    connect(timer_, &QTimer::timeout, this, &StepControls::tick);
    refresh();
}

StepKind StepControls::stepKind() const { return StepKind(stepBy_->currentData().toInt()); }
bool StepControls::playing() const { return timer_->isActive(); }
int StepControls::speed() const { return speed_->value(); }
void StepControls::setSpeed(int v) { speed_->setValue(v); }

std::vector<uint64_t> StepControls::collectionMarkers() const {
    std::vector<uint64_t> steps;
    for (const MarkedSlider::Mark& m : slider_->gcMarkers())
        steps.push_back(uint64_t(m.value));
    return steps;
}

QString StepControls::collectionTip(const GcRun& run) const {
    if (!run.stopped)
        return tr("Collection of generation %1 from step %L2 (the trace ends inside it)")
            .arg(run.generation)
            .arg(run.startStep);
    return tr("Collection of generation %1, steps %L2 to %L3: %L4 collected, %L5 uncollectable")
        .arg(run.generation)
        .arg(run.startStep)
        .arg(run.stopStep)
        .arg(run.collected)
        .arg(run.uncollectable);
}

void StepControls::togglePlay() {
    if (timer_->isActive()) {
        timer_->stop();
    } else if (session_->hasTrace()) {
        if (session_->step() >= session_->stepCount())
            session_->seek(0);
        owed_ = 0;
        timer_->start();
    }
    refresh();
}

void StepControls::tick() {
    // Apply this frame's share of steps, then let the views redraw once.
    owed_ += speed_->value() * timer_->interval() / 1000.0;
    const size_t n = size_t(owed_);
    owed_ -= double(n);
    if (n == 0)
        return;
    const size_t target = std::min(session_->stepCount(), session_->step() + n);
    if (n == 1)
        session_->forward();
    else
        session_->seek(target);
    if (session_->step() >= session_->stepCount())
        timer_->stop();
}

void StepControls::stepKindForward() { session_->stepBy(stepKind(), true); }
void StepControls::stepKindBack() { session_->stepBy(stepKind(), false); }

void StepControls::refresh() {
    const bool has = session_->hasTrace();
    for (QWidget* w : {static_cast<QWidget*>(start_), static_cast<QWidget*>(back_),
                       static_cast<QWidget*>(play_), static_cast<QWidget*>(forward_),
                       static_cast<QWidget*>(end_), static_cast<QWidget*>(slider_)})
        w->setEnabled(has);
    play_->setIcon(style()->standardIcon(timer_->isActive() ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    const QSignalBlocker block(slider_);
    slider_->setRange(0, int(std::min<size_t>(session_->stepCount(), INT32_MAX)));
    slider_->setValue(int(session_->step()));
    counter_->setText(tr("step %L1 of %L2").arg(session_->step()).arg(session_->stepCount()));
}

} // namespace arenascope::app
